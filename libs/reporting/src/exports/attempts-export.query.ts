import { escapeLiteral } from 'pg';
import type { AttemptFilters } from '../entities/export-job.entity';

export type ColumnType = 'text' | 'number' | 'boolean';

export interface ExportColumn {
  header: string;
  type: ColumnType;
  sql: string;
}

/** Instants in UTC, ISO 8601 to the millisecond. */
const utc = (expression: string) => `to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Instants as a clock on the callee's wall showed them (their zone is a column of its own). */
const local = (expression: string) => `to_char((${expression}) at time zone kz.name, 'YYYY-MM-DD HH24:MI:SS')`;
const ev = (path: string) => `a.compliance_evidence${path}`;
const both = (name: string, expression: string): ExportColumn[] => [
  { header: `${name}_local`, type: 'text', sql: local(expression) },
  { header: `${name}_utc`, type: 'text', sql: utc(expression) },
];
const seconds = (later: string, earlier: string, digits: number) =>
  `round(extract(epoch from (${later}) - (${earlier}))::numeric, ${digits})`;

/** Gates that have columns of their own; any other gate's evidence (state rules…) goes whole into `other_gates_evidence`. */
const GATES_WITH_COLUMNS = ['dnc', 'timezone', 'calling_window', 'attempt_limits', 'collections_frequency', 'redial_after_abandon', 'consent'];
/** Keys of the evidence that are not gates. */
const NON_GATE_KEYS = ['taken', 'recheckedAt', 'notPlaced', 'dialLevel', 'abandonMessage'];

/**
 * The columns of the call-results export, one row per attempt (issue 10 §1),
 * as SQL over the tables the dialer writes: formatting happens in the
 * database, so the export and a `psql \copy` of the same select do the same
 * work. `questionIds` become one column each (`survey:<id>`).
 */
export function attemptsExportColumns(questionIds: readonly string[]): ExportColumn[] {
  const abandonMessageAt = `(${ev(`->'abandonMessage'->>'playedAt'`)})::timestamptz`;
  const callbackAt = `(a.disposition_data->>'callbackAt')::timestamptz`;
  return [
    { header: 'attempt_id', type: 'text', sql: 'a.id' },
    { header: 'campaign_id', type: 'text', sql: 'a.campaign_id' },
    { header: 'campaign_name', type: 'text', sql: 'c.name' },
    { header: 'campaign_kind', type: 'text', sql: 'c.kind' },
    { header: 'jurisdiction', type: 'text', sql: 'c.jurisdiction' },
    { header: 'product', type: 'text', sql: `c.settings->>'product'` },
    { header: 'seller', type: 'text', sql: `c.settings->'identity'->>'seller'` },
    { header: 'list_id', type: 'text', sql: 'l.list_id' },
    { header: 'lead_id', type: 'text', sql: 'a.lead_id' },
    { header: 'external_id', type: 'text', sql: 'l.external_id' },
    { header: 'first_name', type: 'text', sql: 'l.first_name' },
    { header: 'last_name', type: 'text', sql: 'l.last_name' },
    { header: 'called_number', type: 'text', sql: 'a.phone' },
    {
      header: 'number_type',
      type: 'text',
      sql: `case when a.phone = l.phone then l.phone_type else l.alt_phone_types[array_position(l.alt_phones, a.phone)] end`,
    },
    { header: 'caller_id', type: 'text', sql: 'a.caller_id' },
    { header: 'dial_mode', type: 'text', sql: 'a.mode' },
    { header: 'dial_level', type: 'number', sql: ev(`->>'dialLevel'`) },
    { header: 'callee_zone', type: 'text', sql: 'kz.name' },
    { header: 'callee_zone_source', type: 'text', sql: 'l.timezone_source' },
    ...both('queued_at', 'a.created_at'),
    ...both('placed_at', 'a.initiated_at'),
    ...both('ringing_at', 'a.ringing_at'),
    ...both('answered_at', 'a.answered_at'),
    ...both('agent_connected_at', 'a.connected_at'),
    ...both('ended_at', 'a.ended_at'),
    { header: 'ring_seconds', type: 'number', sql: seconds('coalesce(a.answered_at, a.ended_at)', 'a.ringing_at', 1) },
    { header: 'answer_to_agent_seconds', type: 'number', sql: seconds('a.connected_at', 'a.answered_at', 3) },
    { header: 'duration_seconds', type: 'number', sql: 'a.duration_sec' },
    { header: 'amd_verdict', type: 'text', sql: 'a.answered_by' },
    ...both('amd_verdict_at', 'ce.amd_at'),
    { header: 'abandoned', type: 'boolean', sql: 'a.abandoned' },
    { header: 'safe_harbour_message_played', type: 'boolean', sql: `${ev(`->'abandonMessage'->>'playedAt'`)} is not null` },
    ...both('safe_harbour_message_at', abandonMessageAt),
    { header: 'outcome', type: 'text', sql: 'a.outcome' },
    { header: 'agent_id', type: 'text', sql: 'a.agent_id' },
    { header: 'agent_name', type: 'text', sql: 'u.display_name' },
    { header: 'disposition_code', type: 'text', sql: 'a.disposition_code' },
    { header: 'disposition_label', type: 'text', sql: 'dc.label' },
    ...both('disposition_at', 'a.disposition_at'),
    { header: 'sale_amount', type: 'number', sql: `case when a.disposition_code = 'SALE' then a.disposition_data->>'amount' end` },
    { header: 'promise_amount', type: 'number', sql: `case when a.disposition_code = 'PROMISE_TO_PAY' then a.disposition_data->>'amount' end` },
    { header: 'promise_date', type: 'text', sql: `case when a.disposition_code = 'PROMISE_TO_PAY' then a.disposition_data->>'date' end` },
    { header: 'currency', type: 'text', sql: `a.disposition_data->>'currency'` },
    { header: 'appointment_at', type: 'text', sql: `a.disposition_data->>'appointmentAt'` },
    { header: 'notes', type: 'text', sql: `a.disposition_data->>'notes'` },
    { header: 'disposition_data', type: 'text', sql: `a.disposition_data::text` },
    ...questionIds.map((id): ExportColumn => ({ header: `survey:${id}`, type: 'text', sql: `sv.answers->>${escapeLiteral(id)}` })),
    { header: 'callback_booked', type: 'boolean', sql: `coalesce(dc.is_callback, false) and a.disposition_data ? 'callbackAt'` },
    ...both('callback_at', callbackAt),
    { header: 'callback_personal', type: 'boolean', sql: `(a.disposition_data->>'personalCallback')::boolean` },
    { header: 'call_state', type: 'text', sql: 'a.state' },
    { header: 'twilio_status', type: 'text', sql: 'ce.twilio_status' },
    { header: 'sip_code', type: 'number', sql: 'a.sip_response_code' },
    { header: 'call_sid', type: 'text', sql: 'a.provider_call_sid' },
    { header: 'recording_sid', type: 'text', sql: 'ce.recording_sid' },
    { header: 'recording_url', type: 'text', sql: 'ce.recording_url' },
    // The evidence at dial time (what the gates saw), call_attempts.compliance_evidence.
    {
      header: 'dial_local_time',
      type: 'text',
      sql: `(select string_agg(t.key || ' ' || t.value, '; ') from jsonb_each_text(${ev(`->'calling_window'->'localTimes'`)}) t)`,
    },
    { header: 'dial_zones', type: 'text', sql: `(select string_agg(z, ' ') from jsonb_array_elements_text(${ev(`->'timezone'->'zones'`)}) z)` },
    { header: 'calling_hours_result', type: 'text', sql: ev(`->'calling_window'->>'code'`) },
    { header: 'dnc_checked_at', type: 'text', sql: ev(`->'dnc'->>'checkedAt'`) },
    // Which lists the DNC gate consults (compliance's dnc-match): every global entry, the campaign's, the product's.
    {
      header: 'dnc_lists_checked',
      type: 'text',
      sql: `case when ${ev(`? 'dnc'`)} then concat_ws(', ', 'global', 'campaign', 'product ' || (c.settings->>'product')) end`,
    },
    { header: 'dnc_result', type: 'text', sql: ev(`->'dnc'->>'code'`) },
    { header: 'attempts_lifetime_before', type: 'number', sql: ev(`->'attempt_limits'->>'total'`) },
    { header: 'attempts_today_before', type: 'number', sql: ev(`->'attempt_limits'->>'today'`) },
    { header: 'attempt_limits_result', type: 'text', sql: ev(`->'attempt_limits'->>'code'`) },
    { header: 'debt_calls_7_days', type: 'number', sql: ev(`->'collections_frequency'->>'callsInLast7Days'`) },
    { header: 'debt_last_conversation_at', type: 'text', sql: ev(`->'collections_frequency'->>'lastConversationAt'`) },
    { header: 'redial_after_abandon_result', type: 'text', sql: ev(`->'redial_after_abandon'->>'code'`) },
    { header: 'last_abandoned_at', type: 'text', sql: ev(`->'redial_after_abandon'->>'lastAbandonedAt'`) },
    { header: 'consent_result', type: 'text', sql: ev(`->'consent'->>'code'`) },
    { header: 'consent_id', type: 'text', sql: ev(`->'consent'->>'consentId'`) },
    { header: 'consent_type', type: 'text', sql: ev(`->'consent'->>'type'`) },
    { header: 'consent_granted_at', type: 'text', sql: ev(`->'consent'->>'grantedAt'`) },
    {
      header: 'identity_statement',
      type: 'text',
      sql: `case when c.jurisdiction = 'JP' then concat_ws(' / ', c.settings->'identity'->>'seller', c.settings->'identity'->>'purpose') end`,
    },
    {
      header: 'other_gates_evidence',
      type: 'text',
      sql: `nullif((a.compliance_evidence - ${sqlTextArray([...GATES_WITH_COLUMNS, ...NON_GATE_KEYS])})::text, '{}')`,
    },
    { header: 'rechecked_at', type: 'text', sql: ev(`->>'recheckedAt'`) },
    { header: 'not_placed_reason', type: 'text', sql: ev(`->>'notPlaced'`) },
    { header: 'evidence_json', type: 'text', sql: 'a.compliance_evidence::text' },
  ];
}

function sqlTextArray(values: readonly string[]): string {
  return `array[${values.map((v) => escapeLiteral(v)).join(', ')}]::text[]`;
}

/** The WHERE clause of the filters, values inlined as escaped literals (COPY takes no bind parameters). */
export function attemptsWhere(filters: AttemptFilters): string {
  const clauses: string[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined, cast: string) => {
    if (values?.length) clauses.push(`${column} = any(${sqlTextArray(values)}::${cast}[])`);
  };
  anyOf('a.campaign_id', filters.campaignIds, 'uuid');
  anyOf('a.agent_id', filters.agentIds, 'uuid');
  anyOf('a.disposition_code', filters.dispositions, 'text');
  anyOf('a.outcome', filters.outcomes, 'text');
  if (filters.listIds?.length) {
    clauses.push(`a.lead_id in (select id from leads where list_id = any(${sqlTextArray(filters.listIds)}::uuid[]))`);
  }
  if (filters.from) clauses.push(`a.created_at >= ${escapeLiteral(filters.from)}::timestamptz`);
  if (filters.to) clauses.push(`a.created_at < ${escapeLiteral(filters.to)}::timestamptz`);
  return clauses.length ? clauses.join(' and ') : 'true';
}

/** The whole select of the export, ready for `COPY (…) TO STDOUT` or `psql \copy`. */
export function attemptsExportSql(filters: AttemptFilters, questionIds: readonly string[]): string {
  const columns = attemptsExportColumns(questionIds);
  const survey = questionIds.length
    ? `left join lateral (select jsonb_object_agg(s.question_id, s.answer) as answers from survey_answers s where s.attempt_id = a.id) sv on true`
    : '';
  return `with known_zones as materialized (select name from pg_timezone_names)
select ${columns.map((c) => c.sql).join(',\n       ')}
  from call_attempts a
  join campaigns c on c.id = a.campaign_id
  join leads l on l.id = a.lead_id
  left join known_zones kz on kz.name = coalesce(l.timezone, l.timezone_candidates[1])
  left join users u on u.id = a.agent_id
  left join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code
  left join lateral (
    select min(e.received_at) filter (where e.kind = 'amd') as amd_at,
           (array_agg(e.status order by e.sequence_number desc nulls last, e.id desc) filter (where e.kind = 'status'))[1] as twilio_status,
           (array_agg(e.params->>'RecordingSid' order by e.id desc) filter (where e.params ? 'RecordingSid'))[1] as recording_sid,
           (array_agg(e.params->>'RecordingUrl' order by e.id desc) filter (where e.params ? 'RecordingUrl'))[1] as recording_url
      from call_events e where e.attempt_id = a.id
  ) ce on true
  ${survey}
 where ${attemptsWhere(filters)}
 order by a.created_at, a.id`;
}

/**
 * Survey questions of the campaigns in scope: their settings' order first, then any other
 * answered question. An answered row has no position (null, which min() skips): a 0 there
 * outranked every settings position and sorted answered questions by id.
 */
export function surveyQuestionsSql(filters: AttemptFilters): string {
  const campaigns = filters.campaignIds?.length ? `where c.id = any(${sqlTextArray(filters.campaignIds)}::uuid[])` : '';
  const answered = filters.campaignIds?.length ? `where s.campaign_id = any(${sqlTextArray(filters.campaignIds)}::uuid[])` : '';
  return `select id from (
    select q.value->>'id' as id, min(c.created_at) as first_seen, min(q.ordinality) as position
      from campaigns c cross join lateral jsonb_array_elements(coalesce(c.settings->'survey'->'questions', '[]'::jsonb)) with ordinality q
      ${campaigns} group by 1
    union
    select s.question_id, 'infinity'::timestamptz, null from (select distinct question_id from survey_answers s ${answered}) s
  ) questions where id is not null group by id order by min(first_seen), min(position) nulls last, id`;
}
