import { useTranslation } from 'react-i18next';

export interface TodayFigures {
  calls: number;
  contacts: number;
  successes: number;
}

/** The agent's figures for the day (the server's, counted as the KPI report counts them), each with its plural. */
export function TodayCounts({ today }: { today: TodayFigures | undefined }) {
  const { t } = useTranslation();
  if (!today) return null;
  return (
    <p className="muted" data-testid="today-counts" title={t('desk.todayTitle')}>
      {t('desk.today', {
        calls: t('desk.todayCalls', { count: today.calls }),
        contacts: t('desk.todayContacts', { count: today.contacts }),
        successes: t('desk.todaySuccesses', { count: today.successes }),
      })}
    </p>
  );
}
