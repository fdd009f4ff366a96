import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The first TwiML document we answered per (call, webhook, step), so a
 * request Twilio retries gets the very same bytes. A row is claimed (twiml
 * null) before the call flow policy runs, then filled: concurrent copies of
 * a request wait for the document instead of asking the policy twice.
 */
@Entity({ tableName: 'call_twiml_responses' })
export class CallTwimlResponse {
  @PrimaryKey({ type: 'text' })
  callSid!: string;

  /** `voice` or `gather`. */
  @PrimaryKey({ type: 'text' })
  webhook!: string;

  /** The step the URL names (`answer` for the voice webhook). */
  @PrimaryKey({ type: 'text' })
  step!: string;

  /** Who is computing the document; a claim older than the stale limit can be taken over. */
  @Property({ type: 'uuid' })
  claimToken!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  claimedAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  twiml?: string;

  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date;
}
