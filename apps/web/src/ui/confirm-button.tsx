import { ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A destructive action asked twice: the first press shows the question with
 * confirm and cancel (focus moves to cancel, the safe choice); Esc cancels.
 */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  disabled,
  tone = 'danger',
}: {
  label: ReactNode;
  question: ReactNode;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: 'danger' | 'primary';
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  // Whether the question was open: when it closes (confirmed, cancelled, Esc) focus goes back to the
  // button, not to the page's top, so a keyboard user stays where they were.
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (wasAsking.current) trigger.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" ref={trigger} className={tone} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" onKeyDown={(event) => event.key === 'Escape' && setAsking(false)}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={tone}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.confirm')}
      </button>
      <button type="button" ref={cancel} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
