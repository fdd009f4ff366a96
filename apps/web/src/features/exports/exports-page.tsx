import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCampaignOptions } from '../../api/campaign-options';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../app/session';
import { downloadFile } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { FieldError, useFieldErrors, withHint } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Pager } from '../../ui/pager';
import { Panel } from '../../ui/panel';
import { ProgressBar } from '../../ui/progress-bar';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { exportFailureText } from './export-failure';
import { EMPTY_EXPORT_FORM, ExportForm, exportRequestOf, OUTCOMES, toggled } from './export-request';

type ExportView = components['schemas']['ExportViewDto'];
const HISTORY_PAGE = 20;
const running = (view?: ExportView) => view?.state === 'queued' || view?.state === 'running';

function sizeOf(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Downloads an export's file with the signed-in user's token; a failure shows beside the button. */
function DownloadButton({ view, className }: { view: ExportView; className?: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const download = useSingleFlightMutation({
    mutationFn: () => downloadFile(`/exports/${view.id}/file`, session!.accessToken, view.fileName ?? `export.${view.format}`),
  });
  return (
    <>
      <button type="button" className={className} disabled={download.isPending} onClick={() => download.mutate()} data-testid="export-download">
        {download.isPending ? t('exports.downloading') : t('exports.download')}
      </button>
      {download.isError && <ErrorNotice error={download.error} />}
    </>
  );
}

/** A checkbox group inside a fieldset: its legend labels the group, each box its own label. */
function Choices<T extends string>({
  legend,
  name,
  options,
  chosen,
  onChange,
  hint,
  problem,
}: {
  legend: string;
  name: string;
  options: { value: T; label: string }[];
  chosen: readonly T[];
  onChange: (next: T[]) => void;
  hint?: string;
  problem: FieldError;
}) {
  return (
    <fieldset className="cx-choices">
      <legend>{legend}</legend>
      {options.length === 0 && hint && <p className="hint">{hint}</p>}
      <div className="cx-choice-list">
        {options.map((option) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              checked={chosen.includes(option.value)}
              onChange={(event) => onChange(toggled(chosen, option.value, event.target.checked))}
              {...problem.control}
            />
            {option.label}
          </label>
        ))}
      </div>
      {problem.message}
    </fieldset>
  );
}

/** Kind, format, encoding and filters; starting the export hands its id to the page. */
function ExportBuilder({ onStarted }: { onStarted: (view: ExportView) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ExportForm>(EMPTY_EXPORT_FORM);
  const set = (patch: Partial<ExportForm>) => setForm((current) => ({ ...current, ...patch }));

  const campaigns = useCampaignOptions(api);
  // The lists and disposition codes of the chosen campaigns (compliance may read these; GET /lists is the managers').
  const lists = useQueries({
    queries: form.campaignIds.map((id) => ({
      queryKey: ['campaigns', id, 'lists'],
      queryFn: async () => (await unwrap(api.GET('/campaigns/{id}/lists', { params: { path: { id } } }))),
    })),
  });
  const dispositions = useQueries({
    queries: form.campaignIds.map((id) => ({
      queryKey: ['campaigns', id, 'dispositions'],
      queryFn: async () => (await unwrap(api.GET('/campaigns/{id}/dispositions', { params: { path: { id } } }))),
    })),
  });
  const listOptions = [...new Map(lists.flatMap((q) => q.data ?? []).map((l) => [l.listId, { value: l.listId, label: l.name }])).values()];
  const codeOptions = [...new Map(dispositions.flatMap((q) => q.data ?? []).map((d) => [d.code, { value: d.code, label: `${d.label} (${d.code})` }])).values()];

  const start = useSingleFlightMutation({
    // Lists and codes of a campaign unchosen since are no longer shown: they do not narrow the export either.
    mutationFn: () =>
      unwrap(
        api.POST('/exports', {
          body: exportRequestOf({
            ...form,
            listIds: form.listIds.filter((id) => listOptions.some((o) => o.value === id)),
            dispositions: form.dispositions.filter((code) => codeOptions.some((o) => o.value === code)),
          }),
        }),
      ),
    onSuccess: (view) => {
      onStarted(view);
      void queryClient.invalidateQueries({ queryKey: ['exports'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const problem = useFieldErrors(start.error);

  return (
    <form className="cx-form" onSubmit={submit} aria-label={t('exports.builder')}>
      <p className="hint">{t('exports.builderHint')}</p>
      <div className="cx-grid">
        <label>
          {t('exports.kind')}
          <select name="kind" value="attempts" disabled>
            <option value="attempts">{t('exports.kinds.attempts')}</option>
          </select>
        </label>
        <label>
          {t('exports.format')}
          <select name="format" value={form.format} onChange={(event) => set({ format: event.target.value as ExportForm['format'] })}>
            <option value="csv">CSV</option>
            <option value="xlsx">XLSX</option>
          </select>
        </label>
        <label>
          {t('exports.encoding')}
          <select
            name="encoding"
            value={form.encoding}
            disabled={form.format === 'xlsx'}
            aria-describedby={form.format === 'xlsx' ? 'cx-encoding-hint' : undefined}
            onChange={(event) => set({ encoding: event.target.value as ExportForm['encoding'] })}
          >
            <option value="utf-8">{t('exports.encodings.utf-8')}</option>
            <option value="shift_jis">{t('exports.encodings.shift_jis')}</option>
          </select>
          {form.format === 'xlsx' && (
            <span className="hint" id="cx-encoding-hint">
              {t('exports.encodingXlsx')}
            </span>
          )}
        </label>
        <label>
          {t('exports.from')}
          <input type="datetime-local" name="from" {...problem('filters.from').control} value={form.from} onChange={(event) => set({ from: event.target.value })} />
          {problem('filters.from').message}
        </label>
        <label>
          {t('exports.to')}
          <input type="datetime-local" name="to" {...problem('filters.to').control} value={form.to} onChange={(event) => set({ to: event.target.value })} />
          {problem('filters.to').message}
        </label>
      </div>
      <div className="cx-grid">
        <QueryState query={campaigns} isEmpty={(data) => data.length === 0} empty={t('exports.noCampaigns')}>
          {(data) => (
            <Choices
              legend={t('exports.campaigns')}
              name="campaign"
              options={data.map((c) => ({ value: c.id, label: c.name }))}
              chosen={form.campaignIds}
              onChange={(campaignIds) => set({ campaignIds })}
              problem={problem('filters.campaignIds')}
            />
          )}
        </QueryState>
        <Choices
          legend={t('exports.lists')}
          name="list"
          options={listOptions}
          chosen={form.listIds}
          onChange={(listIds) => set({ listIds })}
          hint={t('exports.listsHint')}
          problem={problem('filters.listIds')}
        />
        <Choices
          legend={t('exports.dispositions')}
          name="disposition"
          options={codeOptions}
          chosen={form.dispositions}
          onChange={(dispositions) => set({ dispositions })}
          hint={t('exports.dispositionsHint')}
          problem={problem('filters.dispositions')}
        />
        <Choices
          legend={t('exports.outcomes')}
          name="outcome"
          options={OUTCOMES.map((o) => ({ value: o, label: t(`exports.outcome.${o}`) }))}
          chosen={form.outcomes}
          onChange={(outcomes) => set({ outcomes })}
          problem={problem('filters.outcomes')}
        />
      </div>
      <label>
        {t('exports.agents')}
        <input name="agentIds" value={form.agentIds} {...withHint(problem('filters.agentIds').control, 'cx-agents-hint')} onChange={(event) => set({ agentIds: event.target.value })} />
        <span className="hint" id="cx-agents-hint">
          {t('exports.agentsHint')}
        </span>
        {problem('filters.agentIds').message}
      </label>
      {start.isError && <ErrorNotice error={start.error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={start.isPending}>
          {start.isPending ? t('exports.starting') : t('exports.start')}
        </button>
      </div>
    </form>
  );
}

/** The export being made, polled until the worker finishes it: its bar, then its file. */
function ExportProgress({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['exports', id],
    queryFn: () => unwrap(api.GET('/exports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (running(query.state.data) || !query.state.data ? 500 : false),
  });
  const state = job.data?.state;
  useEffect(() => {
    if (state && state !== 'queued' && state !== 'running') void queryClient.invalidateQueries({ queryKey: ['exports', 'history'] });
  }, [state, queryClient]);
  const number = (n: number) => n.toLocaleString(i18n.resolvedLanguage);
  return (
    <QueryState query={job}>
      {(view) => (
        <div className="cx-progress" data-testid="export-progress" data-state={view.state}>
          <ProgressBar value={view.state === 'completed' ? 100 : (view.progress ?? 0)} max={100} label={t('exports.progressLabel')} />
          <p role="status">
            {view.state === 'queued' && t('exports.waiting')}
            {view.state === 'running' &&
              (view.rowsTotal !== null
                ? t('exports.rows', { written: number(view.rowsWritten), total: number(view.rowsTotal) })
                : t('exports.rowsWritten', { written: number(view.rowsWritten) }))}
            {view.state === 'completed' && t('exports.done', { rows: number(view.rowsWritten), size: sizeOf(view.fileSize) })}
          </p>
          {view.state === 'failed' && <ErrorNotice error={new Error(t('exports.failed', { error: exportFailureText(t, view) }))} />}
          {view.replacedCharacters > 0 && <p className="warn">{t('exports.replaced', { count: view.replacedCharacters })}</p>}
          {view.state === 'completed' && <DownloadButton view={view} className="primary" />}
        </div>
      )}
    </QueryState>
  );
}

/** One line saying which attempts an export took. */
function FilterSummary({ filters }: { filters: ExportView['filters'] }) {
  const { t, i18n } = useTranslation();
  const parts: string[] = [];
  if (filters.campaignIds?.length) parts.push(t('exports.filterSummary.campaignIds', { count: filters.campaignIds.length }));
  if (filters.listIds?.length) parts.push(t('exports.filterSummary.listIds', { count: filters.listIds.length }));
  if (filters.from || filters.to) {
    const when = (iso?: string) => (iso ? formatDateTime(iso, i18n.resolvedLanguage ?? 'en') : '…');
    parts.push(t('exports.filterSummary.range', { from: when(filters.from), to: when(filters.to) }));
  }
  if (filters.dispositions?.length) parts.push(t('exports.filterSummary.dispositions', { values: filters.dispositions.join(', ') }));
  if (filters.agentIds?.length) parts.push(t('exports.filterSummary.agentIds', { count: filters.agentIds.length }));
  if (filters.outcomes?.length) parts.push(t('exports.filterSummary.outcomes', { values: filters.outcomes.map((o) => t(`exports.outcome.${o}`)).join(', ') }));
  return <>{parts.length ? parts.join(' · ') : t('exports.allAttempts')}</>;
}

/** Exports made, newest first, paged on the server. */
function ExportHistory() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [offset, setOffset] = useState(0);
  const history = useQuery({
    queryKey: ['exports', 'history', offset],
    queryFn: () => unwrap(api.GET('/exports', { params: { query: { limit: HISTORY_PAGE, offset } } })),
    // A job still running in the list keeps its row current.
    refetchInterval: (query) => (query.state.data?.items.some(running) ? 2000 : false),
  });
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <QueryState query={history} isEmpty={(data) => data.total === 0} empty={t('exports.historyEmpty')}>
      {(data) => (
        <>
          <table className="data" data-testid="export-history">
            <thead>
              <tr>
                <th>{t('exports.col.created')}</th>
                <th>{t('exports.col.state')}</th>
                <th>{t('exports.col.format')}</th>
                <th>{t('exports.col.filters')}</th>
                <th className="num">{t('exports.col.rows')}</th>
                <th>{t('exports.col.expires')}</th>
                <th>{t('exports.col.file')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((view) => (
                <tr key={view.id} data-export={view.id}>
                  <td>{formatDateTime(view.createdAt, language)}</td>
                  <td>
                    {t(`exports.state.${view.state}`)}
                    {running(view) && view.progress !== null && ` ${view.progress} %`}
                    {view.state === 'failed' && view.error && (
                      <div className="hint" data-code={view.errorCode ?? undefined} title={view.error}>
                        {exportFailureText(t, view)}
                      </div>
                    )}
                  </td>
                  <td>
                    {view.format.toUpperCase()}
                    {view.format === 'csv' && ` · ${view.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`}
                  </td>
                  <td>
                    <FilterSummary filters={view.filters} />
                  </td>
                  <td className="num">{view.rowsWritten.toLocaleString(language)}</td>
                  <td>{view.expiresAt ? formatDateTime(view.expiresAt, language) : '—'}</td>
                  <td>{view.state === 'completed' ? <DownloadButton view={view} /> : view.state === 'expired' ? t('exports.fileGone') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} limit={HISTORY_PAGE} shown={data.items.length} total={data.total} onChange={setOffset} />
        </>
      )}
    </QueryState>
  );
}

/** Call-results exports: the builder, the running export's progress and file, the history. */
export function ExportsPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<string | null>(null);
  return (
    <Page title={t('exports.title')}>
      <div className="cx-stack">
        <Panel title={t('exports.builder')} id="cx-export-builder">
          <ExportBuilder onStarted={(view) => setCurrent(view.id)} />
        </Panel>
        {current && (
          <Panel title={t('exports.current')} id="cx-export-current">
            <ExportProgress id={current} />
          </Panel>
        )}
        <Panel title={t('exports.history')} id="cx-export-history">
          <ExportHistory />
        </Panel>
      </div>
    </Page>
  );
}
