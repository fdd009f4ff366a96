import { Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import type { Job } from 'bull';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOCK, Clock } from '@dialer/core';
import { ProbeJob, ProbeResult, QUEUES } from '@dialer/queues';

/** Answers probe jobs: proof that this worker consumes what the api enqueues. */
@Processor(QUEUES.system)
export class SystemProcessor {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Process('probe')
  async probe(job: Job<ProbeJob>): Promise<ProbeResult> {
    const queueLatencyMs = this.clock.now().getTime() - job.timestamp;
    if (job.data.holdMs > 0) await sleep(job.data.holdMs);
    return { processedBy: `${hostname()}:${process.pid}`, queueLatencyMs };
  }
}
