import { useTranslation } from 'react-i18next';
import { serverNow } from '../../api/server-clock';
import { formatDateTime } from '../../ui/format';

export const DISCLOSURE_ITEMS = ['seller', 'caller', 'product', 'purpose'] as const;

interface Props {
  identity: { seller: string; purpose: string };
  agentName: string;
  checked: string[];
  confirmedAt: string | null;
  onChange(checked: string[], confirmedAt: string | null): void;
}

/**
 * 氏名等の明示 (特定商取引法 第16条): what the agent must say in the first seconds,
 * ticked item by item; the moment the last one is ticked is kept as evidence
 * and saved with the call's disposition.
 */
export function DisclosureChecklist({ identity, agentName, checked, confirmedAt, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const label = (item: (typeof DISCLOSURE_ITEMS)[number]) =>
    item === 'seller'
      ? t('desk.disclosure.seller', { seller: identity.seller })
      : item === 'caller'
        ? t('desk.disclosure.caller', { name: agentName })
        : item === 'product'
          ? t('desk.disclosure.product', { purpose: identity.purpose })
          : t('desk.disclosure.purpose');
  function toggle(item: string, on: boolean) {
    const next = on ? [...new Set([...checked, item])] : checked.filter((c) => c !== item);
    const complete = DISCLOSURE_ITEMS.every((i) => next.includes(i));
    onChange(next, complete ? (confirmedAt ?? new Date(serverNow()).toISOString()) : null);
  }
  return (
    <fieldset className="disclosure" data-testid="disclosure">
      <legend>{t('desk.disclosure.title')}</legend>
      {DISCLOSURE_ITEMS.map((item) => (
        <label key={item} className="check">
          <input type="checkbox" name={`disclosure-${item}`} checked={checked.includes(item)} onChange={(event) => toggle(item, event.target.checked)} />
          {label(item)}
        </label>
      ))}
      {confirmedAt && (
        <p className="ok" data-testid="disclosure-confirmed">
          {t('desk.disclosure.confirmedAt', { time: formatDateTime(confirmedAt, i18n.language) })}
        </p>
      )}
    </fieldset>
  );
}
