import { getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { ALL_QUEUES } from '@dialer/queues';

const DRAINED = Symbol('drained');

/** `Job#moveToDelayed` exists in bull 4 (lib/job.js) but is missing from its typings. */
type HandBack = Job & { moveToDelayed(timestamp: number, ignoreLock?: boolean): Promise<void> };

/**
 * On SIGTERM the worker stops taking jobs and lets running ones finish within
 * the grace period. Jobs still running then are handed back to their queue
 * rather than lost: moved from active to delayed, due now, so any worker takes
 * them at once. That does not count as an attempt (unlike moveToFailed, which
 * would send a job on its last attempt to the failed set): a deploy never uses
 * up a job's retries.
 */
@Injectable()
export class WorkerDrain implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, Job>();
  private queues: Queue[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.logger.setContext(WorkerDrain.name);
  }

  onApplicationBootstrap(): void {
    this.queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    for (const queue of this.queues) {
      const key = (job: Job) => `${queue.name}:${job.id}`;
      queue.on('active', (job: Job) => this.running.set(key(job), job));
      queue.on('completed', (job: Job) => this.running.delete(key(job)));
      queue.on('failed', (job: Job) => this.running.delete(key(job)));
      queue.on('error', (error: Error) => this.logger.warn({ err: error, queue: queue.name }, 'queue connection error'));
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const graceMs = this.config.worker.shutdownGraceMs;
    this.logger.info({ signal, running: [...this.running.keys()], graceMs }, 'draining: taking no new jobs');
    const graceTimer = new AbortController();
    const drained = Promise.all(this.queues.map((queue) => queue.pause(true))).then(() => DRAINED);
    const graceOver = sleep(graceMs, undefined, { signal: graceTimer.signal }).catch(() => undefined);
    const outcome = await Promise.race([drained, graceOver]);
    graceTimer.abort(); // the loser must not keep the process alive
    if (outcome === DRAINED) {
      this.logger.info('drained: every running job finished');
      return;
    }
    // With concurrency > 1, idle fetch loops may still be blocked in BRPOPLPUSH until
    // Bull's forced reconnect lands (up to ~0.5 s after the pause): abort them first,
    // or this stopping worker could fetch a handed-back job again. (The rejection when
    // that reconnect already runs is expected: the blocking connection is gone either way.)
    await Promise.all(this.queues.map((queue) => queue.pause(true, true).catch(() => undefined)));
    for (const [key, job] of this.running) {
      await this.handBack(job, signal)
        .then((state) =>
          this.logger.warn(
            { job: key, state, attemptsMade: job.attemptsMade },
            state === 'delayed' || state === 'waiting'
              ? 'handed back an unfinished job'
              : 'unfinished job no longer held by this worker (lost its lock, or already taken again)',
          ),
        )
        .catch((error: Error) => this.logger.error({ err: error, job: key }, 'could not hand back job; it will stall and be retried'));
    }
    // Close without waiting for the abandoned handlers, so shutdown can complete.
    await Promise.all(this.queues.map((queue) => queue.close(true)));
  }

  /**
   * Active → delayed (due now), releasing our lock, attemptsMade untouched.
   * Checked against our lock token, not forced: if the lock was lost the job
   * may already run elsewhere, and it must not be taken from that worker.
   * (The script answers a lost lock silently, hence the state read after.)
   */
  private async handBack(job: Job, signal?: string): Promise<string> {
    await (job as HandBack).moveToDelayed(Date.now(), false);
    const state = await job.getState();
    if (state === 'delayed' || state === 'waiting') {
      await job.log(`handed back by a worker stopping (${signal ?? 'shutdown'}) before the job finished; attempt not counted`);
    }
    return state;
  }
}
