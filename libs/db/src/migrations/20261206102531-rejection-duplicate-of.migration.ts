import { Migration } from '@mikro-orm/migrations';

/**
 * A row rejected as already there names what it matched (the lead, or the
 * do-not-call entry): an undo then refuses to remove what a later import
 * still counts on. No foreign key: leads and entries come and go (undo,
 * list deletion), and the reference is only ever read, never followed.
 * Nullable without a default: adding it rewrites nothing; the index holds
 * only the rows that have one.
 */
export class Migration20261206102531RejectionDuplicateOf extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "import_rejections" add column "duplicate_of" uuid null;`);
    this.addSql(
      `create index "import_rejections_duplicate_of_idx" on "import_rejections" ("duplicate_of") where "duplicate_of" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "import_rejections_duplicate_of_idx";`);
    this.addSql(`alter table "import_rejections" drop column "duplicate_of";`);
  }
}
