import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The keyboard map, shown and hidden with `?` (no modal: it sits in the column). */
export function KeyboardHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.key === '?' && !(target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) setOpen((o) => !o);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <details className="keys" open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('desk.keys.show')}</summary>
      <ul>
        {(['codes', 'save', 'escape', 'mute', 'hangUp', 'help'] as const).map((key) => (
          <li key={key}>{t(`desk.keys.${key}`)}</li>
        ))}
      </ul>
    </details>
  );
}
