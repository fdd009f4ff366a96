import { Migration } from '@mikro-orm/migrations';

/**
 * The consent ledger's revocations (FCC 24-18: by any reasonable means, each
 * with when it was received, the channel, what was said or pressed, and when
 * it was honoured), expiring DNC entries (registry extracts), and the index the
 * US state rules and subject requests use to find a number's attempts.
 */
export class Migration20261206070000ComplianceLedger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "dnc_entries" add column "expires_at" timestamptz null;`);
    this.addSql(`create index "dnc_entries_created_at_index" on "dnc_entries" ("created_at");`);
    this.addSql(
      `create table "consent_revocations" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), ` +
        `"phone" text not null, "channel" text check ("channel" in ('agent_disposition', 'ivr_opt_out', 'abandon_message', 'api', 'compliance_user')) not null, ` +
        `"received_at" timestamptz not null, "content" text not null, "scope" text check ("scope" in ('campaign', 'product', 'all')) not null, ` +
        `"campaign_id" uuid null, "product" text null, "attempt_id" uuid null, "consent_id" uuid null, "dnc_entry_id" uuid null, "honoured_at" timestamptz null, "created_by" uuid null, ` +
        `constraint "consent_revocations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "consent_revocations_phone_index" on "consent_revocations" ("phone");`);
    this.addSql(`create index "consent_revocations_received_at_index" on "consent_revocations" ("received_at");`);
    this.addSql(`create index "consents_granted_at_index" on "consents" ("granted_at");`);
    this.addSql(`create index "call_attempts_phone_created_at_index" on "call_attempts" ("phone", "created_at");`);
    // Consent lists come through the import pipeline.
    this.addSql(`alter table "consents" add column "import_id" uuid null;`);
    this.addSql(`alter table "import_jobs" drop constraint if exists "import_jobs_target_check";`);
    this.addSql(`alter table "import_jobs" add constraint "import_jobs_target_check" check("target" in ('leads', 'dnc', 'consents'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "import_jobs" where "target" = 'consents';`);
    this.addSql(`alter table "import_jobs" drop constraint if exists "import_jobs_target_check";`);
    this.addSql(`alter table "import_jobs" add constraint "import_jobs_target_check" check("target" in ('leads', 'dnc'));`);
    this.addSql(`alter table "consents" drop column "import_id";`);
    this.addSql(`drop index if exists "call_attempts_phone_created_at_index";`);
    this.addSql(`drop index if exists "consents_granted_at_index";`);
    this.addSql(`drop table if exists "consent_revocations" cascade;`);
    this.addSql(`drop index if exists "dnc_entries_created_at_index";`);
    this.addSql(`alter table "dnc_entries" drop column "expires_at";`);
  }
}
