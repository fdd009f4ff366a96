import type { ImportCounts, ImportJob, ImportState, ImportTarget } from '../entities/import-job.entity';

export interface ImportView {
  id: string;
  target: ImportTarget;
  listId: string | null;
  state: ImportState;
  fileName: string;
  fileSize: number;
  encoding: string | null;
  delimiter: string | null;
  hasHeader: boolean;
  columns: string[];
  mapping: Record<string, string>;
  /** rowsRead = accepted + rejected + duplicates; dncFlagged and noTimezone are accepted leads that are blocked. */
  counts: ImportCounts;
  /** 0–100. */
  progress: number;
  /** Running time so far, or of the whole run once finished. */
  durationMs: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  rejectionsUrl: string;
}

export function toImportView(job: ImportJob, now: Date): ImportView {
  const end = job.finishedAt ?? (job.state === 'running' ? now : undefined);
  return {
    id: job.id,
    target: job.target,
    listId: job.list?.id ?? null,
    state: job.state,
    fileName: job.fileName,
    fileSize: Number(job.fileSize),
    encoding: job.encoding ?? null,
    delimiter: job.delimiter ?? null,
    hasHeader: job.options.hasHeader !== false,
    columns: job.columns ?? [],
    mapping: job.mapping ?? {},
    counts: job.counts,
    progress: job.progress,
    durationMs: job.startedAt && end ? Math.max(0, end.getTime() - job.startedAt.getTime()) : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error ?? null,
    rejectionsUrl: `/imports/${job.id}/rejections.csv`,
  };
}
