import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { ImportRunner, ImportRunOutcome, TidyUpReport } from '@dialer/leads';
import { enqueue, jobLiveness, QUEUES, RunImportJob } from '@dialer/queues';
import { processQueue } from './process-queue';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One import at a time per worker process, whatever WORKER_CONCURRENCY says: an
 * import keeps a core busy, holds a database session and its backend's temporary
 * buffers (128 MB) while it runs, and imports into overlapping dedupe scopes are not serialised with
 * each other. Run more worker processes to import more files at once.
 */
export const IMPORTS_PER_WORKER = 1;

/** How often imports the queue no longer runs are settled, and how old (from upload) they must be. */
export const IMPORT_TIDY_UP_EVERY_MS = 60_000;
export const IMPORT_TIDY_UP_GRACE_MS = 2 * 60_000;

/**
 * Runs lead and DNC imports. Errors other than a bad file are thrown
 * so the queue retries (the import restarts from its file); after the last
 * attempt the import is marked failed with the reason.
 */
@Injectable()
export class ImportsProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly runner: ImportRunner,
    // @CreateRequestContext() looks for it: each job gets a fresh MikroORM context.
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
  ) {
    this.logger.setContext(ImportsProcessor.name);
  }

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.imports, IMPORTS_PER_WORKER, { run: (job) => this.run(job), 'tidy-up': () => this.tidyUp() });
  }

  /** One repeatable tidy-up for the whole cluster (Bull de-duplicates repeatable jobs by their key). */
  async onApplicationBootstrap(): Promise<void> {
    await enqueue(this.queue, QUEUES.imports, 'tidy-up', {}, { repeat: { every: IMPORT_TIDY_UP_EVERY_MS }, jobId: 'tidy-up' });
  }

  /** Fails (or, never queued, queues again) imports that no live job runs: see ImportRunner.tidyUp. */
  @CreateRequestContext()
  tidyUp(graceMs = IMPORT_TIDY_UP_GRACE_MS): Promise<TidyUpReport> {
    return this.runner.tidyUp(
      {
        liveness: (importId) => jobLiveness(this.queue, importId),
        requeue: async (importId) => void (await enqueue(this.queue, QUEUES.imports, 'run', { importId }, { jobId: importId })),
      },
      graceMs,
    );
  }

  @CreateRequestContext()
  async run(job: Job<RunImportJob>): Promise<{ outcome: ImportRunOutcome | 'invalid_payload' }> {
    const importId = job.data?.importId;
    if (typeof importId !== 'string' || !UUID.test(importId)) {
      this.logger.error({ jobId: job.id, data: job.data }, 'import job without a valid importId; dropped');
      return { outcome: 'invalid_payload' };
    }
    try {
      return { outcome: await this.runner.run(importId) };
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ err: error, importId, attempt: job.attemptsMade + 1, lastAttempt }, 'import attempt failed');
      if (lastAttempt) {
        await this.runner.giveUp(importId, {
          code: 'IMPORT_ERROR',
          message: `The import stopped after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`,
        });
      }
      throw error;
    }
  }
}
