import { Migration } from '@mikro-orm/migrations';

/**
 * At most one live call per number per campaign: two lists (or two leads) of
 * one campaign holding the same number must not ring it twice at once. The
 * hopper skips such a lead (and, across campaigns of one jurisdiction, checks
 * the same under an advisory lock); this index is the referee. Phone first, so
 * the hopper's look-up by number alone uses it too.
 */
export class Migration20261206084000OneLiveCallPerNumber extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unique index "call_attempts_one_live_per_number" on "call_attempts" ("phone", "campaign_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "call_attempts_one_live_per_number";`);
  }
}
