import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { PHONE_FIELDS } from '../lists/import-wizard/import-form';
import { ImportWizard } from '../lists/import-wizard/import-wizard';
import { Page } from '../../ui/page';

type Scope = 'global' | 'campaign' | 'product';
type Source = 'import' | 'registry';

/**
 * A do-not-call list or a national registry extract, loaded through the
 * lists' import wizard (progress, counts, rejection report, undo). Its
 * strings live with the wizard's, in features/lists/locales.ts.
 */
export function DncImportPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const [country, setCountry] = useState('JP');
  const [scope, setScope] = useState<Scope>('global');
  const [campaignId, setCampaignId] = useState('');
  const [product, setProduct] = useState('');
  const [source, setSource] = useState<Source>('import');
  const [registryDate, setRegistryDate] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const fields = {
    country,
    scope,
    campaignId: scope === 'campaign' ? campaignId.trim() : undefined,
    product: scope === 'product' ? product.trim() : undefined,
    source,
    registryDate: source === 'registry' ? registryDate : undefined,
    expiresAt: expiresAt ? new Date(expiresAt).toISOString() : undefined,
  };
  const ready = country.trim().length === 2 && (scope !== 'campaign' || campaignId.trim() !== '') && (scope !== 'product' || product.trim() !== '');
  return (
    <Page title={t('lists.dncImport.title')} actions={<Link to="/compliance/dnc">{t('lists.dncImport.back')}</Link>}>
      <div className="panel">
        <div className="panel-body">
          <div className="row lists-create-row">
            <label>
              {t('lists.dncImport.country')}
              <input name="country" required minLength={2} maxLength={2} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
            </label>
            <label>
              {t('lists.dncImport.scope')}
              <select name="scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
                {(['global', 'campaign', 'product'] as const).map((value) => (
                  <option key={value} value={value}>
                    {t(`lists.dncImport.scopes.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            {scope === 'campaign' && (
              <label>
                {t('lists.dncImport.campaignId')}
                <input name="campaignId" required value={campaignId} onChange={(e) => setCampaignId(e.target.value)} />
              </label>
            )}
            {scope === 'product' && (
              <label>
                {t('lists.dncImport.product')}
                <input name="product" required maxLength={200} value={product} onChange={(e) => setProduct(e.target.value)} />
              </label>
            )}
          </div>
          <div className="row lists-create-row">
            <label>
              {t('lists.dncImport.source')}
              <select name="source" value={source} onChange={(e) => setSource(e.target.value as Source)}>
                {(['import', 'registry'] as const).map((value) => (
                  <option key={value} value={value}>
                    {t(`lists.dncImport.sources.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            {source === 'registry' && (
              <label>
                {t('lists.dncImport.registryDate')}
                <input name="registryDate" type="date" value={registryDate} onChange={(e) => setRegistryDate(e.target.value)} />
              </label>
            )}
            <label>
              {t('lists.dncImport.expiresAt')}
              <input name="expiresAt" type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
            </label>
          </div>
          <ImportWizard
            fields={fields}
            ready={ready}
            mappable={PHONE_FIELDS}
            preview={(form) => unwrap(api.POST('/dnc/imports/preview', { body: form as never }))}
            upload={(form) => unwrap(api.POST('/dnc/imports', { body: form as never }))}
            undoQuestion={t('lists.dncImport.undoQuestion')}
            onChanged={() => void client.invalidateQueries({ queryKey: ['dnc'] })}
          />
        </div>
      </div>
    </Page>
  );
}
