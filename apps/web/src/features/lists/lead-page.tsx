import { useQuery } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDateTime, formatDuration } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { gateText, whySummary } from './lead-why';
import { isMissing, isRecordId, LeadDetail, leadName } from './list-types';

/** One lead: what is held about it, why it is (not) being dialed, and its attempts. */
export function LeadPage() {
  const { leadId = '' } = useParams();
  const { t } = useTranslation();
  const { api } = useSession();
  const lead = useQuery({ queryKey: ['leads', leadId], queryFn: () => unwrap(api.GET('/leads/{id}', { params: { path: { id: leadId } } })), enabled: isRecordId(leadId) });
  return (
    <Page
      title={lead.data ? t('lists.lead.title', { phone: lead.data.phone }) : t('lists.search.phone')}
      actions={lead.data && <Link to={`/console/lists/${lead.data.listId}`}>{t('lists.lead.back')}</Link>}
    >
      {isMissing(leadId, lead.error) ? <p className="empty">{t('lists.lead.notFound')}</p> : <QueryState query={lead}>{(data) => <LeadBody lead={data} />}</QueryState>}
    </Page>
  );
}

function LeadBody({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language) : '');
  const facts: [string, ReactNode][] = [
    ['phone', `${lead.phone}${lead.phoneType ? ` (${lead.phoneType})` : ''}`],
    ['extension', lead.phoneExtension],
    ['altPhones', lead.altPhones.join(', ')],
    ['name', leadName(lead, language)],
    ['externalId', lead.externalId],
    ['email', lead.email],
    ['address', [lead.postalCode, lead.region].filter(Boolean).join(' ')],
    ['country', lead.country],
    ['timezone', lead.timezone ?? lead.timezoneCandidates.join(', ')],
    ['timezoneSource', lead.timezoneSource],
    [
      'status',
      <>
        {t(`lists.status.${lead.status}`, { defaultValue: lead.status })}
        {lead.blockedReason && ` (${t(`lists.blockedReason.${lead.blockedReason}`, { defaultValue: lead.blockedReason })})`}
      </>,
    ],
    ['attempts', String(lead.attemptCount)],
    ['lastDisposition', lead.lastDisposition],
    ['list', <Link to={`/console/lists/${lead.listId}`}>{lead.listName}</Link>],
    ['created', when(lead.createdAt)],
  ];
  const custom = Object.entries(lead.customFields);
  const why = lead.why;
  return (
    <div className="lists-lead">
      <Panel title={t('lists.lead.why')} id="lead-why">
        <p className={why.dialableNow ? 'ok' : 'warn'} data-testid="lead-why" data-dialable={why.dialableNow ? 'yes' : 'no'}>
          <strong>{why.dialableNow ? t('lists.lead.dialableNow') : t('lists.lead.notDialable')}</strong> — {whySummary(why, lead, t, when)}
        </p>
        {why.nextAttemptAt && <p>{t('lists.lead.nextAttempt', { at: when(why.nextAttemptAt) })}</p>}
        {why.lastSkip && <p className="muted">{t('lists.lead.lastSkip', { reason: gateText(t, why.lastSkip.code, why.lastSkip.reason), at: when(why.lastSkip.at) })}</p>}
        {why.campaigns.length === 0 ? (
          <p className="muted">{t('lists.lead.noCampaigns')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('lists.lead.campaign')}</th>
                <th scope="col">{t('lists.lead.campaignStatus')}</th>
                <th scope="col">{t('lists.lead.blocking')}</th>
              </tr>
            </thead>
            <tbody>
              {why.campaigns.map((campaign) => (
                <tr key={campaign.campaignId}>
                  <td>{campaign.name}</td>
                  <td>{t(`campaigns.statuses.${campaign.status}`, { defaultValue: campaign.status })}</td>
                  <td>
                    {campaign.blocking ? (
                      <span title={campaign.blocking.message}>{`${gateText(t, campaign.blocking.code, campaign.blocking.message)} (${campaign.blocking.code})`}</span>
                    ) : (
                      <span className="ok">{t('lists.lead.passes')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel title={t('lists.lead.details')} id="lead-details">
        <dl className="facts">
          {facts
            .filter(([, value]) => value !== null && value !== '')
            .map(([key, value]) => (
              <div className="fact" key={key}>
                <dt>{t(`lists.lead.fields.${key}`)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
        {custom.length > 0 && (
          <>
            <h3 className="lists-subhead">{t('lists.lead.fields.custom')}</h3>
            <dl className="facts">
              {custom.map(([key, value]) => (
                <div className="fact" key={key}>
                  <dt>{key}</dt>
                  <dd>{String(value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </Panel>

      <Panel title={t('lists.lead.attempts')} id="lead-attempts">
        {lead.attempts.length === 0 ? (
          <p className="empty">{t('lists.lead.noAttempts')}</p>
        ) : (
          <table className="data" data-testid="lead-attempts">
            <thead>
              <tr>
                <th scope="col">{t('lists.lead.attempt.at')}</th>
                <th scope="col">{t('lists.lead.attempt.campaign')}</th>
                <th scope="col">{t('lists.lead.attempt.phone')}</th>
                <th scope="col">{t('lists.lead.attempt.state')}</th>
                <th scope="col">{t('lists.lead.attempt.answeredBy')}</th>
                <th scope="col">{t('lists.lead.attempt.disposition')}</th>
                <th scope="col" className="num">
                  {t('lists.lead.attempt.duration')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lead.attempts.map((attempt) => (
                <tr key={attempt.id}>
                  <td>{when(attempt.initiatedAt ?? attempt.createdAt)}</td>
                  <td>{attempt.campaignName}</td>
                  <td>{attempt.phone}</td>
                  <td>
                    {attempt.state}
                    {attempt.abandoned && <span className="warn"> ({t('lists.lead.attempt.abandoned')})</span>}
                  </td>
                  <td>{attempt.answeredBy ?? ''}</td>
                  <td>{attempt.dispositionCode ?? ''}</td>
                  <td className="num">{attempt.durationSec !== null ? formatDuration(attempt.durationSec * 1000) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
