import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSingleFlight } from '../../ui/use-single-flight';

export type DialTarget = { leadId: string } | { phone: string };

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^\+?[0-9][0-9 ()\-.]{2,38}$/;

/** What the agent typed: a lead id, a phone number (national or E.164, spaces and dashes allowed), or neither (null). */
export function dialTarget(text: string): DialTarget | null {
  const typed = text.trim();
  if (LEAD_ID.test(typed)) return { leadId: typed };
  return PHONE.test(typed) ? { phone: typed } : null;
}

/** Dial a lead by hand, by its id or its number: the api applies every gate and, when one refuses, says which and why. */
export function ManualDial({ onDial }: { onDial(target: DialTarget): Promise<string | null> }) {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const once = useSingleFlight();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = dialTarget(String(new FormData(event.currentTarget).get('target') ?? ''));
    if (!target) {
      setRefusal(t('desk.manual.notATarget'));
      return;
    }
    await once(async () => {
      setBusy(true);
      setRefusal(await onDial(target));
      setBusy(false);
    });
  }
  return (
    <form className="manual-dial" onSubmit={submit}>
      <label>
        {t('desk.manual.target')}
        <input name="target" required autoComplete="off" inputMode="tel" placeholder={t('desk.manual.targetExample')} />
      </label>
      <button type="submit" disabled={busy}>
        {t('desk.manual.dial')}
      </button>
      {refusal && (
        <p className="field-error" role="alert" data-testid="manual-refusal">
          {t('desk.manual.refused', { message: refusal })}
        </p>
      )}
    </form>
  );
}
