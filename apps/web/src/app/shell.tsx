import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { LANGUAGES } from './i18n';
import { sectionsFor } from './navigation';
import { useSession } from './session';

/** The frame of every page: the product's name, the language switch, who is signed in, the sections of their role. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <strong className="brand">{t('app.title')}</strong>
        <span className="spacer" />
        <label className="lang">
          {t('app.language')}{' '}
          <select value={i18n.resolvedLanguage} onChange={(event) => void i18n.changeLanguage(event.target.value)} name="language">
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {language === 'ja' ? '日本語' : 'English'}
              </option>
            ))}
          </select>
        </label>
        {session && (
          <>
            <span className="who">{session.user.displayName}</span>
            <button type="button" onClick={signOut}>
              {t('app.signOut')}
            </button>
          </>
        )}
      </header>
      {session && sectionsFor(session.user.role).length > 1 && (
        <nav className="nav" aria-label={t('nav.label')}>
          {sectionsFor(session.user.role).map((section) => (
            <NavLink key={section.key} to={section.path}>
              {t(`nav.${section.key}`)}
            </NavLink>
          ))}
        </nav>
      )}
      {children}
    </>
  );
}
