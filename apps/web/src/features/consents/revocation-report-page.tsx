import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { instantOfLocalInput, localInputOf } from '../../ui/date-time-input';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { ConsentTabs } from './consent-tabs';

const DAY_MS = 86_400_000;

/** Revocations received vs honoured in a period, with the lag in US business days; over 10 flagged. */
export function RevocationReportPage() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [draft, setDraft] = useState(() => ({ from: localInputOf(new Date(Date.now() - 30 * DAY_MS)), to: '' }));
  const [range, setRange] = useState(draft);
  const query = { from: instantOfLocalInput(range.from), to: instantOfLocalInput(range.to) };
  const report = useQuery({ queryKey: ['revocations', 'report', query], queryFn: () => unwrap(api.GET('/reports/revocations', { params: { query } })) });
  const language = i18n.resolvedLanguage ?? 'en';
  const number = (n: number) => n.toLocaleString(language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRange(draft);
  };
  return (
    <Page title={t('consents.title')}>
      <ConsentTabs />
      <Panel title={t('consents.report')} id="cx-revocation-report">
        <p className="hint">{t('consents.reportHint')}</p>
        <form className="cx-inline" onSubmit={submit} aria-label={t('consents.report')}>
          <label>
            {t('consents.from')}
            <input type="datetime-local" name="from" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
          </label>
          <label>
            {t('consents.to')}
            <input type="datetime-local" name="to" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
          </label>
          <button type="submit" className="primary">
            {t('consents.show')}
          </button>
        </form>
        <QueryState query={report}>
          {(data) => (
            <>
              <div className="cx-figures" data-testid="revocation-figures">
                <div>
                  <span className="muted">{t('consents.received')}</span>
                  <strong>{number(data.received)}</strong>
                </div>
                <div>
                  <span className="muted">{t('consents.honoured')}</span>
                  <strong>{number(data.honoured)}</strong>
                </div>
                <div>
                  <span className="muted">{t('consents.overDeadline')}</span>
                  <strong className={data.overDeadline > 0 ? 'cx-flag' : undefined}>{number(data.overDeadline)}</strong>
                </div>
              </div>
              {data.items.length === 0 ? (
                <p className="empty">{t('consents.reportEmpty')}</p>
              ) : (
                <table className="data" data-testid="revocation-report">
                  <thead>
                    <tr>
                      <th>{t('consents.col.received')}</th>
                      <th>{t('consents.phone')}</th>
                      <th>{t('consents.col.channel')}</th>
                      <th>{t('consents.col.content')}</th>
                      <th>{t('consents.col.scope')}</th>
                      <th>{t('consents.col.honoured')}</th>
                      <th className="num">{t('consents.col.lag')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr key={row.id} className={row.overDeadline ? 'cx-flagged' : undefined} data-over-deadline={row.overDeadline ? 'yes' : 'no'}>
                        <td>{formatDateTime(row.receivedAt, language)}</td>
                        <td>{row.phone}</td>
                        <td>{t(`common.revocationChannels.${row.channel}`, { defaultValue: row.channel })}</td>
                        <td>{row.content}</td>
                        <td>{t(`consents.scopes.${row.scope}`, { defaultValue: row.scope })}</td>
                        <td>{row.honouredAt ? formatDateTime(row.honouredAt, language) : t('consents.notHonoured')}</td>
                        <td className="num">
                          {number(row.lagBusinessDays)}
                          {row.overDeadline && <span className="cx-flag"> ⚠ {t('consents.flagged')}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </QueryState>
      </Panel>
    </Page>
  );
}
