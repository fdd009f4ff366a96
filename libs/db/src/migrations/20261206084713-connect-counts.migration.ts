import { Migration } from '@mikro-orm/migrations';

/** The hour bucket of an instant, whatever the session's time zone. */
const HOUR = (column: string) => `date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;
/** The AMD verdict says machine or fax (attempt-classes.ts machineVerdictSql). */
const MACHINE = (a: string) => `coalesce(${a}.answered_by ~ '^(machine|fax)', false)`;
/** A person's answer that can no longer turn into a machine (attempt-classes.ts humanSettledSql). */
const HUMAN_SETTLED = (a: string) => `((${a}.answered_by is not null and not ${MACHINE(a)}) or (${a}.answered_by is null and ${a}.ended_at is not null))`;
/** A dial: the call left, or may have (attempt-classes.ts countsAsCallSql). */
const DIAL = (a: string) => `(${a}.provider_call_sid is not null or ${a}.state <> 'canceled')`;
/** The counted columns and each one's condition, as attempt-classes.ts defines them (liveAnswerSql, connectSql, machineConnectSql, abandonedSql). */
export const COUNTED: [string, (a: string) => string][] = [
  ['dials', DIAL],
  ['live_answers', (a) => `((${a}.answered_at is not null or ${a}.connected_at is not null) and ${HUMAN_SETTLED(a)})`],
  ['machines', (a) => MACHINE(a)],
  ['connects', (a) => `(${a}.connected_at is not null and ${HUMAN_SETTLED(a)})`],
  ['machine_connects', (a) => `(${a}.connected_at is not null and ${MACHINE(a)})`],
  ['abandons', (a) => `(${a}.abandoned and not ${MACHINE(a)})`],
];
const SHARD = `(txid_current() % 16)::smallint`;

/** The definitions of 20261206083000-rollups, restored by down(). */
const PREVIOUS: [string, (a: string) => string][] = [
  ['dials', DIAL],
  ['live_answers', (a) => `(${a}.answered_at is not null and not ${MACHINE(a)})`],
  ['machines', (a) => MACHINE(a)],
  ['connects', (a) => `(${a}.connected_at is not null)`],
  ['abandons', (a) => `(${a}.abandoned and not ${MACHINE(a)})`],
];

/** The rollups' three trigger functions for these counted columns (the triggers themselves stay). */
function triggerFunctions(counted: [string, (a: string) => string][]): string[] {
  const columns = counted.map(([column]) => column);
  const contribution = (a: string, sign: string) => counted.map(([column, when]) => `${sign} (${when(a)})::int as ${column}`).join(', ');
  const attemptDelta = (parts: string[]) => `
      insert into attempt_rollups (campaign_id, hour, shard, ${columns.join(', ')})
      select campaign_id, hour, ${SHARD}, ${columns.map((c) => `sum(${c})`).join(', ')}
        from (${parts.join(' union all ')}) d
       group by campaign_id, hour
      having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')}
       order by campaign_id, hour
      on conflict (campaign_id, hour, shard) do update set
        ${columns.map((c) => `${c} = attempt_rollups.${c} + excluded.${c}`).join(', ')};`;
  const added = `select n.campaign_id, ${HOUR('n.created_at')} as hour, ${contribution('n', '+')} from new_rows n`;
  const removed = `select o.campaign_id, ${HOUR('o.created_at')} as hour, ${contribution('o', '-')} from old_rows o`;
  return [
    `create or replace function attempt_rollups_on_insert() returns trigger language plpgsql as $$ begin ${attemptDelta([added])} return null; end $$;`,
    `create or replace function attempt_rollups_on_update() returns trigger language plpgsql as $$ begin ${attemptDelta([added, removed])} return null; end $$;`,
    `create or replace function attempt_rollups_on_delete() returns trigger language plpgsql as $$ begin ${attemptDelta([removed])} return null; end $$;`,
  ];
}

/** Recounts the rollups from the attempts under these definitions; the lock keeps writers out until the transaction commits. */
function recount(counted: [string, (a: string) => string][]): string[] {
  return [
    `lock table "call_attempts" in share mode;`,
    `delete from attempt_rollups;`,
    `insert into attempt_rollups (campaign_id, hour, shard, ${counted.map(([column]) => column).join(', ')})
      select n.campaign_id, ${HOUR('n.created_at')}, 0, ${counted.map(([, when]) => `count(*) filter (where ${when('n')})`).join(', ')}
        from call_attempts n group by 1, 2;`,
  ];
}

/**
 * Connect counts that mean what they say (issue 14 §4): a connect is a person
 * connected to an agent, a machine that reached an agent before its AMD
 * verdict is a machine connect (a new column), and a live answer is counted
 * once its verdict can no longer say machine, so neither figure ever goes
 * down between two reads. Redefines the rollups' trigger functions of
 * 20261206083000-rollups (same triggers, same sharding) and recounts.
 */
export class Migration20261206084713ConnectCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "attempt_rollups" add column "machine_connects" int not null default 0;`);
    for (const statement of triggerFunctions(COUNTED)) this.addSql(statement);
    for (const statement of recount(COUNTED)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of triggerFunctions(PREVIOUS)) this.addSql(statement);
    for (const statement of recount(PREVIOUS)) this.addSql(statement);
    this.addSql(`alter table "attempt_rollups" drop column "machine_connects";`);
  }
}
