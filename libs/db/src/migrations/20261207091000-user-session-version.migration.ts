import { Migration } from '@mikro-orm/migrations';

/**
 * Access tokens carry the account's session version; deactivating the
 * account or resetting its password moves the version on, so every token
 * issued before is refused from then on — after a re-activation too.
 * A constant default: adding the column rewrites nothing.
 */
export class Migration20261207091000UserSessionVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "session_version" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "session_version";`);
  }
}
