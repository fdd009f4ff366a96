import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { ImportRunner, ImportRunOutcome } from '@dialer/leads';
import { QUEUES, RunImportJob } from '@dialer/queues';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs lead and DNC imports, one at a time per worker: an import keeps a core
 * busy and holds a database session. Errors other than a bad file are thrown
 * so the queue retries (the import restarts from its file); after the last
 * attempt the import is marked failed with the reason.
 */
@Processor(QUEUES.imports)
export class ImportsProcessor {
  constructor(
    private readonly runner: ImportRunner,
    // @CreateRequestContext() looks for it: each job gets a fresh MikroORM context.
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ImportsProcessor.name);
  }

  @Process({ name: 'run', concurrency: 1 })
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
