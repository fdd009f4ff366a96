import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Page } from '../../ui/page';
import { QueryState } from '../../ui/query-state';
import { CAMPAIGNS_PATH, campaignPath } from './campaign-paths';
import type { Campaign } from './campaign-types';
import { StatusBadge } from './status-badge';

const percent = (share: number, locale?: string) => share.toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** A campaign's row: its live figures load on their own (and refresh while it dials). */
function CampaignRow({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const live = campaign.status === 'active' || campaign.status === 'paused';
  const stats = useQuery({
    queryKey: ['campaigns', campaign.id, 'stats'],
    queryFn: () => unwrap(api.GET('/campaigns/{id}/stats', { params: { path: { id: campaign.id } } })),
    refetchInterval: campaign.status === 'active' ? 5_000 : false,
    enabled: campaign.status !== 'draft',
  });
  const number = (n: number) => n.toLocaleString(i18n.resolvedLanguage);
  const figures = stats.data;
  const cell = (value: string | undefined, key: string) => (
    <td className="num" data-figure={key}>
      {campaign.status === 'draft' ? '—' : stats.isError ? <span className="field-error" title={String(stats.error)}>{t('campaigns.table.unavailable')}</span> : (value ?? '…')}
    </td>
  );
  const overCap = figures ? figures.window.abandonRate > figures.window.capRate : false;
  return (
    <tr data-campaign={campaign.id}>
      <td>
        <Link to={campaignPath(campaign.id)}>{campaign.name}</Link>
      </td>
      <td>
        <StatusBadge status={campaign.status} />
      </td>
      <td>{t(`campaigns.modes.${campaign.dialingMode}`)}</td>
      <td>{t(`campaigns.jurisdictions.${campaign.jurisdiction}`)}</td>
      {cell(figures && number(figures.lastHour.dials), 'dials')}
      {cell(figures && number(figures.lastHour.liveAnswers), 'liveAnswers')}
      {cell(figures && number(figures.lastHour.connects), 'connects')}
      <td className={`num${overCap ? ' field-error' : ''}`} data-figure="abandonRate">
        {campaign.status === 'draft' || !figures ? '—' : `${percent(figures.window.abandonRate, i18n.resolvedLanguage)} / ${percent(figures.window.capRate, i18n.resolvedLanguage)}`}
      </td>
      {cell(figures && (live ? number(figures.inFlight) : '0'), 'inFlight')}
    </tr>
  );
}

/** All campaigns with their status and live figures; the way to a new one. */
export function CampaignsTable() {
  const { t } = useTranslation();
  const { api } = useSession();
  const campaigns = useQuery({ queryKey: ['campaigns', 'all'], queryFn: () => unwrap(api.GET('/campaigns')) });
  return (
    <Page
      title={t('campaigns.title')}
      actions={
        <Link className="cmp-link-button" to={`${CAMPAIGNS_PATH}/new`}>
          {t('campaigns.new')}
        </Link>
      }
    >
      <QueryState query={campaigns} isEmpty={(rows) => rows.length === 0} empty={t('campaigns.table.empty')}>
        {(rows) => (
          <table className="data cmp-table">
            <caption className="cmp-sr-only">{t('campaigns.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.fields.name')}</th>
                <th scope="col">{t('campaigns.table.status')}</th>
                <th scope="col">{t('campaigns.fields.dialingMode')}</th>
                <th scope="col">{t('campaigns.fields.jurisdiction')}</th>
                <th scope="col" className="num">
                  {t('campaigns.table.dials')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.table.liveAnswers')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.table.connects')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.table.abandonRate')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.table.inFlight')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((campaign) => (
                <CampaignRow key={campaign.id} campaign={campaign} />
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <p className="hint">{t('campaigns.table.figuresHint')}</p>
    </Page>
  );
}
