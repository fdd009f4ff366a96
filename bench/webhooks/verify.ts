import { Client } from 'pg';
import { AttemptProgress } from '@dialer/calls';
import { CallScript, expectedProgress } from './call-scripts';
import { PreparedRequest } from './load-generator';

export interface Verification {
  /** Distinct (CallSid, SequenceNumber) the api acknowledged. */
  acknowledged: number;
  /** Status events in the database. */
  stored: number;
  /** Events stored for no attempt (should be 0: every CallSid was ours). */
  unmatched: number;
  attemptsChecked: number;
  /** Attempts whose row differs from in-order delivery of what was acknowledged. */
  mismatches: string[];
  /** Requests that got no 2xx: their callback may or may not be stored, so their calls are not checked. */
  uncertainCalls: number;
}

interface Row {
  id: string;
  provider_call_sid: string | null;
  state: AttemptProgress['state'];
  last_sequence_number: number;
  initiated_at: Date | null;
  ringing_at: Date | null;
  answered_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  answered_by: AttemptProgress['answeredBy'];
  duration_sec: number | null;
  sip_response_code: number | null;
}

const time = (date: Date | null) => (date ? date.toISOString() : null);

/** The database must agree exactly with what was sent: nothing lost, nothing doubled, every attempt where in-order delivery puts it. */
export async function verifyDatabase(
  databaseUrl: string,
  scripts: readonly CallScript[],
  requests: readonly PreparedRequest[],
  status: Int16Array,
  sent: number,
): Promise<Verification> {
  const delivered = new Map<number, Map<string, Record<string, string>>>();
  const uncertain = new Set<number>();
  for (let i = 0; i < sent; i += 1) {
    const { callback } = requests[i]!;
    if (status[i]! < 200 || status[i]! >= 300) {
      uncertain.add(callback.callIndex);
      continue;
    }
    let call = delivered.get(callback.callIndex);
    if (!call) delivered.set(callback.callIndex, (call = new Map()));
    call.set(callback.params.SequenceNumber!, callback.params);
  }

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const stored = Number((await client.query(`select count(*) from call_events where kind = 'status'`)).rows[0].count);
    const unmatched = Number((await client.query(`select count(*) from call_events where attempt_id is null`)).rows[0].count);
    const ids = [...delivered.keys()].filter((index) => !uncertain.has(index)).map((index) => scripts[index]!.attemptId);
    const { rows } = await client.query<Row>(`select * from call_attempts where id = any($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const mismatches: string[] = [];
    let attemptsChecked = 0;
    for (const [index, callbacks] of delivered) {
      if (uncertain.has(index)) continue;
      attemptsChecked += 1;
      const script = scripts[index]!;
      const expected = expectedProgress([...callbacks.values()]);
      const row = byId.get(script.attemptId);
      const actual = row && {
        state: row.state,
        lastSequenceNumber: row.last_sequence_number,
        initiatedAt: time(row.initiated_at),
        ringingAt: time(row.ringing_at),
        answeredAt: time(row.answered_at),
        connectedAt: time(row.connected_at),
        endedAt: time(row.ended_at),
        answeredBy: row.answered_by,
        durationSec: row.duration_sec,
        sipResponseCode: row.sip_response_code,
        sid: row.provider_call_sid,
      };
      const wanted = {
        ...expected,
        initiatedAt: time(expected.initiatedAt),
        ringingAt: time(expected.ringingAt),
        answeredAt: time(expected.answeredAt),
        connectedAt: time(expected.connectedAt),
        endedAt: time(expected.endedAt),
        sid: script.callSid,
      };
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
        mismatches.push(`${script.attemptId}: expected ${JSON.stringify(wanted)}, found ${JSON.stringify(actual)}`);
      }
    }
    const acknowledged = [...delivered.values()].reduce((sum, call) => sum + call.size, 0);
    return { acknowledged, stored, unmatched, attemptsChecked, mismatches, uncertainCalls: uncertain.size };
  } finally {
    await client.end();
  }
}
