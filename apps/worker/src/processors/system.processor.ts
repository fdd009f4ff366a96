import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { RetentionReport, RetentionService } from '@dialer/calls';
import { FoldReport, RollupFoldingService } from '@dialer/reporting';
import { enqueue, ProbeJob, ProbeResult, QUEUES } from '@dialer/queues';
import { processQueue } from './process-queue';

export const RETENTION_PURGE_EVERY_MS = 24 * 3600_000;
/** How often the rollups' finished hours are folded into one row per bucket (a run's time budget is well under it). */
export const ROLLUP_FOLD_EVERY_MS = 10 * 60_000;

/**
 * Answers probe jobs (proof that this worker consumes what the api enqueues),
 * runs the daily retention purge and folds the rollups' finished hours.
 */
@Injectable()
export class SystemProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
    private readonly retention: RetentionService,
    private readonly rollups: RollupFoldingService,
  ) {}

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.system, this.config.worker.concurrency, {
      probe: (job) => this.probe(job),
      'retention-purge': () => this.purgeExpired(),
      'rollup-fold': () => this.foldRollups(),
    });
  }

  /** One repeatable daily purge and one fold every 10 minutes for the whole cluster (Bull de-duplicates repeatable jobs by their key). */
  async onApplicationBootstrap(): Promise<void> {
    // Together, in one round trip's time: start-up (before the shutdown hooks are on) stays as short as it was.
    await Promise.all([
      enqueue(this.queue, QUEUES.system, 'retention-purge', {}, { repeat: { every: RETENTION_PURGE_EVERY_MS }, jobId: 'retention-purge' }),
      enqueue(this.queue, QUEUES.system, 'rollup-fold', {}, { repeat: { every: ROLLUP_FOLD_EVERY_MS }, jobId: 'rollup-fold' }),
    ]);
  }

  purgeExpired(): Promise<RetentionReport> {
    return this.retention.purgeExpired();
  }

  foldRollups(): Promise<FoldReport> {
    return this.rollups.foldFinishedHours();
  }

  async probe(job: Job<ProbeJob>): Promise<ProbeResult> {
    const queueLatencyMs = this.clock.now().getTime() - job.timestamp;
    if (job.data.holdMs > 0) await sleep(job.data.holdMs);
    return { processedBy: `${hostname()}:${process.pid}`, queueLatencyMs };
  }
}
