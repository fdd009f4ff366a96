import type { FloorCampaign } from '@dialer/desk-events';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { pacerReasonKey } from './wallboard-figures';

/** A campaign's pacing and "why is it not dialing", in words. */
export function CampaignStatus({ campaign, showName }: { campaign: FloorCampaign; showName: boolean }) {
  const { t, i18n } = useTranslation();
  const { stats, why } = campaign;
  const pacing = stats.pacing;
  return (
    <section className="panel wb-campaign" aria-label={campaign.name} data-campaign={stats.campaignId}>
      <div className="panel-body">
        {showName && (
          <p className="campaign-name">
            {t('wallboard.campaignStatus', { name: campaign.name, status: t(`wallboard.statuses.${stats.status}`, { defaultValue: stats.status }), mode: t(`wallboard.modes.${stats.mode}`, { defaultValue: stats.mode }) })}
          </p>
        )}
        <h2 className="wb-subhead">{t('wallboard.pacing.title')}</h2>
        {pacing ? (
          <>
            <p className="wb-pacing">{t('wallboard.pacing.level', { level: formatNumber(pacing.dialLevel, i18n.language), inFlight: stats.inFlight, toPlace: pacing.callsToPlace })}</p>
            <p className="muted wb-pacer-reason">{t('wallboard.pacing.reason', { reason: t(`wallboard.pacing.reasons.${pacerReasonKey(pacing.reason)}`, { defaultValue: pacing.reason }) })}</p>
          </>
        ) : (
          <p className="muted">{t('wallboard.pacing.noLeader')}</p>
        )}
        <h2 className="wb-subhead">{t('wallboard.why.title')}</h2>
        {why.dialing ? (
          <p className="ok wb-why">{t('wallboard.why.dialing')}</p>
        ) : (
          <ul className="wb-why">
            {why.reasons.map((reason) => (
              <li key={reason.code} data-code={reason.code} title={t('wallboard.why.detail', { message: reason.message })}>
                {t(`wallboard.why.codes.${reason.code}`, { defaultValue: reason.message })}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
