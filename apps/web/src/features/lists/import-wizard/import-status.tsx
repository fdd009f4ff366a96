import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useSession } from '../../../app/session';
import { ConfirmButton } from '../../../ui/confirm-button';
import { downloadFile } from '../../../ui/download';
import { ErrorNotice } from '../../../ui/error-notice';
import { useErrorText } from '../../../ui/error-text';
import { formatDuration } from '../../../ui/format';
import { ProgressBar } from '../../../ui/progress-bar';
import { useSingleFlightMutation } from '../../../ui/use-single-flight';
import { ImportView, isActive, isUndoable, UndoneImport } from './import-form';

/** How often a running import is asked for its progress. */
export const POLL_MS = 1000;

/** An import, polled about once a second while it is queued or running (the page is never reloaded). */
export function useImport(id: string, initial?: ImportView) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['imports', id],
    queryFn: () => unwrap(api.GET('/imports/{id}', { params: { path: { id } } })),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data.state) ? false : POLL_MS),
  });
}

/** An import's figures in one line (the list page's table) or as a grid (the wizard's last step). */
export function ImportCounts({ view, detailed }: { view: ImportView; detailed?: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => value.toLocaleString(i18n.resolvedLanguage);
  const counts = view.counts;
  if (!detailed) {
    return (
      <span data-testid="import-counts">
        {t('lists.imports.countsLine', { rowsRead: n(counts.rowsRead), accepted: n(counts.accepted), rejected: n(counts.rejected), duplicates: n(counts.duplicates) })}
      </span>
    );
  }
  const keys = ['rowsRead', 'accepted', 'rejected', 'duplicates', 'dncFlagged', 'noTimezone'] as const;
  return (
    <dl className="facts lists-counts" data-testid="import-counts">
      {keys.map((key) => (
        <div className="fact" key={key}>
          <dt>{t(`lists.imports.${key}`)}</dt>
          <dd data-count={key}>{n(counts[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The rejection report in the page's language: a Japanese page asks for its Japanese header and reasons (`lang=ja`). */
export function rejectionsUrl(url: string, language: string): string {
  return language.startsWith('ja') ? `${url}${url.includes('?') ? '&' : '?'}lang=ja` : url;
}

/**
 * The rejection report's download and the undo (asked twice), for a settled
 * import. `onUndone` lets the page refresh what the undo changed.
 */
export function ImportActions({ view, undoQuestion, onUndone }: { view: ImportView; undoQuestion: string; onUndone?: (undone: UndoneImport) => void }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useSession();
  const client = useQueryClient();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [undone, setUndone] = useState<UndoneImport | null>(null);
  const undo = useSingleFlightMutation({
    mutationFn: () => unwrap(api.POST('/imports/{id}/undo', { params: { path: { id: view.id } } })),
    onSuccess: async (result) => {
      setUndone(result);
      client.setQueryData(['imports', view.id], result);
      onUndone?.(result);
      await client.invalidateQueries({ queryKey: ['lists'] });
    },
  });
  const hasRejections = view.counts.rejected + view.counts.duplicates > 0;
  return (
    <div className="lists-import-actions">
      {hasRejections && (
        <button
          type="button"
          title={t('lists.imports.rejectionsHint')}
          onClick={() => {
            setDownloadError(null);
            downloadFile(rejectionsUrl(view.rejectionsUrl, i18n.resolvedLanguage ?? i18n.language), session?.accessToken ?? '', `import-${view.id}-rejections.csv`).catch(
              setDownloadError,
            );
          }}
        >
          {t('lists.imports.rejections')}
        </button>
      )}
      {isUndoable(view.state) && <ConfirmButton label={t('lists.imports.undo')} question={undoQuestion} disabled={undo.isPending} onConfirm={() => undo.mutate()} />}
      {undone && (
        <p className="ok" role="status">
          {undone.leadsUnflagged > 0
            ? t('lists.imports.undoneUnflagged', { removed: undone.removed, leadsUnflagged: undone.leadsUnflagged })
            : t('lists.imports.undone', { removed: undone.removed })}
        </p>
      )}
      <ErrorNotice error={undo.error} />
      {downloadError ? <ErrorNotice error={new Error(t('common.downloadFailed', { message: (downloadError as Error).message }))} /> : null}
    </div>
  );
}

/** One import followed live: its state, a progress bar that moves, then its counts, report and undo. */
export function ImportStatus({ id, initial, undoQuestion, onSettled }: { id: string; initial?: ImportView; undoQuestion: string; onSettled?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const query = useImport(id, initial);
  const view = query.data;
  const settled = view !== undefined && !isActive(view.state);
  // Once settled, the page refreshes what the import changed (the list's counts, its imports).
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled]); // once per settling, whatever the callback's identity
  if (!view) return query.isError ? <ErrorNotice error={query.error} onRetry={() => void query.refetch()} /> : <p role="status">{t('common.loading')}</p>;
  return (
    <div className="lists-import-status" data-testid="import-status" data-state={view.state}>
      <p>
        <strong>{t(`lists.imports.states.${view.state}`)}</strong> · {view.fileName}
        {/* How long it took once settled; while it runs, how long it has been running (polled each second). */}
        {view.durationMs !== null && (settled || view.state === 'running') && (
          <span className="muted" data-testid="import-duration">
            {' '}
            · {t(settled ? 'lists.imports.duration' : 'lists.imports.elapsed', { duration: formatDuration(view.durationMs) })}
          </span>
        )}
      </p>
      <ProgressBar value={view.progress} max={100} label={t('lists.imports.progressLabel', { file: view.fileName })} />
      {view.error && <ErrorNotice error={new Error(t('lists.imports.failed', { message: errorText(view.error) }))} />}
      {settled && <ImportCounts view={view} detailed />}
      {settled && <ImportActions view={view} undoQuestion={undoQuestion} onUndone={onSettled} />}
      {query.isRefetchError && <ErrorNotice error={query.error} />}
    </div>
  );
}
