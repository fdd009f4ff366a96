import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { downloadFile } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors, withHint } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { queryString } from '../../ui/query-string';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { AuditFilters, NO_FILTERS, queryOf } from './audit-query';

type Entry = components['schemas']['AuditEntryDto'];
const PAGE = 50;
/** Prefixes offered as suggestions for the action filter. */
const PREFIXES = ['dnc.', 'consent.', 'export.', 'subject.', 'audit.', 'auth.', 'user.', 'import.', 'campaign.', 'list.', 'disposition.', 'call.', 'retention.'];

/** The chain's verification (GET /audit/verify): intact, or the first broken link. */
function ChainStatus() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => unwrap(api.GET('/audit/verify')) });
  return (
    <div data-testid="audit-chain" data-ok={verify.data ? String(verify.data.ok) : undefined}>
      <QueryState query={verify}>
        {(result) => (
          <>
            {result.ok ? (
              <Banner tone="info">{result.headSeq ? t('audit.chainOk', { checked: result.checked.toLocaleString(i18n.resolvedLanguage), head: result.headSeq }) : t('audit.chainEmpty')}</Banner>
            ) : (
              <Banner tone="error">
                {t('audit.chainBroken', {
                  seq: result.firstBroken?.seq ?? '?',
                  reason: t(`audit.reasons.${result.firstBroken?.reason ?? 'link_broken'}`, { defaultValue: result.firstBroken?.reason }),
                })}
              </Banner>
            )}
            {result.headHash && <p className="hint cx-data">{t('audit.chainHead', { hash: result.headHash })}</p>}
            <button type="button" onClick={() => void verify.refetch()} disabled={verify.isFetching}>
              {t('audit.checkAgain')}
            </button>
          </>
        )}
      </QueryState>
    </div>
  );
}

function Details({ data }: { data: Entry['data'] }) {
  const keys = Object.keys(data);
  if (keys.length === 0) return null;
  return <pre className="cx-data">{keys.map((key) => `${key}: ${typeof data[key] === 'object' ? JSON.stringify(data[key]) : String(data[key])}`).join('\n')}</pre>;
}

/** The audit trail: the chain's status, filters, entries newest first paged by chain position, CSV export. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { api, session } = useSession();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  // The `before` of each page shown after the first: Older pushes, Newer pops.
  const [cursors, setCursors] = useState<string[]>([]);
  const query = queryOf(filters);
  const before = cursors.at(-1);
  const entries = useQuery({
    queryKey: ['audit', 'entries', query, before],
    queryFn: () => unwrap(api.GET('/audit', { params: { query: { ...query, limit: PAGE, before } } })),
  });
  const exportCsv = useSingleFlightMutation({ mutationFn: () => downloadFile(`/audit/export.csv${queryString(query)}`, session!.accessToken, 'audit.csv') });
  const actionNames = t('audit.actionNames', { returnObjects: true }) as Record<string, string>;
  const language = i18n.resolvedLanguage ?? 'en';
  // `system` for the product itself, `anonymous` for a refused sign-in; a role not known shows as the api has it.
  const roleName = (role: string) => t(`common.roles.${role}`, { defaultValue: role });
  const set = (patch: Partial<AuditFilters>) => setDraft((current) => ({ ...current, ...patch }));
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const problem = useFieldErrors(entries.error);

  return (
    <Page
      title={t('audit.title')}
      actions={
        <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
          {t('audit.exportCsv')}
        </button>
      }
    >
      <div className="cx-stack">
        {exportCsv.isError && <ErrorNotice error={exportCsv.error} />}
        <Panel title={t('audit.chain')} id="cx-audit-chain">
          <ChainStatus />
        </Panel>
        <Panel title={t('audit.filters')} id="cx-audit-filters">
          <form onSubmit={submit} aria-label={t('audit.filters')} data-testid="audit-filters">
            <div className="cx-grid">
              <label>
                {t('audit.action')}
                <input name="action" list="cx-audit-prefixes" value={draft.action} {...withHint(problem('action').control, 'cx-audit-action-hint')} onChange={(event) => set({ action: event.target.value })} />
                <datalist id="cx-audit-prefixes">
                  {PREFIXES.map((prefix) => (
                    <option key={prefix} value={prefix} />
                  ))}
                </datalist>
                <span className="hint" id="cx-audit-action-hint">
                  {t('audit.actionHint')}
                </span>
                {problem('action').message}
              </label>
              <label>
                {t('audit.actor')}
                <input name="actorId" {...problem('actorId').control} value={draft.actorId} onChange={(event) => set({ actorId: event.target.value })} />
                {problem('actorId').message}
              </label>
              <label>
                {t('audit.entityType')}
                <input name="entityType" {...problem('entityType').control} placeholder="dnc_entry" value={draft.entityType} onChange={(event) => set({ entityType: event.target.value })} />
                {problem('entityType').message}
              </label>
              <label>
                {t('audit.entityId')}
                <input name="entityId" {...problem('entityId').control} value={draft.entityId} onChange={(event) => set({ entityId: event.target.value })} />
                {problem('entityId').message}
              </label>
              <label>
                {t('audit.from')}
                <input type="datetime-local" name="from" {...problem('from').control} value={draft.from} onChange={(event) => set({ from: event.target.value })} />
                {problem('from').message}
              </label>
              <label>
                {t('audit.to')}
                <input type="datetime-local" name="to" {...problem('to').control} value={draft.to} onChange={(event) => set({ to: event.target.value })} />
                {problem('to').message}
              </label>
            </div>
            <div className="row">
              <button type="submit" className="primary">
                {t('audit.apply')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setDraft(NO_FILTERS);
                  apply(NO_FILTERS);
                }}
              >
                {t('audit.clear')}
              </button>
            </div>
          </form>
        </Panel>
        <Panel title={t('audit.entries')} id="cx-audit-entries">
          <QueryState query={entries} isEmpty={(page) => page.items.length === 0 && cursors.length === 0} empty={t('audit.empty')}>
            {(page) => (
              <>
                <div className="cx-scroll">
                  <table className="data" data-testid="audit-entries">
                    <thead>
                      <tr>
                        <th className="num">{t('audit.col.seq')}</th>
                        <th>{t('audit.col.at')}</th>
                        <th>{t('audit.col.actor')}</th>
                        <th>{t('audit.col.action')}</th>
                        <th>{t('audit.col.entity')}</th>
                        <th>{t('audit.col.data')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((entry) => (
                        <tr key={entry.id} data-action={entry.action}>
                          <td className="num">{entry.seq}</td>
                          <td>{formatDateTime(entry.at, language)}</td>
                          <td data-actor={entry.actorId ?? entry.actorRole}>
                            {entry.actorId ? (
                              <>
                                {/* Who, by name (email when the account has none); the id only where the account is gone. */}
                                <span title={t('audit.userId', { id: entry.actorId })}>{entry.actorName || entry.actorEmail || t('audit.unknownUser')}</span>
                                <div className="hint">
                                  {roleName(entry.actorRole)}
                                  {entry.actorName && entry.actorEmail ? ` · ${entry.actorEmail}` : ''}
                                </div>
                                {!entry.actorName && !entry.actorEmail && <div className="hint">{t('audit.userId', { id: entry.actorId })}</div>}
                              </>
                            ) : (
                              roleName(entry.actorRole)
                            )}
                          </td>
                          <td>
                            {Object.hasOwn(actionNames, entry.action) ? actionNames[entry.action] : entry.action}
                            <div className="hint">
                              <code>{entry.action}</code>
                            </div>
                          </td>
                          <td>
                            {t(`audit.entityTypes.${entry.entityType}`, { defaultValue: entry.entityType })}
                            {entry.entityId && <div className="hint">{entry.entityId}</div>}
                          </td>
                          <td>
                            <Details data={entry.data} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <nav className="pager" aria-label={t('audit.pageOf', { page: cursors.length + 1 })}>
                  <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
                    {t('audit.newest')}
                  </button>
                  <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((current) => current.slice(0, -1))}>
                    {t('audit.newer')}
                  </button>
                  <span>{t('audit.pageOf', { page: cursors.length + 1 })}</span>
                  <button type="button" disabled={!page.nextBefore} onClick={() => page.nextBefore && setCursors((current) => [...current, page.nextBefore!])}>
                    {t('audit.older')}
                  </button>
                </nav>
              </>
            )}
          </QueryState>
        </Panel>
      </div>
    </Page>
  );
}
