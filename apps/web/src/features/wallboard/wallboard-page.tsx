import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCampaignOptions } from '../../api/campaign-options';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { AgentGrid } from './agent-grid';
import { CampaignStatus } from './campaign-status';
import { useFloor } from './use-floor';
import { WallboardCharts } from './wallboard-charts';
import { minuteSeries, sortAgents, tilesOf } from './wallboard-figures';
import { WallboardTiles } from './wallboard-tiles';

/** The live floor wallboard: one campaign (?campaign=…) or the whole floor, pushed over the /floor socket. */
export function WallboardPage() {
  const { t } = useTranslation();
  const { api, session, expire } = useSession();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign');
  const floor = useFloor(session!.accessToken, campaignId, expire);
  const options = useCampaignOptions(api);
  // A draft has no floor to watch.
  const choices = useMemo(() => (options.data ?? []).filter((c) => c.status !== 'draft'), [options.data]);

  const snapshot = floor.snapshot;
  const campaigns = snapshot?.campaigns ?? [];
  const tiles = useMemo(() => tilesOf(campaigns), [campaigns]);
  const minutes = useMemo(() => minuteSeries(campaigns), [campaigns]);
  const agents = useMemo(() => sortAgents(campaigns.flatMap((campaign) => campaign.stats.agents.list)), [campaigns]);
  const liveNames = useMemo(() => new Map(campaigns.map((c) => [c.stats.campaignId, c.name])), [campaigns]);
  const names = campaignId ? null : liveNames;

  const picker = (
    <label className="wb-picker">
      {t('wallboard.view')}
      <select
        value={campaignId ?? ''}
        onChange={(event) => setParams(event.target.value ? { campaign: event.target.value } : {})}
        aria-describedby="wb-live"
      >
        <option value="">{t('wallboard.wholeFloor')}</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {/* The floor pushes a rename at once; the list of campaigns was fetched when the page opened. */}
            {liveNames.get(choice.id) ?? choice.name}
          </option>
        ))}
        {campaignId && !choices.some((choice) => choice.id === campaignId) && <option value={campaignId}>{campaigns[0]?.name ?? campaignId}</option>}
      </select>
    </label>
  );

  return (
    <Page
      title={t('wallboard.title')}
      actions={
        <>
          {picker}
          <span id="wb-live" className={`wb-live ${floor.live ? 'wb-live-on' : ''}`} role="status">
            {floor.live ? t('wallboard.live') : snapshot ? t('wallboard.reconnecting') : t('wallboard.connecting')}
          </span>
        </>
      }
    >
      {floor.error && <Banner tone="error">{floor.error.message}</Banner>}
      {!snapshot && !floor.error && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {snapshot && campaigns.length === 0 && <p className="empty">{t('wallboard.noCampaigns')}</p>}
      {snapshot && campaigns.length > 0 && (
        <div className="wallboard">
          <WallboardTiles tiles={tiles} />
          <div className="wb-status">
            {campaigns.map((campaign) => (
              <CampaignStatus key={campaign.stats.campaignId} campaign={campaign} showName={campaigns.length > 1 || !campaignId} />
            ))}
          </div>
          <WallboardCharts minutes={minutes} abandon={floor.abandonSamples} />
          <Panel title={t('wallboard.grid.title')} id="wb-agents">
            <AgentGrid agents={agents} campaignNames={names} />
          </Panel>
        </div>
      )}
    </Page>
  );
}
