import { useTranslation } from 'react-i18next';
import { useNow } from '../../ui/use-now';

interface Props {
  /** The server's deadline (extensions included); null until the dialer sets it. */
  untilMs: number | null;
  /** When the wrap-up began, and the campaign's length and maximum: the deadline before the server's, and the cap. */
  sinceMs: number;
  seconds: number;
  maxSeconds: number;
  /** Why the last "extend" was refused (the server's message), if it was. */
  error: string | null;
  onExtend(): void;
}

/** The wrap-up's time left, counted down to the server's deadline; "extend" asks the server for more. */
export function WrapUpCountdown({ untilMs, sinceMs, seconds, maxSeconds, error, onExtend }: Props) {
  const { t } = useTranslation();
  const now = useNow(250);
  const deadline = untilMs ?? sinceMs + seconds * 1000;
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  const atMaximum = deadline >= sinceMs + maxSeconds * 1000;
  return (
    <div className="wrap-up" data-testid="wrap-up" aria-live="off">
      <span data-testid="wrap-up-left" data-left={left}>
        {left > 0 ? t('desk.wrapUp.countdown', { seconds: left }) : t('desk.wrapUp.over')}
      </span>
      <button type="button" onClick={onExtend} disabled={atMaximum} title={atMaximum ? t('desk.wrapUp.atMaximum', { seconds: maxSeconds }) : undefined}>
        {t('desk.wrapUp.extend')}
      </button>
      {atMaximum && <span className="hint">{t('desk.wrapUp.atMaximum', { seconds: maxSeconds })}</span>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
