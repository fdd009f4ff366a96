import { Migration } from '@mikro-orm/migrations';

/** A trigger function in plpgsql and the statement-level trigger that runs it after `event` (seeing the rows it touched). */
function afterStatement(name: string, event: 'insert' | 'delete' | 'truncate', table: string, body: string): string[] {
  const rows = { insert: ' referencing new table as new_rows', delete: ' referencing old table as old_rows', truncate: '' }[event];
  return [
    `create function ${name}() returns trigger language plpgsql as $$ ${body} $$;`,
    `create trigger ${name} after ${event} on "${table}"${rows} for each statement execute function ${name}();`,
  ];
}

/**
 * A lead's list is checked once per statement instead of once per row. The
 * foreign key ran a locking lookup of `lead_lists` for every lead inserted:
 * a quarter of what a million-row import costs the table (BENCHMARKS, "Lead
 * import"). The triggers below keep what it guaranteed, under the same
 * constraint name and error code:
 * - an insert names only lists that exist, each locked (`for key share`, as
 *   the foreign key locks them) so that deleting it waits for the insert to
 *   commit. Its trigger is named to run before the rollup's
 *   (`lead_status_rollups_insert`): triggers of one event run in name order,
 *   and the list must be locked before a rollup row is, as the foreign key
 *   did, or an insert and a list's deletion can deadlock;
 * - deleting a list deletes its leads, as they are at that moment: only
 *   under READ COMMITTED, where the trigger's statement sees every committed
 *   lead (the foreign key's cascade looked past an older snapshot; a trigger
 *   cannot, so a list deleted under REPEATABLE READ or SERIALIZABLE is
 *   refused as a serialization failure, to be retried);
 * - `truncate lead_lists … cascade` truncates the leads too;
 * - neither key ever changes (the foreign key cascaded such updates; nothing
 *   makes them), so an update needs no check.
 */
export class Migration20261207090000LeadsListCheckPerStatement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "leads" drop constraint "leads_list_id_foreign";`);
    const listExists = afterStatement(
      'lead_list_exists',
      'insert',
      'leads',
      `declare
        missing uuid;
      begin
        with wanted as (select distinct list_id as id from new_rows),
             held as (select l.id from lead_lists l where l.id in (select id from wanted) for key share)
        select w.id into missing from wanted w where not exists (select 1 from held h where h.id = w.id) limit 1;
        if missing is not null then
          raise exception 'insert or update on table "leads" violates foreign key constraint "leads_list_id_foreign"'
            using errcode = 'foreign_key_violation', constraint = 'leads_list_id_foreign', table = 'leads',
                  detail = format('Key (list_id)=(%s) is not present in table "lead_lists".', missing);
        end if;
        return null;
      end`,
    );
    const deleteLeads = afterStatement(
      'lead_lists_delete_leads',
      'delete',
      'lead_lists',
      `begin
        if current_setting('transaction_isolation') <> 'read committed' then
          raise exception 'delete lists under READ COMMITTED: their leads are deleted as they are now, committed ones included'
            using errcode = 'serialization_failure';
        end if;
        delete from leads where list_id in (select id from old_rows);
        return null;
      end`,
    );
    // Leads truncated in the same statement are already gone (and may not be truncated twice in it).
    const truncateLeads = afterStatement(
      'lead_lists_truncate_leads',
      'truncate',
      'lead_lists',
      `begin if exists (select 1 from leads) then truncate leads cascade; end if; return null; end`,
    );
    for (const sql of [...listExists, ...deleteLeads, ...truncateLeads]) this.addSql(sql);
    this.addSql(`create function refuse_key_change() returns trigger language plpgsql as $$
      begin
        raise exception '%.% cannot change', tg_table_name, tg_argv[0] using errcode = 'restrict_violation', table = tg_table_name;
      end $$;`);
    this.addSql(
      `create trigger leads_list_id_fixed before update of list_id on "leads" for each row when (old.list_id is distinct from new.list_id) execute function refuse_key_change('list_id');`,
    );
    this.addSql(
      `create trigger lead_lists_id_fixed before update of id on "lead_lists" for each row when (old.id is distinct from new.id) execute function refuse_key_change('id');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger lead_lists_id_fixed on "lead_lists";`);
    this.addSql(`drop trigger leads_list_id_fixed on "leads";`);
    this.addSql(`drop function refuse_key_change();`);
    for (const [name, table] of [['lead_lists_truncate_leads', 'lead_lists'], ['lead_lists_delete_leads', 'lead_lists'], ['lead_list_exists', 'leads']]) {
      this.addSql(`drop trigger ${name} on "${table}";`);
      this.addSql(`drop function ${name}();`);
    }
    this.addSql(
      `alter table "leads" add constraint "leads_list_id_foreign" foreign key ("list_id") references "lead_lists" ("id") on update cascade on delete cascade;`,
    );
  }
}
