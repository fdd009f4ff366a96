import { Migration } from '@mikro-orm/migrations';

/**
 * A disposition code already recorded on calls is retired, not deleted: hidden
 * from new calls, kept for the calls that carry it (settlement, reports, the
 * contact history the 7-in-7 rule counts, subject access requests all join on it).
 */
export class Migration20261208110000DispositionRetired extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "disposition_codes" add column "retired_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "disposition_codes" where "retired_at" is not null;`);
    this.addSql(`alter table "disposition_codes" drop column "retired_at";`);
  }
}
