import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { RetentionReport, RetentionService } from '@dialer/calls';
import { enqueue, ProbeJob, ProbeResult, QUEUES } from '@dialer/queues';
import { processQueue } from './process-queue';

export const RETENTION_PURGE_EVERY_MS = 24 * 3600_000;

/** Answers probe jobs (proof that this worker consumes what the api enqueues) and runs the daily retention purge. */
@Injectable()
export class SystemProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.system, this.config.worker.concurrency, {
      probe: (job) => this.probe(job),
      'retention-purge': () => this.purgeExpired(),
    });
  }

  /** One repeatable daily purge for the whole cluster (Bull de-duplicates repeatable jobs by their key). */
  async onApplicationBootstrap(): Promise<void> {
    await enqueue(this.queue, QUEUES.system, 'retention-purge', {}, { repeat: { every: RETENTION_PURGE_EVERY_MS }, jobId: 'retention-purge' });
  }

  purgeExpired(): Promise<RetentionReport> {
    return this.retention.purgeExpired();
  }

  async probe(job: Job<ProbeJob>): Promise<ProbeResult> {
    const queueLatencyMs = this.clock.now().getTime() - job.timestamp;
    if (job.data.holdMs > 0) await sleep(job.data.holdMs);
    return { processedBy: `${hostname()}:${process.pid}`, queueLatencyMs };
  }
}
