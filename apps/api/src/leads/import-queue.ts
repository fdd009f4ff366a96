import type { Queue } from 'bull';
import { rm } from 'node:fs/promises';
import { DomainError } from '@dialer/core';
import { ImportJob, ImportsService, ImportView, UploadedFile } from '@dialer/leads';
import { enqueue, QUEUES } from '@dialer/queues';

/**
 * Checks an upload (creating its import) and queues it, the import id being
 * the Bull job id. A file refused, or an import that cannot be queued, leaves
 * neither a file nor an import behind.
 */
export async function enqueueImport(
  imports: ImportsService,
  queue: Queue,
  file: UploadedFile,
  create: () => Promise<ImportJob>,
): Promise<ImportView> {
  let job: ImportJob;
  try {
    job = await create();
  } catch (error) {
    await rm(file.path, { force: true });
    throw error;
  }
  try {
    await enqueue(queue, QUEUES.imports, 'run', { importId: job.id }, { jobId: job.id });
  } catch (error) {
    await imports.abandon(job);
    throw new DomainError('IMPORT_NOT_QUEUED', `The import could not be queued (${(error as Error).message}); upload it again`, 'unavailable');
  }
  return imports.view(job);
}
