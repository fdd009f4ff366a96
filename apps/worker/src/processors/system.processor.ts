import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { ProbeJob, ProbeResult, QUEUES } from '@dialer/queues';
import { processQueue } from './process-queue';

/** Answers probe jobs: proof that this worker consumes what the api enqueues. */
@Injectable()
export class SystemProcessor implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    processQueue(this.queue, QUEUES.system, this.config.worker.concurrency, { probe: (job) => this.probe(job) });
  }

  async probe(job: Job<ProbeJob>): Promise<ProbeResult> {
    const queueLatencyMs = this.clock.now().getTime() - job.timestamp;
    if (job.data.holdMs > 0) await sleep(job.data.holdMs);
    return { processedBy: `${hostname()}:${process.pid}`, queueLatencyMs };
  }
}
