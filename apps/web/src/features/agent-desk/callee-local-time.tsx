import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { useNow } from '../../ui/use-now';

/** The callee's time now, as the user's locale writes it, kept current through the call (a minute's change shows within seconds). */
export function CalleeLocalTime({ zone }: { zone: string }) {
  const { i18n } = useTranslation();
  const now = useNow(5_000);
  return (
    <>
      {formatDateTime(new Date(now), i18n.language, zone)} ({zone})
    </>
  );
}
