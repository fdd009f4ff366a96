import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AttemptFilters, ExportEncoding, ExportFailure, ExportFormat, ExportJob, ExportKind } from '../entities/export-job.entity';

/** The only writer of `export_jobs`. */
@Injectable()
export class ExportJobsRepository {
  constructor(private readonly em: EntityManager) {}

  create(input: { kind: ExportKind; format: ExportFormat; encoding: ExportEncoding; filters: AttemptFilters; requestedBy?: string; requestedRole: string }): ExportJob {
    const job = this.em.create(ExportJob, input);
    this.em.persist(job);
    return job;
  }

  find(id: string): Promise<ExportJob | null> {
    return this.em.findOne(ExportJob, { id }, { refresh: true });
  }

  /** Newest first; `requestedBy` narrows to one person's exports. */
  list(options: { requestedBy?: string; limit: number; offset: number }): Promise<[ExportJob[], number]> {
    return this.em.findAndCount(ExportJob, options.requestedBy ? { requestedBy: options.requestedBy } : {}, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: options.limit,
      offset: options.offset,
    });
  }

  /** Queued (or retried after a crash) → running, with the row count; false when it is no longer to run. */
  async start(id: string, rowsTotal: number, now: Date): Promise<boolean> {
    const updated = await this.em.execute<{ id: string }[]>(
      `update export_jobs set state = 'running', rows_total = ?, rows_written = 0, started_at = ?, updated_at = ?
        where id = ? and state in ('queued', 'running') returning id`,
      [rowsTotal, now, now, id],
    );
    return updated.length > 0;
  }

  async progress(id: string, rowsWritten: number, now: Date): Promise<void> {
    await this.em.execute(`update export_jobs set rows_written = ?, updated_at = ? where id = ? and state = 'running'`, [rowsWritten, now, id]);
  }

  async complete(id: string, file: { name: string; path: string; size: number; rows: number; replacedCharacters: number }, now: Date, expiresAt: Date): Promise<void> {
    await this.em.execute(
      `update export_jobs set state = 'completed', file_name = ?, file_path = ?, file_size = ?, rows_written = ?, rows_total = ?,
              replaced_characters = ?, finished_at = ?, expires_at = ?, updated_at = ?
        where id = ? and state = 'running'`,
      [file.name, file.path, file.size, file.rows, file.rows, file.replacedCharacters, now, expiresAt, now, id],
    );
  }

  async fail(id: string, failure: ExportFailure, now: Date): Promise<void> {
    await this.em.execute(
      `update export_jobs set state = 'failed', error = ?, error_code = ?, error_params = ?, finished_at = ?, updated_at = ? where id = ? and state in ('queued', 'running')`,
      [failure.message, failure.code, failure.params ? JSON.stringify(failure.params) : null, now, now, id],
    );
  }

  /** Exports queued or running that nothing has touched since `before` (a running one writes its progress as it goes), oldest first. */
  untouchedSince(before: Date, limit: number): Promise<{ id: string; state: 'queued' | 'running' }[]> {
    return this.em.execute(`select id, state from export_jobs where state in ('queued', 'running') and updated_at < ? order by updated_at limit ?`, [before, limit]);
  }

  /** Completed exports whose file is due for deletion. */
  expiring(now: Date, limit: number): Promise<{ id: string; file_path: string | null }[]> {
    return this.em.execute(`select id, file_path from export_jobs where state = 'completed' and expires_at <= ? order by expires_at limit ?`, [now, limit]);
  }

  async expire(id: string, now: Date): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update export_jobs set state = 'expired', file_path = null, updated_at = ? where id = ? and state = 'completed' returning id`,
      [now, id],
    );
    return rows.length > 0;
  }
}
