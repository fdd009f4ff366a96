import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '@dialer/core';
import { RawSql } from '../persistence/raw-sql';

export interface TwimlKey {
  callSid: string;
  webhook: 'voice' | 'gather';
  step: string;
}

/** What the claim of a voice or gather request found (made with its event: CallProgressRepository). */
export interface TwimlClaimOutcome {
  token: string;
  /** This request holds the claim: it computes and stores the document. */
  claimed: boolean;
  /** The document already stored for this request (a retry), if any. */
  twiml: string | null;
}

/** A claim whose document has not appeared in this long is abandoned (its process died) and may be taken over. */
export const TWIML_CLAIM_STALE_MS = 8_000;
/** How long a copy of a request waits for the document its twin is computing (Twilio gives up after 15 s). */
export const TWIML_WAIT_MS = 12_000;
const POLL_MS = 20;

/**
 * The claim, for whichever statement makes it: inserts the (call_sid,
 * webhook, step, claim_token) rows of `rows` (a VALUES list or a SELECT), and
 * takes over a row whose document never came once its claim is older than
 * `staleMs` milliseconds (a parameter, as `$n`). Returns the claim_token of
 * each claim made: the caller holds the claim when its own token comes back.
 */
export function twimlClaimSql(rows: string, staleMs: string): string {
  return `insert into call_twiml_responses (call_sid, webhook, step, claim_token)
  ${rows}
  on conflict (call_sid, webhook, step) do update set claim_token = excluded.claim_token, claimed_at = now()
    where call_twiml_responses.twiml is null
      and call_twiml_responses.claimed_at < now() - make_interval(secs => ${staleMs}::double precision / 1000)
  returning claim_token`;
}

const CLAIM_SQL = twimlClaimSql('values ($1, $2, $3, $4)', '$5');
const READ_SQL = `select twiml from call_twiml_responses where call_sid = $1 and webhook = $2 and step = $3`;
const FILL_SQL = `update call_twiml_responses set twiml = $5, answered_at = now()
where call_sid = $1 and webhook = $2 and step = $3 and claim_token = $4 and twiml is null returning twiml`;
const RELEASE_SQL = `delete from call_twiml_responses where call_sid = $1 and webhook = $2 and step = $3 and claim_token = $4 and twiml is null`;

/**
 * "The first TwiML we answered, for ever": a request computes its document
 * only after claiming its (call, webhook, step) row; any copy, in this
 * process or another, waits for that document instead. So a Twilio retry,
 * even one racing the original, gets the same bytes, and the call flow policy
 * runs once. The first claim is usually made with the request's event, in
 * the same statement (CallProgressRepository).
 */
@Injectable()
export class TwimlResponseStore {
  /** Copies arriving in this process share the first one's promise instead of polling. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly sql: RawSql) {}

  /**
   * The document for this request: the stored one, or the one `compute`
   * makes once claimed. `first` is the outcome of a claim already made for
   * this request (with its event); without it, the store claims itself.
   */
  respondOnce(key: TwimlKey, compute: () => Promise<string>, first?: TwimlClaimOutcome): Promise<string> {
    if (first?.twiml) return Promise.resolve(first.twiml);
    const id = `${key.callSid}\u0000${key.webhook}\u0000${key.step}`;
    let pending = this.inFlight.get(id);
    // A claim of our own is computed even if a copy in this process got there first (its claim went stale).
    if (!pending || first?.claimed) {
      pending = this.resolve(key, compute, first).finally(() => {
        if (this.inFlight.get(id) === pending) this.inFlight.delete(id);
      });
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async resolve(key: TwimlKey, compute: () => Promise<string>, first: TwimlClaimOutcome | undefined): Promise<string> {
    const keyValues = [key.callSid, key.webhook, key.step];
    const deadline = Date.now() + TWIML_WAIT_MS;
    let claim = first;
    for (;;) {
      const token = claim?.token ?? randomUUID();
      const claimed = claim
        ? claim.claimed
        : (await this.sql.query<{ claim_token: string }>('calls.twiml-claim', CLAIM_SQL, [...keyValues, token, TWIML_CLAIM_STALE_MS]))[0]?.claim_token === token;
      claim = undefined;
      if (claimed) {
        const twiml = await this.computeAndStore(keyValues, token, compute);
        if (twiml !== null) return twiml;
      }
      const [stored] = await this.sql.query<{ twiml: string | null }>('calls.twiml-read', READ_SQL, keyValues);
      if (stored?.twiml) return stored.twiml;
      if (Date.now() > deadline) {
        throw new DomainError('CALL_FLOW_BUSY', 'Another copy of this request is still computing its TwiML', 'unavailable', { ...key });
      }
      await sleep(POLL_MS);
    }
  }

  /** The stored document, or null when our claim was taken over meanwhile (then the taker's document wins). */
  private async computeAndStore(keyValues: string[], token: string, compute: () => Promise<string>): Promise<string | null> {
    let twiml: string;
    try {
      twiml = await compute();
    } catch (error) {
      // Let Twilio's retry ask again rather than replay a failure.
      await this.sql.query('calls.twiml-release', RELEASE_SQL, [...keyValues, token]).catch(() => undefined);
      throw error;
    }
    const [stored] = await this.sql.query<{ twiml: string }>('calls.twiml-fill', FILL_SQL, [...keyValues, token, twiml]);
    return stored?.twiml ?? null;
  }
}
