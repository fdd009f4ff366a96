import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';
import type { AnsweredBy } from '@dialer/telephony';
import type { AttemptState } from '../entities/call-attempt.entity';
import type { CallEventKind } from '../entities/call-event.entity';

/**
 * What the dialer runtime hears about its calls, one Redis stream per
 * campaign (`<QUEUE_PREFIX>:calls:events:<campaignId>`), within milliseconds
 * of the webhook. A notification, not the record: PostgreSQL holds the truth
 * (`call_attempts`, `call_events`), so a consumer that missed entries (Redis
 * restarted, stream trimmed) reconciles from there.
 *
 * Each webhook is published after its own commit. Two webhooks of one call
 * committed at once (by two batches, or two api processes) may therefore
 * reach the stream in the other order: an attempt's entries are not ordered
 * by its states. A consumer that follows an attempt's state keeps the one of
 * highest rank (ATTEMPT_STATE_RANK: a state never goes back); the runtime acts
 * only on ends and AMD verdicts, whatever came before them.
 */
export interface CallEventMessage {
  attemptId: string;
  campaignId: string;
  leadId: string;
  callSid: string;
  kind: CallEventKind;
  /** The attempt's state once the event was stored (see the header on order). */
  state: AttemptState;
  /** What the webhook said: CallStatus (status), AnsweredBy (amd), StatusCallbackEvent (conference). */
  status: string | null;
  answeredBy: AnsweredBy | null;
  /** The conference room (FriendlyName), for conference events. */
  room: string | null;
  /** When it happened (ISO 8601). */
  at: string;
}

export interface StreamedCallEvent {
  /** The stream entry id: pass the last one seen to `read` to continue after it. */
  id: string;
  event: CallEventMessage;
}

/** Roughly how many entries each campaign's stream keeps (XADD MAXLEN ~). */
export const CALL_EVENTS_STREAM_MAXLEN = 10_000;

const FIELDS: readonly (keyof CallEventMessage)[] = [
  'attemptId',
  'campaignId',
  'leadId',
  'callSid',
  'kind',
  'state',
  'status',
  'answeredBy',
  'room',
  'at',
];

function toFields(event: CallEventMessage): string[] {
  return FIELDS.flatMap((field) => [field, event[field] ?? '']);
}

/** Decodes one stream entry's fields (for readers that follow several streams at once). */
export function decodeCallEvent(fields: string[]): CallEventMessage {
  const values: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i]!] = fields[i + 1]!;
  const orNull = (value: string | undefined) => (value ? value : null);
  return {
    attemptId: values.attemptId ?? '',
    campaignId: values.campaignId ?? '',
    leadId: values.leadId ?? '',
    callSid: values.callSid ?? '',
    kind: values.kind as CallEventKind,
    state: values.state as AttemptState,
    status: orNull(values.status),
    answeredBy: orNull(values.answeredBy) as AnsweredBy | null,
    room: orNull(values.room),
    at: values.at ?? '',
  };
}

export interface ReadOptions {
  /** How long to wait for a first entry (ms); 0 returns at once. */
  blockMs?: number;
  /** At most this many entries (default 100). */
  count?: number;
}

/**
 * Publishes call events (buffered: everything published within one tick goes
 * to Redis as one pipeline, after the webhook's response is on its way) and
 * reads them back for the runtime.
 */
@Injectable()
export class CallEventsStream implements OnApplicationShutdown {
  private buffer: CallEventMessage[] = [];
  private flushing: Promise<void> | null = null;
  /** Blocking reads hold their connection: one per campaign being read. */
  private readonly readers = new Map<string, Redis>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CallEventsStream.name);
  }

  key(campaignId: string): string {
    return `${this.config.redis.queuePrefix}:calls:events:${campaignId}`;
  }

  /** Queues an event for the next flush; never throws (a failure to publish is logged). */
  publish(event: CallEventMessage): void {
    this.buffer.push(event);
    if (this.buffer.length === 1) setImmediate(() => void this.flush());
  }

  /** Sends what is buffered; resolves once Redis has it (or the failure is logged). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.send(batch).finally(() => (this.flushing = null));
    await this.flushing;
  }

  /**
   * Entries of a campaign's stream after `fromId` (`$`: only new ones, `0`:
   * from the start), waiting up to `blockMs` for the first. Each campaign
   * read gets its own connection, so readers never block each other.
   */
  async read(campaignId: string, fromId = '$', { blockMs = 1_000, count = 100 }: ReadOptions = {}): Promise<StreamedCallEvent[]> {
    const reader = await this.readerFor(campaignId);
    const reply = (await reader.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.key(campaignId), fromId)) as
      | [string, [string, string[]][]][]
      | null;
    const entries = reply?.[0]?.[1] ?? [];
    return entries.map(([id, fields]) => ({ id, event: decodeCallEvent(fields) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    await Promise.all([...this.readers.values()].map((reader) => reader.quit().catch(() => reader.disconnect())));
    this.readers.clear();
  }

  private async send(batch: CallEventMessage[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const event of batch) {
      pipeline.xadd(this.key(event.campaignId), 'MAXLEN', '~', CALL_EVENTS_STREAM_MAXLEN, '*', ...toFields(event));
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.filter(([error]) => error);
      if (failed.length > 0) this.logger.error({ err: failed[0]![0], failed: failed.length }, 'Could not publish call events');
    } catch (error) {
      this.logger.error({ err: error, lost: batch.length }, 'Could not publish call events');
    }
  }

  private async readerFor(campaignId: string): Promise<Redis> {
    let reader = this.readers.get(campaignId);
    if (!reader) {
      reader = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
      reader.on('error', () => undefined);
      this.readers.set(campaignId, reader);
      await reader.connect();
    }
    return reader;
  }
}
