import type { DeskScreenPop } from '@dialer/desk-events';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverNow } from '../../api/server-clock';
import { useNow } from '../../ui/use-now';

/** Preview mode: the lead to call next, a countdown to its own dial, dial and skip. */
export function PreviewCard({ preview, onDial, onSkip, error }: { preview: DeskScreenPop; onDial(): void; onSkip(): void; error: string | null }) {
  const { t } = useTranslation();
  const now = useNow(250);
  // On the clock `useNow` reads (the server's).
  const [shownAt] = useState(serverNow);
  const [busy, setBusy] = useState(false);
  useEffect(() => setBusy(false), [preview.attemptId]);
  // `busy` disables the buttons a render late; the ref answers a double click's second event at once.
  const actedOn = useRef<string | null>(null);
  const act = (action: () => void) => {
    if (actedOn.current === preview.attemptId) return;
    actedOn.current = preview.attemptId;
    setBusy(true);
    action();
  };
  const left = preview.autoDialAfterSec ? Math.max(0, Math.ceil(preview.autoDialAfterSec - (now - shownAt) / 1000)) : null;
  const name = preview.lead.custom.full_name ?? ([preview.lead.lastName, preview.lead.firstName].filter(Boolean).join(' ') || preview.lead.phone);
  return (
    <div className="preview" data-testid="preview" data-attempt={preview.attemptId}>
      <strong data-testid="preview-name">{name}</strong>
      <div>{preview.lead.phone}</div>
      {preview.localTime && (
        <div className="muted">
          {preview.localTime.time} ({preview.localTime.zone})
        </div>
      )}
      {left !== null && <div data-testid="preview-countdown">{t('desk.preview.countdown', { seconds: left })}</div>}
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => act(onDial)}>
          {t('desk.preview.dial')}
        </button>
        <button type="button" disabled={busy} onClick={() => act(onSkip)}>
          {t('desk.preview.skip')}
        </button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
