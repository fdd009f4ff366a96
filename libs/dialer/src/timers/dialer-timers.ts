import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { enqueue, QUEUES } from '@dialer/queues';

/** Delayed jobs for the dialer's timers; each is idempotent and checks the agent's epoch when it fires. */
@Injectable()
export class DialerTimers {
  constructor(@InjectQueue(QUEUES.dialer) private readonly queue: Queue) {}

  /** `untilMs` names an extended deadline: its own job, beside the wrap-up's first one. */
  async wrapUpExpires(agentId: string, epoch: number, afterSec: number, untilMs?: number): Promise<void> {
    const jobId = untilMs === undefined ? `wrap:${agentId}:${epoch}` : `wrap:${agentId}:${epoch}:${untilMs}`;
    await enqueue(this.queue, QUEUES.dialer, 'wrap-up-expired', { agentId, epoch }, { delay: Math.max(0, Math.round(afterSec * 1000)), jobId });
  }

  async previewAutoDial(agentId: string, attemptId: string, epoch: number, afterSec: number): Promise<void> {
    await enqueue(this.queue, QUEUES.dialer, 'preview-autodial', { agentId, attemptId, epoch }, { delay: afterSec * 1000, jobId: `preview:${attemptId}` });
  }
}
