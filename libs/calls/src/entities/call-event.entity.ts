import { BigIntType, Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CallAttempt } from './call-attempt.entity';

/** The Twilio webhooks a call attempt hears about. */
export const CALL_EVENT_KINDS = ['status', 'amd', 'voice', 'gather', 'conference'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

/**
 * Every webhook Twilio sent about our calls, as received: append-only
 * evidence, and the duplicate filter. `(call_sid, kind, dedupe_key)` is
 * unique, so a retried or duplicated callback inserts nothing and changes
 * nothing. Written with raw SQL on the hot path (CallProgressRepository).
 */
@Entity({ tableName: 'call_events' })
@Unique({ name: 'call_events_dedupe_unique', properties: ['callSid', 'kind', 'dedupeKey'] })
@Index({ name: 'call_events_attempt_id_index', properties: ['attempt'] })
export class CallEvent {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** Null when the call is not one of our attempts (logged, kept for investigation). */
  @ManyToOne(() => CallAttempt, { nullable: true })
  attempt?: CallAttempt;

  /** The call the event is about; a room-level conference event (start, end) has the ConferenceSid here. */
  @Property({ type: 'text' })
  callSid!: string;

  @Enum({ items: () => CALL_EVENT_KINDS, type: 'text' })
  kind!: CallEventKind;

  /**
   * What makes two deliveries the same event: the SequenceNumber for status
   * callbacks, `ConferenceSid:SequenceNumber` for conference events, the step
   * for voice and gather requests, the call itself for the AMD verdict.
   */
  @Property({ type: 'text' })
  dedupeKey!: string;

  @Property({ type: 'integer', nullable: true })
  sequenceNumber?: number;

  /** CallStatus, AnsweredBy or StatusCallbackEvent, by kind. */
  @Property({ type: 'text', nullable: true })
  status?: string;

  /** Every form parameter as posted. */
  @Property({ type: 'jsonb' })
  params!: Record<string, string>;

  /** Twilio's I-Twilio-Idempotency-Token header (the same on retries and copies). */
  @Property({ type: 'text', nullable: true })
  idempotencyToken?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Opt<Date> = new Date();
}
