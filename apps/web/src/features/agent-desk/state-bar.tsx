import type { DeskPresence } from '@dialer/desk-events';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';

/** Until the campaign's own list has loaded (the server's default list). */
export const PAUSE_REASONS = ['break', 'lunch', 'meeting', 'training', 'other'] as const;

interface Props {
  presence: DeskPresence;
  /** Ready is allowed only with audio in the room and no disposition owed. */
  readyBlockedBy: string | null;
  reasons: readonly string[];
  onReady(): void;
  onPause(reason: string): void;
}

/** The agent's state and time in it; ready / pause with a reason; "pause after this call". */
export function StateBar({ presence, readyBlockedBy, reasons, onReady, onPause }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const [picked, setPicked] = useState<string | null>(null);
  // The campaign's own list (it may arrive after the first render, or change with the campaign).
  const reason = picked !== null && reasons.includes(picked) ? picked : (reasons[0] ?? '');
  const busy = presence.state === 'reserved' || presence.state === 'on_call' || presence.state === 'wrap_up';
  const reasonLabel = (code: string) => t(`desk.reasons.${code}`, { defaultValue: code });
  return (
    <div className={`state-bar state-${presence.state}`}>
      <div className="state-now">
        {/* The state is announced when it changes; the time in it, ticking every second, is not. */}
        <span className="state-name" data-testid="agent-state" data-state={presence.state} aria-live="polite">
          {t(`desk.states.${presence.state}`)}
          {presence.state === 'paused' && presence.pauseReason ? ` · ${reasonLabel(presence.pauseReason)}` : ''}
        </span>
        <span className="state-time" data-testid="time-in-state">
          {t('desk.inState', { duration: formatDuration(now - presence.sinceMs) })}
        </span>
      </div>
      {presence.pauseAfterCall && (
        <p className="pause-after" data-testid="pause-after-call" role="status">
          {t('desk.pauseAfterCallSet', { reason: reasonLabel(presence.pauseAfterCall) })}
        </p>
      )}
      <div className="state-actions">
        <button
          type="button"
          className="primary"
          onClick={onReady}
          disabled={presence.state === 'ready' || busy || readyBlockedBy !== null}
          title={readyBlockedBy ?? undefined}
        >
          {t('desk.goReady')}
        </button>
        <label>
          {t('desk.pauseReason')}{' '}
          <select value={reason} onChange={(event) => setPicked(event.target.value)} name="pause-reason">
            {reasons.map((code) => (
              <option key={code} value={code}>
                {reasonLabel(code)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => onPause(reason)} disabled={!reason || (presence.state === 'paused' && presence.pauseReason === reason)}>
          {busy ? t('desk.pauseAfterCall') : t('desk.pause')}
        </button>
      </div>
      {readyBlockedBy && presence.state !== 'ready' && !busy && <p className="hint">{readyBlockedBy}</p>}
    </div>
  );
}
