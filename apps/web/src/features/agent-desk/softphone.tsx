import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverNow } from '../../api/server-clock';
import { Banner } from '../../ui/banner';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export interface AudioStatus {
  mode: 'emulated' | 'twilio';
  connected: boolean;
}

interface Props {
  audio: AudioStatus | null;
  connecting: boolean;
  error: string | null;
  onCall: boolean;
  callStartedAtMs: number | null;
  muted: boolean;
  onConnect(): void;
  onDisconnect(): void;
  onMute(on: boolean): void;
  onHangUp(): void;
  onDigit(digit: string): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
/** Ctrl+H on a call younger than this asks to be pressed again (UI.md): a slip as the callee answers ends nothing. */
const CONFIRM_UNDER_MS = 3_000;
/** How long the second press is awaited. */
const CONFIRM_WINDOW_MS = 3_000;

/** Audio status, connect / disconnect, mute, hang up, DTMF keypad, call timer. */
export function Softphone(props: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const [keypad, setKeypad] = useState(false);
  const [confirmUntil, setConfirmUntil] = useState<number | null>(null);
  const { audio, onCall } = props;
  const confirming = onCall && confirmUntil !== null && now < confirmUntil;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!event.ctrlKey) return;
      if (event.key === 'm' || event.key === 'M') {
        event.preventDefault();
        props.onMute(!props.muted);
      } else if ((event.key === 'h' || event.key === 'H') && onCall) {
        event.preventDefault();
        // On the server's clock, as the call's start is (a browser clock ahead would make every call look old).
        const at = serverNow();
        const young = props.callStartedAtMs !== null && at - props.callStartedAtMs < CONFIRM_UNDER_MS;
        if (young && !(confirmUntil !== null && at < confirmUntil)) {
          setConfirmUntil(at + CONFIRM_WINDOW_MS);
          return;
        }
        setConfirmUntil(null);
        props.onHangUp();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props, onCall, confirmUntil]);

  return (
    <div className="softphone" data-testid="softphone">
      <p className="muted" data-testid="audio-mode">
        {audio?.mode === 'emulated' ? t('desk.audio.emulated') : t('desk.audio.real')}
      </p>
      <p data-testid="audio-status" data-connected={audio?.connected ? 'yes' : 'no'} className={audio?.connected ? 'ok' : 'warn'}>
        {props.connecting ? t('desk.audio.connecting') : audio?.connected ? t('desk.audio.connected') : t('desk.audio.disconnectedState')}
      </p>
      {props.error && <Banner tone="error">{props.error}</Banner>}
      <div className="row">
        {audio?.connected ? (
          <button type="button" onClick={props.onDisconnect} disabled={onCall}>
            {t('desk.audio.disconnect')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={props.onConnect} disabled={props.connecting}>
            {t('desk.audio.connect')}
          </button>
        )}
        <button type="button" onClick={() => props.onMute(!props.muted)} disabled={!audio?.connected} aria-pressed={props.muted}>
          {props.muted ? t('desk.audio.unmute') : t('desk.audio.mute')}
        </button>
        <button type="button" className="danger" onClick={props.onHangUp} disabled={!onCall}>
          {t('desk.audio.hangUp')}
        </button>
        <button type="button" onClick={() => setKeypad(!keypad)} aria-expanded={keypad} disabled={!audio?.connected}>
          {t('desk.audio.keypad')}
        </button>
      </div>
      {confirming && (
        <p className="hint" role="status" data-testid="hang-up-confirm">
          {t('desk.audio.hangUpConfirm')}
        </p>
      )}
      {onCall && props.callStartedAtMs && (
        <p className="call-timer" data-testid="call-timer">
          {t('desk.audio.callTimer', { duration: formatDuration(now - props.callStartedAtMs) })}
        </p>
      )}
      {keypad && (
        <div className="keypad" role="group" aria-label={t('desk.audio.keypad')}>
          {KEYS.map((key) => (
            <button key={key} type="button" onClick={() => props.onDigit(key)}>
              {key}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
