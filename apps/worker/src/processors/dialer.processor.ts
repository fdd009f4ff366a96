import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, AppConfig, DomainError } from '@dialer/core';
import { AgentCallsService, AgentReadinessService, ReconcileReport, Reconciler } from '@dialer/dialer';
import { enqueue, PreviewAutoDialJob, QUEUES, ReconcileJob, WrapUpExpiredJob } from '@dialer/queues';
import { processQueue } from './process-queue';

export const RECONCILE_EVERY_MS = 30_000;
/** Attempts a dead worker took but never placed are given back within seconds: a cheap query, run often. */
export const UNPLACED_EVERY_MS = 5_000;

/** The dialer's timers and its reconciliation sweep. Thin: each job is one service call. WORKER_CONCURRENCY at once. */
@Injectable()
export class DialerProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly orm: MikroORM,
    private readonly agentCalls: AgentCallsService,
    private readonly readiness: AgentReadinessService,
    private readonly reconciler: Reconciler,
    @InjectQueue(QUEUES.dialer) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.dialer, this.config.worker.concurrency, {
      'wrap-up-expired': (job) => this.wrapUpExpired(job),
      'preview-autodial': (job) => this.previewAutoDial(job),
      reconcile: (job) => this.reconcile(job),
    });
  }

  /**
   * One repeatable sweep for the whole cluster (Bull de-duplicates repeatable
   * jobs by their key), and one full sweep now: while no worker ran, the
   * calls in flight may have ended unheard (a crash, or every process down).
   */
  async onApplicationBootstrap(): Promise<void> {
    await enqueue(this.queue, QUEUES.dialer, 'reconcile', {}, { repeat: { every: RECONCILE_EVERY_MS }, jobId: 'reconcile' });
    await enqueue(this.queue, QUEUES.dialer, 'reconcile', { unplacedOnly: true }, { repeat: { every: UNPLACED_EVERY_MS }, jobId: 'reconcile-unplaced' });
    // One id: workers starting together share one sweep (Bull keeps one job per id while it exists).
    await enqueue(this.queue, QUEUES.dialer, 'reconcile', { sweepLive: true }, { jobId: 'reconcile-startup' });
  }

  @CreateRequestContext()
  async wrapUpExpired(job: Job<WrapUpExpiredJob>): Promise<boolean> {
    return (await this.readiness.expireWrapUp(job.data.agentId, job.data.epoch)) !== null;
  }

  /**
   * The countdown of a held preview ran out: dial it. False when there is
   * nothing to dial, which a retry cannot change: dialed or skipped by hand
   * meanwhile, a gate that blocks it now, a call refused before it rang (any
   * domain error that is not retryable). Only a dependency that is down is
   * worth another try.
   */
  @CreateRequestContext()
  async previewAutoDial(job: Job<PreviewAutoDialJob>): Promise<boolean> {
    try {
      await this.agentCalls.dialPreview(job.data.agentId, job.data.epoch);
      return true;
    } catch (error) {
      if (error instanceof DomainError && !error.retryable) return false;
      throw error;
    }
  }

  @CreateRequestContext()
  async reconcile(job: Job<ReconcileJob>): Promise<ReconcileReport | { neverPlaced: number }> {
    if (job.data.unplacedOnly) return { neverPlaced: await this.reconciler.giveBackUnplaced() };
    return this.reconciler.run({ sweepLive: job.data.sweepLive === true });
  }
}
