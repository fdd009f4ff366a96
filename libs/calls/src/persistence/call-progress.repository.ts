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
  inserted: number;
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

/** Stores webhooks and advances call attempts with raw SQL: the webhooks' hot path. */
@Injectable()
export class CallProgressRepository {
  constructor(private readonly sql: RawSql) {}

  async record(input: CallEventInput): Promise<RecordedCallEvent> {
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
    const duplicate = row.inserted === 0;
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
}
