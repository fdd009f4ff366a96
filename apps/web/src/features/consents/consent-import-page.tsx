import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { PHONE_FIELDS } from '../lists/import-wizard/import-form';
import { ImportWizard } from '../lists/import-wizard/import-wizard';
import { Page } from '../../ui/page';

/**
 * A consent list loaded through the lists' import wizard (progress, counts,
 * rejection report, undo). Its strings live with the wizard's, in features/lists/locales.ts.
 */
export function ConsentImportPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const [country, setCountry] = useState('JP');
  const [campaignId, setCampaignId] = useState('');
  return (
    <Page title={t('lists.consentImport.title')} actions={<Link to="/compliance/consents">{t('lists.consentImport.back')}</Link>}>
      <div className="panel">
        <div className="panel-body">
          <div className="row lists-create-row">
            <label>
              {t('lists.consentImport.country')}
              <input name="country" required minLength={2} maxLength={2} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
            </label>
            <label>
              {t('lists.consentImport.campaignId')}
              <input name="campaignId" value={campaignId} onChange={(e) => setCampaignId(e.target.value)} />
            </label>
          </div>
          <ImportWizard
            fields={{ country, campaignId: campaignId.trim() || undefined }}
            ready={country.trim().length === 2}
            mappable={PHONE_FIELDS}
            preview={(form) => unwrap(api.POST('/consents/imports/preview', { body: form as never }))}
            upload={(form) => unwrap(api.POST('/consents/imports', { body: form as never }))}
            undoQuestion={t('lists.consentImport.undoQuestion')}
            hint={t('lists.consentImport.hint')}
            onChanged={() => void client.invalidateQueries({ queryKey: ['consents'] })}
          />
        </div>
      </div>
    </Page>
  );
}
