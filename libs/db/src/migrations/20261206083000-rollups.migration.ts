import { Migration } from '@mikro-orm/migrations';

/** The hour bucket of an instant, whatever the session's time zone. */
const HOUR = (column: string) => `date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;
/** The AMD verdict says machine or fax (attempt-classes.ts machineVerdictSql: Twilio's machine_* kinds and fax). */
const MACHINE = (alias: string) => `coalesce(${alias}.answered_by ~ '^(machine|fax)', false)`;
/** A dial: the call left, or may have (attempt-classes.ts countsAsCallSql): not a skipped preview nor one given back before Twilio. */
const DIAL = (alias: string) => `(${alias}.provider_call_sid is not null or ${alias}.state <> 'canceled')`;
/** One attempt's contribution to its bucket: dials, live answers, machines, connects, abandons. */
const CONTRIBUTION = (alias: string, sign: string) => `${sign} ${DIAL(alias)}::int as dials,
           ${sign} (${alias}.answered_at is not null and not ${MACHINE(alias)})::int as live_answers,
           ${sign} ${MACHINE(alias)}::int as machines,
           ${sign} (${alias}.connected_at is not null)::int as connects,
           ${sign} (${alias}.abandoned and not ${MACHINE(alias)})::int as abandons`;
/** Spreads concurrent writers over 16 rows per bucket; one transaction always writes the same shard. */
const SHARD = `(txid_current() % 16)::smallint`;

/**
 * Rollups for reports that must not slow down as history grows (issue 10 §6):
 * attempts per campaign and hour, leads per list and status. Statement-level
 * triggers with transition tables keep them in the writing transaction, net
 * of what the statement changed (a bulk import or a million-row update costs
 * one aggregate, a webhook's update that changes no count writes nothing).
 * Rows are upserted in key order so writers lock them in one order.
 * Existing rows are counted once here.
 */
export class Migration20261206083000Rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attempt_rollups" ("campaign_id" uuid not null, "hour" timestamptz not null, "shard" smallint not null, "dials" int not null default 0, "live_answers" int not null default 0, "machines" int not null default 0, "connects" int not null default 0, "abandons" int not null default 0, constraint "attempt_rollups_pkey" primary key ("campaign_id", "hour", "shard"));`);
    this.addSql(`create table "lead_status_rollups" ("list_id" uuid not null, "status" text not null, "shard" smallint not null, "leads" int not null default 0, constraint "lead_status_rollups_pkey" primary key ("list_id", "status", "shard"));`);

    const attemptDelta = (parts: string[]) => `
      insert into attempt_rollups (campaign_id, hour, shard, dials, live_answers, machines, connects, abandons)
      select campaign_id, hour, ${SHARD}, sum(dials), sum(live_answers), sum(machines), sum(connects), sum(abandons)
        from (${parts.join(' union all ')}) d
       group by campaign_id, hour
      having sum(dials) <> 0 or sum(live_answers) <> 0 or sum(machines) <> 0 or sum(connects) <> 0 or sum(abandons) <> 0
       order by campaign_id, hour
      on conflict (campaign_id, hour, shard) do update set
        dials = attempt_rollups.dials + excluded.dials, live_answers = attempt_rollups.live_answers + excluded.live_answers,
        machines = attempt_rollups.machines + excluded.machines, connects = attempt_rollups.connects + excluded.connects,
        abandons = attempt_rollups.abandons + excluded.abandons;`;
    const added = `select n.campaign_id, ${HOUR('n.created_at')} as hour, ${CONTRIBUTION('n', '+')} from new_rows n`;
    const removed = `select o.campaign_id, ${HOUR('o.created_at')} as hour, ${CONTRIBUTION('o', '-')} from old_rows o`;
    this.addSql(`create function attempt_rollups_on_insert() returns trigger language plpgsql as $$ begin ${attemptDelta([added])} return null; end $$;`);
    this.addSql(`create function attempt_rollups_on_update() returns trigger language plpgsql as $$ begin ${attemptDelta([added, removed])} return null; end $$;`);
    this.addSql(`create function attempt_rollups_on_delete() returns trigger language plpgsql as $$ begin ${attemptDelta([removed])} return null; end $$;`);
    this.addSql(`create trigger attempt_rollups_insert after insert on "call_attempts" referencing new table as new_rows for each statement execute function attempt_rollups_on_insert();`);
    this.addSql(`create trigger attempt_rollups_update after update on "call_attempts" referencing old table as old_rows new table as new_rows for each statement execute function attempt_rollups_on_update();`);
    this.addSql(`create trigger attempt_rollups_delete after delete on "call_attempts" referencing old table as old_rows for each statement execute function attempt_rollups_on_delete();`);

    const leadDelta = (parts: string[]) => `
      insert into lead_status_rollups (list_id, status, shard, leads)
      select list_id, status, ${SHARD}, sum(n) from (${parts.join(' union all ')}) d
       group by list_id, status having sum(n) <> 0
       order by list_id, status
      on conflict (list_id, status, shard) do update set leads = lead_status_rollups.leads + excluded.leads;`;
    const leadsAdded = `select list_id, status, 1 as n from new_rows`;
    const leadsRemoved = `select list_id, status, -1 as n from old_rows`;
    this.addSql(`create function lead_status_rollups_on_insert() returns trigger language plpgsql as $$ begin ${leadDelta([leadsAdded])} return null; end $$;`);
    this.addSql(`create function lead_status_rollups_on_update() returns trigger language plpgsql as $$ begin ${leadDelta([leadsAdded, leadsRemoved])} return null; end $$;`);
    this.addSql(`create function lead_status_rollups_on_delete() returns trigger language plpgsql as $$ begin ${leadDelta([leadsRemoved])} return null; end $$;`);
    this.addSql(`create trigger lead_status_rollups_insert after insert on "leads" referencing new table as new_rows for each statement execute function lead_status_rollups_on_insert();`);
    this.addSql(`create trigger lead_status_rollups_update after update on "leads" referencing old table as old_rows new table as new_rows for each statement execute function lead_status_rollups_on_update();`);
    this.addSql(`create trigger lead_status_rollups_delete after delete on "leads" referencing old table as old_rows for each statement execute function lead_status_rollups_on_delete();`);

    this.addSql(`insert into attempt_rollups (campaign_id, hour, shard, dials, live_answers, machines, connects, abandons)
      select n.campaign_id, ${HOUR('n.created_at')}, 0, sum(${DIAL('n')}::int), sum((n.answered_at is not null and not ${MACHINE('n')})::int), sum(${MACHINE('n')}::int),
             sum((n.connected_at is not null)::int), sum((n.abandoned and not ${MACHINE('n')})::int)
        from call_attempts n group by 1, 2;`);
    this.addSql(`insert into lead_status_rollups (list_id, status, shard, leads) select list_id, status, 0, count(*) from leads group by 1, 2;`);
    // Calls in flight per campaign, without walking the campaign's history.
    this.addSql(`create index "call_attempts_live_campaign_idx" on "call_attempts" ("campaign_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "call_attempts_live_campaign_idx";`);
    for (const table of ['call_attempts', 'leads']) {
      const name = table === 'leads' ? 'lead_status_rollups' : 'attempt_rollups';
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger if exists ${name}_${op} on "${table}";`);
        this.addSql(`drop function if exists ${name}_on_${op}();`);
      }
    }
    this.addSql(`drop table if exists "attempt_rollups";`);
    this.addSql(`drop table if exists "lead_status_rollups";`);
  }
}
