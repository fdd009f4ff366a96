import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { formatMoney, formatPercent } from '../../ui/format';
import { Panel } from '../../ui/panel';
import { ProgressBar } from '../../ui/progress-bar';
import { QueryState } from '../../ui/query-state';

/** A list of the campaign's: its penetration, called and reached by pass, what is left, what is blocked. */
export function PenetrationSection({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [listId, setListId] = useState('');
  const lists = useQuery({
    queryKey: ['campaigns', campaignId, 'lists'],
    queryFn: async () => (await unwrap(api.GET('/campaigns/{id}/lists', { params: { path: { id: campaignId } } }))),
  });
  const report = useQuery({
    queryKey: ['reports', 'penetration', listId],
    enabled: listId !== '',
    queryFn: () => unwrap(api.GET('/reports/lists/{id}/penetration', { params: { path: { id: listId } } })),
  });
  const num = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  return (
    <Panel title={t('reports.penetration.title')} id="rp-penetration">
      <label>
        {t('reports.penetration.list')}
        <select name="list" value={listId} onChange={(event) => setListId(event.target.value)}>
          <option value="">{t('reports.penetration.chooseList')}</option>
          {(lists.data ?? []).map((list) => (
            <option key={list.listId} value={list.listId}>
              {list.name}
            </option>
          ))}
        </select>
      </label>
      {listId !== '' && (
        <QueryState query={report} isEmpty={(data) => data.leads === 0} empty={t('reports.penetration.empty')}>
          {(data) => (
            <>
              <table className="data rp-penetration">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.penetration.pass')}</th>
                    <th scope="col" className="num">{t('reports.penetration.attempted')}</th>
                    <th scope="col" className="num">{t('reports.penetration.reached')}</th>
                    <th scope="col">{t('reports.penetration.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.passes.map((pass) => (
                    <tr key={pass.pass}>
                      <th scope="row">{t('reports.penetration.passN', { n: pass.pass })}</th>
                      <td className="num">{num(pass.attempted)}</td>
                      <td className="num">{num(pass.reached)}</td>
                      <td>
                        <ProgressBar value={pass.attempted} max={data.leads} label={t('reports.penetration.shareOf', { n: pass.pass })} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="facts rp-lead-states">
                <div className="fact">
                  <dt>{t('reports.penetration.leads')}</dt>
                  <dd>{num(data.leads)}</dd>
                </div>
                <div className="fact">
                  <dt>{t('reports.penetration.remaining')}</dt>
                  <dd>{num(data.remaining)}</dd>
                </div>
                <div className="fact">
                  <dt>{t('reports.penetration.done')}</dt>
                  <dd>{num(data.done)}</dd>
                </div>
                <div className="fact">
                  <dt>{t('reports.penetration.exhausted')}</dt>
                  <dd>{num(data.exhausted)}</dd>
                </div>
                {data.blocked.map((blocked) => (
                  <div className="fact" key={blocked.reason}>
                    <dt>{t('reports.penetration.blocked', { reason: t(`reports.penetration.reasons.${blocked.reason}`, { defaultValue: blocked.reason }) })}</dt>
                    <dd>{num(blocked.leads)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </QueryState>
      )}
    </Panel>
  );
}

/** Promises stored before amounts and dates were checked: counted above, their figures left out, and the reader told so. */
function UnreadablePromises({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <p className="hint" role="note" data-testid="rp-promises-unreadable">
      {t('reports.promises.unreadable', { count })}
    </p>
  );
}

/** Survey answers per question, and collections promises to pay, of a campaign. */
export function OutcomeSections({ campaignId, range }: { campaignId: string; range: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const locale = i18n.language;
  const survey = useQuery({
    queryKey: ['reports', 'survey', campaignId, range],
    queryFn: () => unwrap(api.GET('/reports/campaigns/{id}/survey', { params: { path: { id: campaignId }, query: range } })),
  });
  const promises = useQuery({
    queryKey: ['reports', 'promises', campaignId, range],
    queryFn: () => unwrap(api.GET('/reports/campaigns/{id}/promises', { params: { path: { id: campaignId }, query: range } })),
  });
  return (
    <>
        <Panel title={t('reports.survey.title')} id="rp-survey">
          <QueryState query={survey} isEmpty={(data) => data.questions.length === 0} empty={t('reports.survey.empty')}>
            {(data) => (
              <div className="rp-survey">
                {data.questions.map((question) => (
                  <table className="data" key={question.questionId}>
                    <caption>{question.prompt ? `${question.questionId}: ${question.prompt}` : question.questionId}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('reports.survey.answer')}</th>
                        <th scope="col" className="num">{t('reports.survey.count')}</th>
                        <th scope="col">{t('reports.survey.share')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {question.answers.map((answer) => (
                        <tr key={answer.answer}>
                          <th scope="row">{answer.answer}</th>
                          <td className="num">{answer.count}</td>
                          <td>
                            <ProgressBar value={answer.count} max={question.respondents} label={formatPercent(answer.count / question.respondents, locale)} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
              </div>
            )}
          </QueryState>
        </Panel>
        <Panel title={t('reports.promises.title')} id="rp-promises">
          <QueryState query={promises} isEmpty={(data) => data.currencies.length === 0} empty={t('reports.promises.empty')}>
            {(data) => (
            <>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.promises.currency')}</th>
                    <th scope="col" className="num">{t('reports.promises.count')}</th>
                    <th scope="col" className="num">{t('reports.promises.amount')}</th>
                    <th scope="col" className="num">{t('reports.promises.kept')}</th>
                    <th scope="col" className="num">{t('reports.promises.keptAmount')}</th>
                    <th scope="col" className="num">{t('reports.promises.broken')}</th>
                    <th scope="col" className="num">{t('reports.promises.pending')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.currencies.map((row) => (
                    <tr key={row.currency}>
                      <th scope="row">{row.currency}</th>
                      <td className="num">{row.count}</td>
                      <td className="num">{formatMoney(row.amount, row.currency, locale)}</td>
                      <td className="num">{row.kept}</td>
                      <td className="num">{formatMoney(row.keptAmount, row.currency, locale)}</td>
                      <td className="num">{row.broken}</td>
                      <td className="num">{row.pending}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <UnreadablePromises count={data.currencies.reduce((sum, row) => sum + row.unreadable, 0)} />
            </>
          )}
        </QueryState>
      </Panel>
    </>
  );
}
