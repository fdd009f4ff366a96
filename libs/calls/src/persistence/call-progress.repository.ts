import { Injectable } from '@nestjs/common';
import type { AnsweredBy } from '@dialer/telephony';
import type { AttemptState } from '../entities/call-attempt.entity';
import type { CallEventKind } from '../entities/call-event.entity';
import { ATTEMPT_STATE_RANK, effectOf, ProgressReport } from '../state/attempt-state-machine';
import { TWIML_CLAIM_STALE_MS, TwimlClaimOutcome, twimlClaimSql } from '../flow/twiml-response.store';
import { GroupCommit } from './group-commit';
import { RawSql } from './raw-sql';

/** One webhook to store, and what it says about the call. */
export interface CallEventInput {
  kind: CallEventKind;
  callSid: string;
  /** With `callSid` and `kind`, identifies the event: a second delivery inserts and changes nothing. */
  dedupeKey: string;
  sequenceNumber: number | null;
  status: string | null;
  params: Record<string, string>;
  idempotencyToken: string | null;
  receivedAt: Date;
  /** The attempt id from the callback URL's query, if any (already checked to be a UUID). */
  attemptHint: string | null;
  /**
   * The hint may match an attempt whose CallSid is not stored yet (and stores
   * it): true for the call's own callbacks, false for conference events,
   * whose participant may be another call (the agent's).
   */
  hintMayBindSid: boolean;
  /** Applied to the attempt through the state machine; null to record only. */
  report: ProgressReport | null;
  /**
   * Voice and gather requests: claim the right to compute the call's TwiML for
   * this webhook and step in the same statement (see TwimlResponseStore),
   * when the call is one of our attempts.
   */
  twimlClaim?: { webhook: 'voice' | 'gather'; step: string; token: string };
}


export interface AttemptAfterEvent {
  id: string;
  campaignId: string;
  leadId: string;
  state: AttemptState;
  answeredBy: AnsweredBy | null;
  previousState: AttemptState;
  /** The event changed at least one column of the attempt. */
  changed: boolean;
}

export interface RecordedCallEvent {
  /** Already stored: a retry or a copy. Nothing was changed. */
  duplicate: boolean;
  /** Null when the call is not one of our attempts. */
  attempt: AttemptAfterEvent | null;
  /** When a claim was asked for and the call is one of our attempts. */
  twimlClaim?: TwimlClaimOutcome;
}

interface Row {
  ord: number;
  inserted: boolean;
  id: string | null;
  campaign_id: string | null;
  lead_id: string | null;
  old_state: AttemptState | null;
  old_answered_by: AnsweredBy | null;
  new_state: AttemptState | null;
  new_answered_by: AnsweredBy | null;
  claimed: boolean;
  stored_twiml: string | null;
}

const rankOf = (column: string) =>
  `(case ${column} ${Object.entries(ATTEMPT_STATE_RANK)
    .map(([state, rank]) => `when '${state}' then ${rank}`)
    .join(' ')} end)`;

/** Columns a report fills when empty: [column, key of the state machine's fills, type]. */
const FILLED_COLUMNS = [
  ['initiated_at', 'initiatedAt', 'timestamptz'],
  ['ringing_at', 'ringingAt', 'timestamptz'],
  ['answered_at', 'answeredAt', 'timestamptz'],
  ['connected_at', 'connectedAt', 'timestamptz'],
  ['ended_at', 'endedAt', 'timestamptz'],
  ['answered_by', 'answeredBy', 'text'],
  ['duration_sec', 'durationSec', 'int'],
  ['sip_response_code', 'sipResponseCode', 'int'],
] as const;

/**
 * One statement for a batch of webhooks, `$1` a JSON array of rows (see
 * rowOf), `$2` TWIML_CLAIM_STALE_MS. For each row: lock the attempt (by
 * CallSid, or by the attempt id from the URL when the CallSid is not stored
 * yet), insert the event unless it is already there, and only then advance
 * the attempt by the state machine's rules (the same as `applyProgress`:
 * higher rank wins, empty columns fill, the highest SequenceNumber stays; the
 * state machine's header says why rank decides exactly as SequenceNumber order
 * would). Locking the attempt first serialises a call's concurrent callbacks
 * without deadlocks. A voice or gather row also claims its TwiML (with
 * TwimlResponseStore's claim, twimlClaimSql) and reads the document already
 * stored, if any.
 *
 * The caller puts at most one webhook of a call in a batch (by CallSid and
 * attempt hint), so each row sees the attempt as the previous statement left
 * it, and orders the rows by CallSid, so that concurrent batches lock
 * attempts in the same order.
 */
export const RECORD_CALL_EVENTS_SQL = `
with input as (
  select * from json_to_recordset($1::json) as i(
    ord int, call_sid text, hint uuid, may_bind boolean, kind text, dedupe_key text, seq int, status text, params jsonb,
    token text, received_at timestamptz, apply boolean, target_state text, target_rank int,
    ${FILLED_COLUMNS.map(([column, , type]) => `${column} ${type}`).join(', ')},
    claim_webhook text, claim_step text, claim_token uuid)
), target as (
  select i.ord, a.id, a.campaign_id, a.lead_id, a.state, a.answered_by
  from input i
  cross join lateral (
    select id, campaign_id, lead_id, state, answered_by
    from call_attempts
    where provider_call_sid = i.call_sid
       or (id = i.hint and (provider_call_sid = i.call_sid or (provider_call_sid is null and i.may_bind)))
    limit 1
    for update
  ) a
), ev as (
  insert into call_events (attempt_id, call_sid, kind, dedupe_key, sequence_number, status, params, idempotency_token, received_at)
  select t.id, i.call_sid, i.kind, i.dedupe_key, i.seq, i.status, i.params, i.token, i.received_at
  from input i left join target t on t.ord = i.ord
  order by i.ord
  on conflict (call_sid, kind, dedupe_key) do nothing
  returning attempt_id, call_sid, kind, dedupe_key
), fresh as (
  select i.*, ev.attempt_id from ev join input i using (call_sid, kind, dedupe_key)
), upd as (
  update call_attempts a set
    state = case when f.target_rank > ${rankOf('a.state')} then f.target_state else a.state end,
    last_sequence_number = greatest(a.last_sequence_number, coalesce(f.seq, -1)),
    ${FILLED_COLUMNS.map(([column]) => `${column} = coalesce(a.${column}, f.${column})`).join(',\n    ')},
    provider_call_sid = coalesce(a.provider_call_sid, f.call_sid),
    updated_at = now()
  from fresh f
  where a.id = f.attempt_id and f.apply and (
    f.target_rank > ${rankOf('a.state')}
    or coalesce(f.seq, -1) > a.last_sequence_number
    or a.provider_call_sid is null
    ${FILLED_COLUMNS.map(([column]) => `or (a.${column} is null and f.${column} is not null)`).join('\n    ')}
  )
  returning f.ord, a.state, a.answered_by
), claim as (
  ${twimlClaimSql(
    `select i.call_sid, i.claim_webhook, i.claim_step, i.claim_token
  from input i join target t on t.ord = i.ord
  where i.claim_token is not null
  order by i.ord`,
    '$2',
  )}
)
select i.ord, (f.ord is not null) as inserted,
       t.id, t.campaign_id, t.lead_id, t.state as old_state, t.answered_by as old_answered_by,
       u.state as new_state, u.answered_by as new_answered_by,
       (c.claim_token is not null) as claimed,
       -- A subquery per row (the primary key), never a scan: the planner guesses 100 input rows.
       (select r.twiml from call_twiml_responses r
         where i.claim_token is not null and r.call_sid = i.call_sid and r.webhook = i.claim_webhook and r.step = i.claim_step) as stored_twiml
from input i
left join fresh f on f.ord = i.ord
left join target t on t.ord = i.ord
left join upd u on u.ord = i.ord
left join claim c on c.claim_token = i.claim_token`;

/** Most webhooks in one statement. */
export const RECORD_BATCH_MAX = 100;
/** Batches being written at once: one waiting on a locked attempt does not hold up the next. */
export const RECORD_BATCHES_IN_FLIGHT = 2;

/**
 * Stores webhooks and advances call attempts with raw SQL: the webhooks' hot
 * path. Group commit: the webhooks that arrive while batches are being
 * written go together in the next one (one statement, one commit), and each
 * caller's promise settles only once its batch has committed, so a webhook is
 * never acknowledged before it is stored, and a failure still reaches the
 * caller (5xx, so Twilio retries). Two webhooks of one call never share a
 * batch. A batch whose statement failed is written again webhook by webhook,
 * one after another, so a row the database refuses (or a deadlock with
 * another writer) fails alone; once the statement has committed, nothing is
 * written again (a webhook would then read as a duplicate and never be
 * published).
 */
@Injectable()
export class CallProgressRepository {
  private readonly batches = new GroupCommit<CallEventInput, Row | undefined>({
    maxBatch: RECORD_BATCH_MAX,
    maxInFlight: RECORD_BATCHES_IN_FLIGHT,
    keysOf: (input) => (input.attemptHint ? [input.callSid, input.attemptHint] : [input.callSid]),
    write: (inputs) => this.write(inputs),
  });

  constructor(private readonly sql: RawSql) {}

  async record(input: CallEventInput): Promise<RecordedCallEvent> {
    // Read once the batch has committed: a missing row fails this webhook alone, and is not written again.
    const row = await this.batches.submit(input);
    if (!row) throw new Error('record-events returned no row for a webhook');
    return recordedOf(input, row);
  }

  /** The statement's row for each input, in order. */
  private async write(inputs: CallEventInput[]): Promise<(Row | undefined)[]> {
    // Rows in CallSid order (concurrent batches lock attempts in the same order); `ord` maps them back.
    const order = inputs.map((_, i) => i).sort((a, b) => compare(inputs[a]!.callSid, inputs[b]!.callSid));
    const rows = await this.sql.query<Row>('calls.record-events', RECORD_CALL_EVENTS_SQL, [
      JSON.stringify(order.map((i) => rowOf(inputs[i]!, i))),
      TWIML_CLAIM_STALE_MS,
    ]);
    const byOrd = new Map(rows.map((row) => [row.ord, row]));
    return inputs.map((_, i) => byOrd.get(i));
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One webhook as a row of RECORD_CALL_EVENTS_SQL's input. */
function rowOf(input: CallEventInput, ord: number): Record<string, unknown> {
  const effect = input.report ? effectOf(input.report) : null;
  const row: Record<string, unknown> = {
    ord,
    call_sid: input.callSid,
    hint: input.attemptHint,
    may_bind: input.hintMayBindSid,
    kind: input.kind,
    dedupe_key: input.dedupeKey,
    seq: input.sequenceNumber,
    status: input.status,
    params: input.params,
    token: input.idempotencyToken,
    received_at: input.receivedAt,
    apply: effect !== null,
    target_state: effect?.state ?? null,
    target_rank: effect?.rank ?? -1,
    claim_webhook: input.twimlClaim?.webhook ?? null,
    claim_step: input.twimlClaim?.step ?? null,
    claim_token: input.twimlClaim?.token ?? null,
  };
  for (const [column, key] of FILLED_COLUMNS) row[column] = effect?.fills[key] ?? null;
  return row;
}

function recordedOf(input: CallEventInput, row: Row): RecordedCallEvent {
  const duplicate = !row.inserted;
  if (!row.id || !row.campaign_id || !row.lead_id || !row.old_state) return { duplicate, attempt: null };
  const changed = row.new_state !== null;
  return {
    duplicate,
    attempt: {
      id: row.id,
      campaignId: row.campaign_id,
      leadId: row.lead_id,
      previousState: row.old_state,
      state: row.new_state ?? row.old_state,
      answeredBy: changed ? row.new_answered_by : row.old_answered_by,
      changed,
    },
    ...(input.twimlClaim ? { twimlClaim: { token: input.twimlClaim.token, claimed: row.claimed, twiml: row.stored_twiml } } : {}),
  };
}
