import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { enqueue, QUEUES } from '@dialer/queues';

/** Delayed jobs for the dialer's timers; each is idempotent and checks the agent's epoch when it fires. */
@Injectable()
export class DialerTimers {
  constructor(@InjectQueue(QUEUES.dialer) private readonly queue: Queue) {}

  async wrapUpExpires(agentId: string, epoch: number, afterSec: number): Promise<void> {
    await enqueue(this.queue, QUEUES.dialer, 'wrap-up-expired', { agentId, epoch }, { delay: afterSec * 1000, jobId: `wrap:${agentId}:${epoch}` });
  }

  async previewAutoDial(agentId: string, attemptId: string, epoch: number, afterSec: number): Promise<void> {
    await enqueue(this.queue, QUEUES.dialer, 'preview-autodial', { agentId, attemptId, epoch }, { delay: afterSec * 1000, jobId: `preview:${attemptId}` });
  }
}
