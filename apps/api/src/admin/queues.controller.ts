import { getQueueToken, InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CLOCK, Clock, DomainError, NotFoundError } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { ALL_QUEUES, enqueue, QUEUES, QueueName } from '@dialer/queues';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';

export class ProbeDto {
  @ApiPropertyOptional({ description: 'Keep the job busy this long (ms), to watch a worker drain', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120_000)
  holdMs?: number;
}

export class JobParams {
  @ApiProperty({ enum: ALL_QUEUES })
  @IsIn(ALL_QUEUES)
  queue!: QueueName;

  @ApiProperty()
  @IsString()
  @MaxLength(64)
  jobId!: string;
}

export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  attemptsMade: number;
  failedReason?: string;
  result?: unknown;
  createdAt: string;
  processedAt?: string;
  finishedAt?: string;
}

const iso = (ms?: number | null) => (ms ? new Date(ms).toISOString() : undefined);

@ApiTags('operations')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/queues')
export class QueuesController {
  constructor(
    @InjectQueue(QUEUES.system) private readonly system: Queue,
    private readonly moduleRef: ModuleRef,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('probe')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a probe job through Redis to a worker; poll it to see the round trip' })
  async probe(@Body() body: ProbeDto, @CurrentActor() actor: Actor): Promise<JobView> {
    const job = await enqueue(this.system, QUEUES.system, 'probe', {
      requestedBy: actor.id ?? 'system',
      requestedAt: this.clock.now().toISOString(),
      holdMs: body.holdMs ?? 0,
    });
    return this.view(QUEUES.system, job.id);
  }

  @Get(':queue/jobs/:jobId')
  @ApiOperation({ summary: 'One job: state, attempts, failure reason or result' })
  async job(@Param() { queue, jobId }: JobParams): Promise<JobView> {
    return this.view(queue, jobId);
  }

  private async view(queueName: QueueName, jobId: string | number): Promise<JobView> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
    const job = await queue.getJob(jobId);
    if (!job) throw new NotFoundError('Job', String(jobId));
    const state = await job.getState();
    if (!state) throw new DomainError('JOB_STATE_UNKNOWN', `Job ${jobId} has no state`, 'conflict');
    return {
      id: String(job.id),
      queue: queueName,
      name: job.name,
      state,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason,
      result: job.returnvalue as unknown,
      createdAt: iso(job.timestamp) ?? '',
      processedAt: iso(job.processedOn),
      finishedAt: iso(job.finishedOn),
    };
  }
}
