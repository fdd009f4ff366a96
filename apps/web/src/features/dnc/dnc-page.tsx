import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCampaignOptions } from '../../api/campaign-options';
import { unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { downloadFile } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Pager } from '../../ui/pager';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { queryString } from '../../ui/query-string';
import { useSingleFlightMutation } from '../../ui/use-single-flight';

type Entry = components['schemas']['DncEntryView'];
type Scope = components['schemas']['AddDncDto']['scope'];
type Source = NonNullable<operations['DncController_list']['parameters']['query']>['source'];

const SCOPES: Scope[] = ['global', 'campaign', 'product'];
const SOURCES: NonNullable<Source>[] = ['manual', 'import', 'registry', 'disposition', 'ivr_opt_out', 'api'];
const PAGE = 50;

interface Search {
  phone: string;
  country: string;
  phonePrefix: string;
  scope: '' | Scope;
  source: '' | NonNullable<Source>;
}
const NO_SEARCH: Search = { phone: '', country: '', phonePrefix: '', scope: '', source: '' };

/** The api's filters for a search: only what was filled in. */
function filtersOf(search: Search) {
  return {
    phone: search.phone.trim() || undefined,
    country: search.phone.trim() && search.country.trim() ? search.country.trim().toUpperCase() : undefined,
    phonePrefix: search.phonePrefix.trim() || undefined,
    scope: search.scope || undefined,
    source: search.source || undefined,
  };
}

/** Where an entry applies: every campaign, one campaign (by name), one product. */
function ScopeOf({ entry, campaigns }: { entry: Entry; campaigns: Map<string, string> }) {
  const { t } = useTranslation();
  if (entry.scope === 'campaign') return <>{`${t('dnc.scopes.campaign')}: ${campaigns.get(entry.campaignId ?? '') ?? entry.campaignId}`}</>;
  if (entry.scope === 'product') return <>{`${t('dnc.scopes.product')}: ${entry.product}`}</>;
  return <>{t('dnc.scopes.global')}</>;
}

/** Why an entry is there: a revocation's in the page's language (the api's words stay in its title), else the reason as typed. */
function ReasonOf({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  if (!entry.revocation) return <>{entry.reason ?? ''}</>;
  const { channel, content } = entry.revocation;
  return <span title={entry.reason ?? undefined}>{t('dnc.revokedReason', { channel: t(`common.revocationChannels.${channel}`, { defaultValue: channel }), content })}</span>;
}

/** Takes one entry off its list, with the reason (it goes in the audit trail). */
function RemoveForm({ entry, onDone, onCancel }: { entry: Entry; onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const remove = useSingleFlightMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/dnc/{phone}', {
          params: {
            path: { phone: entry.phone },
            query: { scope: entry.scope as Scope, campaignId: entry.campaignId ?? undefined, product: entry.product ?? undefined, reason: reason.trim() },
          },
        }),
      ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['dnc'] });
      onDone(result.removed ? t('dnc.removed', { phone: result.phone, count: result.leadsUnblocked }) : t('dnc.notOnList', { phone: result.phone }));
    },
  });
  const problem = useFieldErrors(remove.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate();
  };
  return (
    <form className="cx-inline" onSubmit={submit} aria-label={t('dnc.removeTitle', { phone: entry.phone })} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <strong>{t('dnc.removeTitle', { phone: entry.phone })}</strong>
      <label>
        {t('dnc.removeReason')}
        <input name="removeReason" required maxLength={500} autoFocus value={reason} onChange={(event) => setReason(event.target.value)} {...problem('reason').control} />
        {problem('reason').message}
      </label>
      <button type="submit" className="danger" disabled={remove.isPending || !reason.trim()}>
        {t('dnc.removeConfirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      {remove.isError && <ErrorNotice error={remove.error} />}
    </form>
  );
}

/** Puts one number on a list. */
function AddForm({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ phone: '', country: '', scope: 'global' as Scope, campaignId: '', product: '', reason: '' });
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const campaigns = useCampaignOptions(api, form.scope === 'campaign');
  const add = useSingleFlightMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/dnc', {
          body: {
            phone: form.phone.trim(),
            country: form.country.trim() ? form.country.trim().toUpperCase() : undefined,
            scope: form.scope,
            campaignId: form.scope === 'campaign' && form.campaignId ? form.campaignId : undefined,
            product: form.scope === 'product' ? form.product.trim() : undefined,
            reason: form.reason.trim() || undefined,
          },
        }),
      ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['dnc'] });
      onDone(result.created ? t('dnc.added', { phone: result.entry.phone, count: result.leadsBlocked }) : t('dnc.alreadyListed', { phone: result.entry.phone }));
      setForm((current) => ({ ...current, phone: '', reason: '' }));
    },
  });
  const problem = useFieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={t('dnc.add')} data-testid="dnc-add">
      <div className="cx-grid">
        <label>
          {t('dnc.phone')}
          <input name="phone" {...problem('phone').control} required maxLength={40} value={form.phone} placeholder="+81 90 1234 5678" onChange={(event) => set({ phone: event.target.value })} />
          <span className="hint">{t('dnc.phoneHint')}</span>
          {problem('phone').message}
        </label>
        <label>
          {t('dnc.country')}
          <input name="country" {...problem('country').control} maxLength={2} value={form.country} placeholder="JP" onChange={(event) => set({ country: event.target.value })} />
          {problem('country').message}
        </label>
        <label>
          {t('dnc.scope')}
          <select name="scope" {...problem('scope').control} value={form.scope} onChange={(event) => set({ scope: event.target.value as Scope })}>
            {SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {t(`dnc.scopes.${scope}`)}
              </option>
            ))}
          </select>
          {problem('scope').message}
        </label>
        {form.scope === 'campaign' && (
          <label>
            {t('dnc.campaign')}
            <select name="campaignId" {...problem('campaignId').control} required value={form.campaignId} onChange={(event) => set({ campaignId: event.target.value })}>
              <option value="">{t('dnc.chooseCampaign')}</option>
              {campaigns.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {campaigns.isError && <ErrorNotice error={campaigns.error} onRetry={() => void campaigns.refetch()} />}
            {problem('campaignId').message}
          </label>
        )}
        {form.scope === 'product' && (
          <label>
            {t('dnc.product')}
            <input name="product" {...problem('product').control} required maxLength={200} value={form.product} onChange={(event) => set({ product: event.target.value })} />
            {problem('product').message}
          </label>
        )}
        <label>
          {t('dnc.reason')}
          <input name="reason" {...problem('reason').control} maxLength={500} value={form.reason} onChange={(event) => set({ reason: event.target.value })} />
          {problem('reason').message}
        </label>
      </div>
      {add.isError && <ErrorNotice error={add.error} />}
      <button type="submit" className="primary" disabled={add.isPending}>
        {t('dnc.addButton')}
      </button>
    </form>
  );
}

/** The do-not-call list: search (paged on the server), add, remove with a reason, export, import. */
export function DncPage() {
  const { t, i18n } = useTranslation();
  const { api, session } = useSession();
  const [draft, setDraft] = useState<Search>(NO_SEARCH);
  const [search, setSearch] = useState<Search>(NO_SEARCH);
  const [offset, setOffset] = useState(0);
  const [removing, setRemoving] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filters = filtersOf(search);
  const entries = useQuery({
    queryKey: ['dnc', filters, offset],
    queryFn: () => unwrap(api.GET('/dnc', { params: { query: { ...filters, limit: PAGE, offset } } })),
  });
  // Campaign names for the entries of one campaign; the list still shows without them.
  const campaigns = useCampaignOptions(api);
  const campaignNames = new Map((campaigns.data ?? []).map((c) => [c.id, c.name]));
  const exportCsv = useSingleFlightMutation({ mutationFn: () => downloadFile(`/dnc/export.csv${queryString(filters)}`, session!.accessToken, 'dnc.csv') });
  const language = i18n.resolvedLanguage ?? 'en';
  const setDraftField = (patch: Partial<Search>) => setDraft((current) => ({ ...current, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft);
    setOffset(0);
  };
  const done = (message: string) => {
    setNotice(message);
    setRemoving(null);
  };

  return (
    <Page
      title={t('dnc.title')}
      actions={
        <>
          <Link className="cx-link-button" to="import">
            {t('dnc.importList')}
          </Link>
          <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            {t('dnc.exportCsv')}
          </button>
        </>
      }
    >
      <div className="cx-stack">
        {exportCsv.isError && <ErrorNotice error={exportCsv.error} />}
        {notice && <Banner tone="info">{notice}</Banner>}
        <Panel title={t('dnc.search')} id="cx-dnc-search">
          <form className="cx-inline" onSubmit={submit} aria-label={t('dnc.search')} data-testid="dnc-search">
            <label>
              {t('dnc.phone')}
              <input name="phone" maxLength={40} value={draft.phone} onChange={(event) => setDraftField({ phone: event.target.value })} />
            </label>
            <label>
              {t('dnc.country')}
              <input name="country" maxLength={2} placeholder="JP" value={draft.country} onChange={(event) => setDraftField({ country: event.target.value })} />
            </label>
            <label>
              {t('dnc.prefix')}
              <input name="phonePrefix" placeholder="+8190" value={draft.phonePrefix} onChange={(event) => setDraftField({ phonePrefix: event.target.value })} />
            </label>
            <label>
              {t('dnc.scope')}
              <select name="scope" value={draft.scope} onChange={(event) => setDraftField({ scope: event.target.value as Search['scope'] })}>
                <option value="">{t('dnc.anyScope')}</option>
                {SCOPES.map((scope) => (
                  <option key={scope} value={scope}>
                    {t(`dnc.scopes.${scope}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('dnc.source')}
              <select name="source" value={draft.source} onChange={(event) => setDraftField({ source: event.target.value as Search['source'] })}>
                <option value="">{t('dnc.anySource')}</option>
                {SOURCES.map((source) => (
                  <option key={source} value={source}>
                    {t(`dnc.sources.${source}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary">
              {t('dnc.searchButton')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(NO_SEARCH);
                setSearch(NO_SEARCH);
                setOffset(0);
              }}
            >
              {t('dnc.clear')}
            </button>
          </form>
        </Panel>
        <Panel title={t('dnc.entries')} id="cx-dnc-entries">
          <QueryState query={entries} isEmpty={(page) => page.total === 0} empty={t('dnc.empty')}>
            {(page) => (
              <>
                <table className="data" data-testid="dnc-entries">
                  <thead>
                    <tr>
                      <th>{t('dnc.col.phone')}</th>
                      <th>{t('dnc.col.scope')}</th>
                      <th>{t('dnc.col.source')}</th>
                      <th>{t('dnc.col.reason')}</th>
                      <th>{t('dnc.col.added')}</th>
                      <th>{t('dnc.col.expires')}</th>
                      <th>{t('dnc.col.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.entries.map((entry) => (
                      <tr key={entry.id} data-phone={entry.phone}>
                        <td>{entry.phone}</td>
                        <td>
                          <ScopeOf entry={entry} campaigns={campaignNames} />
                        </td>
                        <td>{t(`dnc.sources.${entry.source}`, { defaultValue: entry.source })}</td>
                        <td>
                          <ReasonOf entry={entry} />
                        </td>
                        <td>{formatDateTime(entry.createdAt, language)}</td>
                        <td>{entry.expiresAt ? formatDateTime(entry.expiresAt, language) : t('dnc.never')}</td>
                        <td>
                          {removing === entry.id ? (
                            <RemoveForm entry={entry} onDone={done} onCancel={() => setRemoving(null)} />
                          ) : (
                            <button type="button" onClick={() => setRemoving(entry.id)}>
                              {t('dnc.remove')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager offset={offset} limit={PAGE} shown={page.entries.length} total={page.total} onChange={setOffset} />
              </>
            )}
          </QueryState>
        </Panel>
        <Panel title={t('dnc.add')} id="cx-dnc-add">
          <AddForm onDone={done} />
        </Panel>
      </div>
    </Page>
  );
}
