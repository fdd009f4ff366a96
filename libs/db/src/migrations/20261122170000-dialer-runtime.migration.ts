import { Migration } from '@mikro-orm/migrations';

/**
 * What the dialer runtime needs: the pacing leader's fencing token, why a lead
 * was skipped, personal callbacks, attempt outcomes and settlement, DNC by
 * product (JP re-solicitation ban), agents' state history and survey answers.
 */
export class Migration20261122170000DialerRuntime extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "campaigns" add column "leader_fence" bigint not null default 0;`);

    this.addSql(
      `alter table "leads" add column "skip_code" text null, add column "skip_reason" text null, add column "skipped_at" timestamptz null, add column "callback_agent_id" uuid null;`,
    );

    this.addSql(
      `alter table "call_attempts" add column "mode" text null, add column "outcome" text null, add column "settled_at" timestamptz null, add column "fence" bigint null;`,
    );
    this.addSql(`create index "call_attempts_unsettled_idx" on "call_attempts" ("campaign_id", "ended_at") where "settled_at" is null;`);
    this.addSql(`create index "call_attempts_abandoned_phone_idx" on "call_attempts" ("phone", "ended_at") where "abandoned";`);

    this.addSql(`alter table "dnc_entries" drop constraint if exists "dnc_entries_scope_check";`);
    this.addSql(`alter table "dnc_entries" add column "product" text null;`);
    this.addSql(`alter table "dnc_entries" add constraint "dnc_entries_scope_check" check("scope" in ('global', 'campaign', 'product'));`);
    this.addSql(`create unique index "dnc_entries_product_phone_unique" on "dnc_entries" ("product", "phone") where "scope" = 'product';`);

    this.addSql(
      `create table "agent_state_log" ("id" bigserial primary key, "agent_id" uuid not null, "campaign_id" uuid null, "state" text not null, "reason" text null, "attempt_id" uuid null, "started_at" timestamptz not null, "ended_at" timestamptz null);`,
    );
    this.addSql(`create index "agent_state_log_campaign_id_started_at_index" on "agent_state_log" ("campaign_id", "started_at");`);
    this.addSql(`create index "agent_state_log_agent_id_started_at_index" on "agent_state_log" ("agent_id", "started_at");`);

    this.addSql(
      `create table "survey_answers" ("id" bigserial primary key, "attempt_id" uuid not null, "campaign_id" uuid not null, "lead_id" uuid not null, "question_id" text not null, "answer" text not null, "source" text check ("source" in ('ivr', 'agent')) not null, "answered_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "survey_answers" add constraint "survey_answers_attempt_id_question_id_unique" unique ("attempt_id", "question_id");`);
    this.addSql(
      `alter table "survey_answers" add constraint "survey_answers_attempt_id_foreign" foreign key ("attempt_id") references "call_attempts" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "survey_answers" cascade;`);
    this.addSql(`drop table if exists "agent_state_log" cascade;`);
    this.addSql(`drop index if exists "dnc_entries_product_phone_unique";`);
    this.addSql(`delete from "dnc_entries" where "scope" = 'product';`);
    this.addSql(`alter table "dnc_entries" drop constraint if exists "dnc_entries_scope_check";`);
    this.addSql(`alter table "dnc_entries" drop column "product";`);
    this.addSql(`alter table "dnc_entries" add constraint "dnc_entries_scope_check" check("scope" in ('global', 'campaign'));`);
    this.addSql(`drop index if exists "call_attempts_unsettled_idx";`);
    this.addSql(`drop index if exists "call_attempts_abandoned_phone_idx";`);
    this.addSql(`alter table "call_attempts" drop column "mode", drop column "outcome", drop column "settled_at", drop column "fence";`);
    this.addSql(
      `alter table "leads" drop column "skip_code", drop column "skip_reason", drop column "skipped_at", drop column "callback_agent_id";`,
    );
    this.addSql(`alter table "campaigns" drop column "leader_fence";`);
  }
}
