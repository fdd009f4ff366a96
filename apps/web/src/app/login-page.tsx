import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { Banner } from '../ui/banner';
import { loginFailureMessage } from './login-failure';
import { useSession } from './session';
import { homeFor } from './navigation';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn, expired } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(String(form.get('email')), String(form.get('password')));
      navigate(from && from !== '/login' ? from : homeFor(session.user.role), { replace: true });
    } catch (failure) {
      setError(loginFailureMessage(t, failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <form onSubmit={submit} aria-labelledby="login-title" className="login-form">
        <h1 id="login-title">{t('login.title')}</h1>
        {expired && <Banner tone="warning">{t('login.expired')}</Banner>}
        <label>
          {t('login.email')}
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && <Banner tone="error">{error}</Banner>}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
