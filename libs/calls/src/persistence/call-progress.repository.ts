import { Injectable } from '@nestjs/common';
import type { AnsweredBy } from '@dialer/telephony';
import type { AttemptState } from '../entities/call-attempt.entity';
import type { CallEventKind } from '../entities/call-event.entity';
import { ATTEMPT_STATE_RANK, effectOf, ProgressReport } from '../state/attempt-state-machine';
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
}

interface Row {
  /** 1/0 (one webhook), true/false (a batch). */
  inserted: number | boolean;
  id: string | null;
  campaign_id: string | null;
  lead_id: string | null;
  old_state: AttemptState | null;
  old_answered_by: AnsweredBy | null;
  new_state: AttemptState | null;
  new_answered_by: AnsweredBy | null;
}

const rankOf = (column: string) =>
  `(case ${column} ${Object.entries(ATTEMPT_STATE_RANK)
    .map(([state, rank]) => `when '${state}' then ${rank}`)
    .join(' ')} end)`;

/** Columns a report fills when empty, in the order of the statement's parameters $14…$21 (FIRST_FILL_PARAM on). */
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

const FIRST_FILL_PARAM = 14;
const fill = (index: number) => `$${FIRST_FILL_PARAM + index}::${FILLED_COLUMNS[index]![2]}`;

/**
 * One statement per webhook: lock the attempt (by CallSid, or by the attempt
 * id from the URL when the CallSid is not stored yet), insert the event
 * unless it is already there, and only then advance the attempt by the state
 * machine's rules (the same as `applyProgress`: higher rank wins, empty
 * columns fill, the highest SequenceNumber stays; the state machine's header
 * says why rank decides exactly as SequenceNumber order would). Locking the
 * attempt first serialises a call's concurrent callbacks without deadlocks.
 *
 *  $1 call sid   $2 attempt hint   $3 hint may bind sid   $4 kind   $5 dedupe key
 *  $6 sequence   $7 status   $8 params   $9 idempotency token   $10 received at
 *  $11 apply?    $12 target state   $13 target rank ($14 … $21: fills, see FILLED_COLUMNS)
 */
export const RECORD_CALL_EVENT_SQL = `
with target as (
  select id, campaign_id, lead_id, state, answered_by
  from call_attempts
  where provider_call_sid = $1
     or (id = $2::uuid and (provider_call_sid = $1 or (provider_call_sid is null and $3::boolean)))
  limit 1
  for update
), ev as (
  insert into call_events (attempt_id, call_sid, kind, dedupe_key, sequence_number, status, params, idempotency_token, received_at)
  select (select id from target), $1, $4, $5, $6::int, $7, $8::jsonb, $9, $10::timestamptz
  on conflict (call_sid, kind, dedupe_key) do nothing
  returning attempt_id
), upd as (
  update call_attempts a set
    state = case when $13::int > ${rankOf('a.state')} then $12::text else a.state end,
    last_sequence_number = greatest(a.last_sequence_number, coalesce($6::int, -1)),
    ${FILLED_COLUMNS.map(([column], i) => `${column} = coalesce(a.${column}, ${fill(i)})`).join(',\n    ')},
    provider_call_sid = coalesce(a.provider_call_sid, $1),
    updated_at = now()
  from ev
  where a.id = ev.attempt_id and $11::boolean and (
    $13::int > ${rankOf('a.state')}
    or coalesce($6::int, -1) > a.last_sequence_number
    or a.provider_call_sid is null
    ${FILLED_COLUMNS.map(([column], i) => `or (a.${column} is null and ${fill(i)} is not null)`).join('\n    ')}
  )
  returning a.state, a.answered_by
)
select (select count(*) from ev)::int as inserted,
       t.id, t.campaign_id, t.lead_id, t.state as old_state, t.answered_by as old_answered_by,
       u.state as new_state, u.answered_by as new_answered_by
from (select 1) as one
left join target t on true
left join upd u on true`;

/**
 * RECORD_CALL_EVENT_SQL for many webhooks at once, one row each of `$1`, a
 * JSON array of BatchRow (group commit: one statement and one commit for all
 * the webhooks that arrived meanwhile). Same rules, row by row; the caller
 * puts at most one webhook of a call in a batch (by CallSid and attempt
 * hint), and orders the rows by CallSid, so that concurrent batches lock
 * attempts in the same order.
 */
export const RECORD_CALL_EVENTS_SQL = `
with input as (
  select * from json_to_recordset($1::json) as i(
    ord int, call_sid text, hint uuid, may_bind boolean, kind text, dedupe_key text, seq int, status text, params jsonb,
    token text, received_at timestamptz, apply boolean, target_state text, target_rank int,
    ${FILLED_COLUMNS.map(([column, , type]) => `${column} ${type}`).join(', ')})
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
)
select i.ord, (f.ord is not null) as inserted,
       t.id, t.campaign_id, t.lead_id, t.state as old_state, t.answered_by as old_answered_by,
       u.state as new_state, u.answered_by as new_answered_by
from input i
left join fresh f on f.ord = i.ord
left join target t on t.ord = i.ord
left join upd u on u.ord = i.ord`;

/** Most webhooks in one statement. */
export const RECORD_BATCH_MAX = 100;
/** Statements of batches at once: a batch waiting on a locked attempt does not hold up the next. */
export const RECORD_BATCHES_IN_FLIGHT = 2;

interface Pending {
  input: CallEventInput;
  resolve(recorded: RecordedCallEvent): void;
  reject(error: unknown): void;
}

interface BatchRow extends Row {
  ord: number;
}

/**
 * Stores webhooks and advances call attempts with raw SQL: the webhooks' hot
 * path. Group commit: the webhooks that arrive while a batch is being written
 * go together in the next one (one statement, one commit), and each caller's
 * promise settles only once its batch has committed, so a webhook is never
 * acknowledged before it is stored. Two webhooks of the same call never share
 * a batch (the second waits for the next), so each batch row sees the
 * attempt as the previous one left it. Should a batch fail, its webhooks are
 * written one by one, so that one bad webhook fails alone.
 */
@Injectable()
export class CallProgressRepository {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly sql: RawSql) {}

  record(input: CallEventInput): Promise<RecordedCallEvent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued at the end of this turn of the event loop, unless enough batches are being written already. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= RECORD_BATCHES_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNextBatch();
    });
  }

  private writeNextBatch(): void {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const calls = new Set<string>();
    for (const pending of this.queue) {
      const { callSid, attemptHint } = pending.input;
      if (batch.length >= RECORD_BATCH_MAX || calls.has(callSid) || (attemptHint !== null && calls.has(attemptHint))) {
        rest.push(pending);
        continue;
      }
      calls.add(callSid);
      if (attemptHint !== null) calls.add(attemptHint);
      batch.push(pending);
    }
    this.queue = rest;
    if (batch.length === 0) return;
    this.inFlight += 1;
    void this.write(batch).finally(() => {
      this.inFlight -= 1;
      this.schedule();
    });
    // Room for another batch in flight: the webhooks of calls this one holds back go now.
    this.schedule();
  }

  private async write(batch: Pending[]): Promise<void> {
    // Concurrent batches lock attempts in CallSid order: no deadlock between them.
    batch.sort((a, b) => (a.input.callSid < b.input.callSid ? -1 : a.input.callSid > b.input.callSid ? 1 : 0));
    let rows: BatchRow[];
    try {
      rows =
        batch.length === 1
          ? [{ ...(await this.recordOne(batch[0]!.input)), ord: 0 }]
          : await this.sql.query<BatchRow>('calls.record-events', RECORD_CALL_EVENTS_SQL, [JSON.stringify(batch.map(({ input }, ord) => batchRow(input, ord)))]);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One webhook the database refuses (or a deadlock with another writer) must not fail the others.
      await Promise.all(batch.map(({ input, resolve, reject }) => this.recordOne(input).then((row) => resolve(recordedOf(row)), reject)));
      return;
    }
    const byOrd = new Map(rows.map((row) => [row.ord, row]));
    batch.forEach(({ resolve, reject }, ord) => {
      const row = byOrd.get(ord);
      if (row) resolve(recordedOf(row));
      else reject(new Error('record-events returned no row for a webhook'));
    });
  }

  private async recordOne(input: CallEventInput): Promise<Row> {
    const effect = input.report ? effectOf(input.report) : null;
    const fills = FILLED_COLUMNS.map(([, key]) => effect?.fills[key] ?? null);
    const [row] = await this.sql.query<Row>('calls.record-event', RECORD_CALL_EVENT_SQL, [
      input.callSid,
      input.attemptHint,
      input.hintMayBindSid,
      input.kind,
      input.dedupeKey,
      input.sequenceNumber,
      input.status,
      JSON.stringify(input.params),
      input.idempotencyToken,
      input.receivedAt,
      effect !== null,
      effect?.state ?? null,
      effect?.rank ?? -1,
      ...fills,
    ]);
    if (!row) throw new Error('record-event returned no row');
    return row;
  }
}

/** One webhook as a row of RECORD_CALL_EVENTS_SQL's input. */
function batchRow(input: CallEventInput, ord: number): Record<string, unknown> {
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
  };
  for (const [column, key] of FILLED_COLUMNS) row[column] = effect?.fills[key] ?? null;
  return row;
}

function recordedOf(row: Row): RecordedCallEvent {
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
  };
}
