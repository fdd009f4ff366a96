import { useTranslation } from 'react-i18next';
import type { Campaign } from './campaign-types';

/** A campaign's status as a coloured word (the colour repeats what the word says). */
export function StatusBadge({ status }: { status: Campaign['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`cmp-status cmp-status-${status}`} data-status={status}>
      {t(`campaigns.statuses.${status}`)}
    </span>
  );
}
