import { Migration } from '@mikro-orm/migrations';

/**
 * The extension written after a lead's number ("212-555-0146 ext 12"): kept
 * beside the E.164 number, which cannot hold it, instead of being dropped.
 * Nullable without a default: adding it rewrites nothing.
 */
export class Migration20261206073000LeadPhoneExtension extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "leads" add column "phone_extension" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "leads" drop column "phone_extension";`);
  }
}
