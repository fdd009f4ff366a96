import { Migration } from '@mikro-orm/migrations';

/**
 * An attempt's list, as the rollups keyed by list count it, never changes
 * under it. Their triggers look the list up by the attempt's lead_id when
 * the attempt is written (a lead's list never changes: leads_list_id_fixed),
 * but two ways moved an attempt to another list without the rollups seeing
 * it: a lead's id changed (cascaded to its attempts, whose old rows then
 * find no lead, and are taken off "no list"), and a lead deleted and
 * inserted again under another list in one statement (the foreign key's NO
 * ACTION is checked at the statement's end, when the key exists again).
 * Nothing does either: a lead's id is now fixed as its list, and a lead
 * called cannot be deleted (RESTRICT: unlike NO ACTION, not excused by a
 * lead of the same id inserted again by the end of the statement).
 */
export class Migration20261207120000LeadOfAttemptFixed extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create trigger leads_id_fixed before update of id on "leads" for each row when (old.id is distinct from new.id) execute function refuse_key_change('id');`,
    );
    this.addSql(`alter table "call_attempts" drop constraint "call_attempts_lead_id_foreign";`);
    // Not validated again: the constraint it replaces, in this transaction, held every existing row to it (a scan of
    // every attempt would hold the dialer's writes off for as long). New rows and deletes are checked as ever.
    this.addSql(`alter table "call_attempts" add constraint "call_attempts_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade on delete restrict not valid;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "call_attempts" drop constraint "call_attempts_lead_id_foreign";`);
    this.addSql(`alter table "call_attempts" add constraint "call_attempts_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade;`);
    this.addSql(`drop trigger leads_id_fixed on "leads";`);
  }
}
