import { Migration } from '@mikro-orm/migrations';

/**
 * Lead import: the type of each alternate number, and the column names an
 * import read its file with (for its mapping, custom fields and rejection report).
 */
export class Migration20261122150000LeadImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "leads" add column "alt_phone_types" text[] not null default '{}';`);
    this.addSql(`alter table "import_jobs" add column "columns" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_jobs" drop column "columns";`);
    this.addSql(`alter table "leads" drop column "alt_phone_types";`);
  }
}
