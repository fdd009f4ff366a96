import { Migration } from '@mikro-orm/migrations';

/**
 * Campaigns carry a version, moved on by every change through the campaigns
 * lib (an edit, a start, a pause...): an editor sends back the version it
 * opened, and a change over someone else's is refused instead of undoing it.
 * A constant default: adding the column rewrites nothing.
 */
export class Migration20261208090000CampaignVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "campaigns" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "campaigns" drop column "version";`);
  }
}
