import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { enqueue, jobLiveness, QUEUES, RunExportJob } from '@dialer/queues';
import { ExportsService } from '@dialer/reporting';
import { processQueue } from './process-queue';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One export at a time per worker process: it holds a database session and a core while it streams. */
export const EXPORTS_PER_WORKER = 1;

/** How often expired export files are deleted, and exports no live job runs are settled. */
export const EXPORT_CLEAN_UP_EVERY_MS = 10 * 60_000;
/** How long an export must have been untouched before a missing or dead job settles it. */
export const EXPORT_ORPHAN_GRACE_MS = 2 * 60_000;

/**
 * Writes export files, deletes them once expired, and settles exports whose
 * job the queue lost. A failed attempt is
 * retried from the start (the half-written file is removed); after the last
 * one the export is marked failed with the reason.
 */
@Injectable()
export class ExportsProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly exports: ExportsService,
    // @CreateRequestContext() looks for it: each job gets a fresh MikroORM context.
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
  ) {
    this.logger.setContext(ExportsProcessor.name);
  }

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.exports, EXPORTS_PER_WORKER, { run: (job) => this.run(job), 'clean-up': () => this.cleanUp() });
  }

  /** One repeatable clean-up for the whole cluster (Bull de-duplicates repeatable jobs by their key). */
  async onApplicationBootstrap(): Promise<void> {
    await enqueue(this.queue, QUEUES.exports, 'clean-up', {}, { repeat: { every: EXPORT_CLEAN_UP_EVERY_MS }, jobId: 'clean-up' });
  }

  @CreateRequestContext()
  async cleanUp(): Promise<{ expired: number; requeued: string[]; failed: string[] }> {
    const orphans = await this.exports.settleOrphans(
      {
        liveness: (exportId) => jobLiveness(this.queue, exportId),
        requeue: async (exportId) => void (await enqueue(this.queue, QUEUES.exports, 'run', { exportId }, { jobId: exportId })),
      },
      EXPORT_ORPHAN_GRACE_MS,
    );
    if (orphans.requeued.length || orphans.failed.length) this.logger.warn(orphans, 'exports no live job ran: settled');
    return { expired: await this.exports.cleanUp(), ...orphans };
  }

  @CreateRequestContext()
  async run(job: Job<RunExportJob>): Promise<{ outcome: 'written' | 'skipped' | 'invalid_payload' }> {
    const exportId = job.data?.exportId;
    if (typeof exportId !== 'string' || !UUID.test(exportId)) {
      this.logger.error({ jobId: job.id }, 'export job without a valid exportId; dropped');
      return { outcome: 'invalid_payload' };
    }
    try {
      return { outcome: (await this.exports.run(exportId)) ? 'written' : 'skipped' };
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ err: error, exportId, attempt: job.attemptsMade + 1, lastAttempt }, 'export attempt failed');
      if (lastAttempt) await this.exports.fail(exportId, job.attemptsMade + 1, error);
      throw error;
    }
  }
}
