import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCampaignOptions } from '../../api/campaign-options';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { instantOfLocalInput } from '../../ui/date-time-input';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { ConsentTabs } from './consent-tabs';

type Consent = components['schemas']['ConsentView'];
type ConsentType = components['schemas']['RecordConsentDto']['type'];
type RevocationScope = NonNullable<components['schemas']['RevokeConsentDto']['scope']>;

const TYPES: ConsentType[] = ['autodialed_calls', 'prerecorded_calls', 'marketing_calls', 'recording'];
const SCOPES: RevocationScope[] = ['campaign', 'product', 'all'];

/** Revokes one consent: what the person said, and where it applies (default: the consent's campaign, or every call). */
function RevokeForm({ consent, onDone, onCancel }: { consent: Consent; onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ content: '', scope: '' as '' | RevocationScope, product: '', receivedAt: '' });
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const revoke = useSingleFlightMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/consents/{id}/revoke', {
          params: { path: { id: consent.id } },
          body: {
            content: form.content.trim(),
            scope: form.scope || undefined,
            campaignId: form.scope === 'campaign' ? (consent.campaignId ?? undefined) : undefined,
            product: form.scope === 'product' ? form.product.trim() : undefined,
            receivedAt: instantOfLocalInput(form.receivedAt),
          },
        }),
      ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['consents'] });
      void queryClient.invalidateQueries({ queryKey: ['revocations'] });
      onDone(t('consents.revoked', { consents: result.consentsRevoked, leads: result.leadsBlocked }));
    },
  });
  const revokeProblem = useFieldErrors(revoke.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={t('consents.revokeTitle')} onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="consent-revoke">
      <strong>{t('consents.revokeTitle')}</strong>
      <label>
        {t('consents.content')}
        <textarea name="content" {...revokeProblem('content').control} required maxLength={2000} rows={2} autoFocus value={form.content} onChange={(event) => set({ content: event.target.value })} />
        {revokeProblem('content').message}
      </label>
      <div className="cx-grid">
        <label>
          {t('consents.scope')}
          <select name="scope" {...revokeProblem('scope').control} value={form.scope} onChange={(event) => set({ scope: event.target.value as typeof form.scope })}>
            <option value="">{t('consents.defaultScope')}</option>
            {SCOPES.filter((scope) => scope !== 'campaign' || consent.campaignId).map((scope) => (
              <option key={scope} value={scope}>
                {t(`consents.scopes.${scope}`)}
              </option>
            ))}
          </select>
          {revokeProblem('scope').message}
        </label>
        {form.scope === 'product' && (
          <label>
            {t('consents.product')}
            <input name="product" {...revokeProblem('product').control} required maxLength={200} value={form.product} onChange={(event) => set({ product: event.target.value })} />
            {revokeProblem('product').message}
          </label>
        )}
        <label>
          {t('consents.receivedAt')}
          <input type="datetime-local" name="receivedAt" {...revokeProblem('receivedAt').control} value={form.receivedAt} onChange={(event) => set({ receivedAt: event.target.value })} />
          {revokeProblem('receivedAt').message}
        </label>
      </div>
      {revoke.isError && <ErrorNotice error={revoke.error} />}
      <div className="row">
        <button type="submit" className="danger" disabled={revoke.isPending || !form.content.trim()}>
          {t('consents.revokeConfirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The consents of one number, and the revocations received from it. */
function NumberLedger({ phone, country, onNotice }: { phone: string; country: string; onNotice: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [revoking, setRevoking] = useState<string | null>(null);
  const ledger = useQuery({
    queryKey: ['consents', phone, country],
    queryFn: () => unwrap(api.GET('/consents', { params: { query: { phone, country: country || undefined } } })),
  });
  const campaigns = useCampaignOptions(api);
  const campaignName = (id: string | null) => (id ? (campaigns.data?.find((c) => c.id === id)?.name ?? id) : t('consents.everyCampaign'));
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <QueryState query={ledger}>
      {(data) => (
        <>
          <h3>{t('consents.consentsOf', { phone: data.phone })}</h3>
          {data.consents.length === 0 ? (
            <p className="empty">{t('consents.noConsents')}</p>
          ) : (
            <table className="data" data-testid="consents">
              <thead>
                <tr>
                  <th>{t('consents.type')}</th>
                  <th>{t('consents.campaign')}</th>
                  <th>{t('consents.grantedAt')}</th>
                  <th>{t('consents.source')}</th>
                  <th>{t('consents.evidence')}</th>
                  <th>{t('consents.status')}</th>
                  <th>{t('consents.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.consents.map((consent) => (
                  <tr key={consent.id} data-consent={consent.id} data-revoked={consent.revokedAt ? 'yes' : 'no'}>
                    <td>{t(`consents.types.${consent.type}`, { defaultValue: consent.type })}</td>
                    <td>{campaignName(consent.campaignId)}</td>
                    <td>{formatDateTime(consent.grantedAt, language)}</td>
                    <td>{consent.source}</td>
                    <td>{consent.evidence ?? ''}</td>
                    <td className="consent-status">
                      {consent.revokedAt ? t('consents.revokedAt', { at: formatDateTime(consent.revokedAt, language) }) : <span className="ok">{t('consents.active')}</span>}
                    </td>
                    <td>
                      {!consent.revokedAt &&
                        (revoking === consent.id ? (
                          <RevokeForm
                            consent={consent}
                            onCancel={() => setRevoking(null)}
                            onDone={(message) => {
                              setRevoking(null);
                              onNotice(message);
                            }}
                          />
                        ) : (
                          <button type="button" onClick={() => setRevoking(consent.id)}>
                            {t('consents.revoke')}
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('consents.revocationsOf', { phone: data.phone })}</h3>
          {data.revocations.length === 0 ? (
            <p className="empty">{t('consents.noRevocations')}</p>
          ) : (
            <table className="data" data-testid="revocations">
              <thead>
                <tr>
                  <th>{t('consents.col.received')}</th>
                  <th>{t('consents.col.channel')}</th>
                  <th>{t('consents.col.content')}</th>
                  <th>{t('consents.col.scope')}</th>
                  <th>{t('consents.col.honoured')}</th>
                </tr>
              </thead>
              <tbody>
                {data.revocations.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.receivedAt, language)}</td>
                    <td>{t(`common.revocationChannels.${r.channel}`, { defaultValue: r.channel })}</td>
                    <td>{r.content}</td>
                    <td>{t(`consents.scopes.${r.scope}`, { defaultValue: r.scope })}</td>
                    <td>{r.honouredAt ? formatDateTime(r.honouredAt, language) : t('consents.notHonoured')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </QueryState>
  );
}

/** Records a prior express consent with its evidence. */
function RecordForm({ onRecorded }: { onRecorded: (phone: string, country: string) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ phone: '', country: '', type: 'autodialed_calls' as ConsentType, grantedAt: '', source: '', evidence: '', campaignId: '' });
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const campaigns = useCampaignOptions(api);
  const record = useSingleFlightMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/consents', {
          body: {
            phone: form.phone.trim(),
            country: form.country.trim() ? form.country.trim().toUpperCase() : undefined,
            type: form.type,
            // An unreadable date-time goes as typed, so the api names the field.
            grantedAt: instantOfLocalInput(form.grantedAt) ?? form.grantedAt,
            source: form.source.trim(),
            evidence: form.evidence.trim() || undefined,
            campaignId: form.campaignId || undefined,
          },
        }),
      ),
    onSuccess: (consent) => {
      void queryClient.invalidateQueries({ queryKey: ['consents'] });
      onRecorded(consent.phone, '');
      setForm((current) => ({ ...current, phone: '', evidence: '' }));
    },
  });
  const recordProblem = useFieldErrors(record.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={t('consents.record')} data-testid="consent-record">
      <div className="cx-grid">
        <label>
          {t('consents.phone')}
          <input name="phone" {...recordProblem('phone').control} required maxLength={40} value={form.phone} onChange={(event) => set({ phone: event.target.value })} />
          <span className="hint">{t('consents.phoneHint')}</span>
          {recordProblem('phone').message}
        </label>
        <label>
          {t('consents.country')}
          <input name="country" {...recordProblem('country').control} maxLength={2} placeholder="US" value={form.country} onChange={(event) => set({ country: event.target.value })} />
          {recordProblem('country').message}
        </label>
        <label>
          {t('consents.type')}
          <select name="type" {...recordProblem('type').control} value={form.type} onChange={(event) => set({ type: event.target.value as ConsentType })}>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`consents.types.${type}`)}
              </option>
            ))}
          </select>
          {recordProblem('type').message}
        </label>
        <label>
          {t('consents.grantedAt')}
          <input type="datetime-local" name="grantedAt" {...recordProblem('grantedAt').control} required value={form.grantedAt} onChange={(event) => set({ grantedAt: event.target.value })} />
          {recordProblem('grantedAt').message}
        </label>
        <label>
          {t('consents.source')}
          <input name="source" {...recordProblem('source').control} required maxLength={200} placeholder="web form" value={form.source} onChange={(event) => set({ source: event.target.value })} />
          {recordProblem('source').message}
        </label>
        <label>
          {t('consents.campaign')}
          <select name="campaignId" {...recordProblem('campaignId').control} value={form.campaignId} onChange={(event) => set({ campaignId: event.target.value })}>
            <option value="">{t('consents.everyCampaign')}</option>
            {campaigns.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {recordProblem('campaignId').message}
        </label>
      </div>
      <label>
        {t('consents.evidence')}
        <textarea name="evidence" {...recordProblem('evidence').control} maxLength={4000} rows={2} value={form.evidence} onChange={(event) => set({ evidence: event.target.value })} />
        {recordProblem('evidence').message}
      </label>
      {record.isError && <ErrorNotice error={record.error} />}
      <button type="submit" className="primary" disabled={record.isPending}>
        {t('consents.recordButton')}
      </button>
    </form>
  );
}

/** Consents: search a number's ledger, revoke, record. The number searched is in the address (`?phone=`). */
export function ConsentsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const phone = params.get('phone') ?? '';
  const country = params.get('country') ?? '';
  const [draft, setDraft] = useState({ phone, country });
  const [notice, setNotice] = useState<string | null>(null);
  const show = (next: { phone: string; country: string }) => {
    setDraft(next);
    setParams(next.phone ? { phone: next.phone, ...(next.country ? { country: next.country.toUpperCase() } : {}) } : {});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    show({ phone: draft.phone.trim(), country: draft.country.trim() });
  };
  return (
    <Page title={t('consents.title')}>
      <ConsentTabs />
      <div className="cx-stack">
        {notice && <Banner tone="info">{notice}</Banner>}
        <Panel title={t('consents.search')} id="cx-consent-search">
          <form className="cx-inline" onSubmit={submit} aria-label={t('consents.search')} data-testid="consent-search">
            <label>
              {t('consents.phone')}
              <input name="phone" required maxLength={40} value={draft.phone} onChange={(event) => setDraft({ ...draft, phone: event.target.value })} />
            </label>
            <label>
              {t('consents.country')}
              <input name="country" maxLength={2} placeholder="US" value={draft.country} onChange={(event) => setDraft({ ...draft, country: event.target.value })} />
            </label>
            <button type="submit" className="primary">
              {t('consents.searchButton')}
            </button>
          </form>
          {phone ? <NumberLedger phone={phone} country={country} onNotice={setNotice} /> : <p className="empty">{t('consents.searchFirst')}</p>}
        </Panel>
        <Panel title={t('consents.record')} id="cx-consent-record">
          <RecordForm
            onRecorded={(recordedPhone, recordedCountry) => {
              setNotice(t('consents.recorded', { phone: recordedPhone }));
              show({ phone: recordedPhone, country: recordedCountry });
            }}
          />
        </Panel>
      </div>
    </Page>
  );
}
