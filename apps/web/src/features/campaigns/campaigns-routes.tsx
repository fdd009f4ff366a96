import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { Page } from '../../ui/page';
import { CampaignPage } from './campaign-page';
import { CAMPAIGNS_PATH } from './campaign-paths';
import { CampaignsTable } from './campaigns-table';
import { SettingsForm } from './settings-form';

/** A new campaign: the same form as editing, with the kind and the jurisdiction still open. */
function NewCampaign() {
  const { t } = useTranslation();
  return (
    <Page
      title={t('campaigns.newTitle')}
      actions={
        <Link to={CAMPAIGNS_PATH} className="cmp-back">
          {t('campaigns.backToAll')}
        </Link>
      }
    >
      <p className="hint">{t('campaigns.newHint')}</p>
      <SettingsForm dispositionCodes={[]} />
    </Page>
  );
}

/** Campaigns: the table, a new campaign, and one campaign's settings, script, survey, dispositions and lists. */
export function CampaignsRoutes() {
  return (
    <Routes>
      <Route index element={<CampaignsTable />} />
      <Route path="new" element={<NewCampaign />} />
      <Route path=":id/*" element={<CampaignPage />} />
    </Routes>
  );
}
