import { Migration } from '@mikro-orm/migrations';

/**
 * The first data model: users and roles, campaigns, lists and leads, call
 * attempts, dispositions, do-not-call, consents, imports and the audit log.
 */
export class Migration20261122120000InitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_id" uuid null, "actor_role" text not null, "action" text not null, "entity_type" text not null, "entity_id" text null, "data" jsonb not null default '{}', "request_id" text null);`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_entity_type_entity_id_index" on "audit_log" ("entity_type", "entity_id");`);
    this.addSql(`create table "campaigns" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "kind" text check ("kind" in ('telemarketing', 'survey', 'collections')) not null, "dialing_mode" text check ("dialing_mode" in ('preview', 'progressive', 'power', 'predictive', 'agentless')) not null, "status" text check ("status" in ('draft', 'active', 'paused', 'completed', 'archived')) not null default 'draft', "jurisdiction" text check ("jurisdiction" in ('US', 'UK', 'JP')) not null, "settings" jsonb not null default '{}', "created_by" uuid null, "started_at" timestamptz null, "completed_at" timestamptz null, constraint "campaigns_pkey" primary key ("id"));`);
    this.addSql(`create table "consents" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "phone" text not null, "type" text check ("type" in ('autodialed_calls', 'prerecorded_calls', 'marketing_calls', 'recording')) not null, "campaign_id" uuid null, "lead_id" uuid null, "granted_at" timestamptz not null, "revoked_at" timestamptz null, "source" text not null, "evidence" text null, "created_by" uuid null, constraint "consents_pkey" primary key ("id"));`);
    this.addSql(`create index "consents_phone_type_index" on "consents" ("phone", "type");`);
    this.addSql(`create table "disposition_codes" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "campaign_id" uuid not null, "code" text not null, "label" text not null, "is_final" boolean not null default false, "is_success" boolean not null default false, "is_callback" boolean not null default false, "is_dnc" boolean not null default false, "is_contact" boolean not null default false, "position" int not null default 0, constraint "disposition_codes_pkey" primary key ("id"));`);
    this.addSql(`alter table "disposition_codes" add constraint "disposition_codes_campaign_id_code_unique" unique ("campaign_id", "code");`);
    this.addSql(`create table "dnc_entries" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "phone" text not null, "scope" text check ("scope" in ('global', 'campaign')) not null, "campaign_id" uuid null, "source" text check ("source" in ('manual', 'import', 'registry', 'disposition', 'ivr_opt_out', 'api')) not null, "reason" text null, "created_by" uuid null, "import_id" uuid null, constraint "dnc_entries_pkey" primary key ("id"));`);
    this.addSql(`create index "dnc_entries_phone_index" on "dnc_entries" ("phone");`);
    this.addSql(`create unique index "dnc_entries_campaign_phone_unique" on "dnc_entries" ("campaign_id", "phone") where "scope" = 'campaign';`);
    this.addSql(`create unique index "dnc_entries_global_phone_unique" on "dnc_entries" ("phone") where "scope" = 'global';`);
    this.addSql(`create table "lead_lists" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "description" text null, "default_country" char(2) not null, "dedupe_scope" text check ("dedupe_scope" in ('none', 'list', 'campaign', 'global')) not null default 'list', "archived" boolean not null default false, "created_by" uuid null, constraint "lead_lists_pkey" primary key ("id"));`);
    this.addSql(`create table "leads" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "list_id" uuid not null, "phone" text not null, "phone_type" text null, "alt_phones" text[] not null default '{}', "external_id" text null, "first_name" text null, "last_name" text null, "email" text null, "postal_code" text null, "region" text null, "country" char(2) null, "timezone" text null, "timezone_source" text check ("timezone_source" in ('explicit', 'postal_code', 'area_code', 'country')) null, "timezone_candidates" text[] not null default '{}', "custom_fields" jsonb not null default '{}', "status" text check ("status" in ('new', 'dialing', 'retry', 'callback', 'done', 'exhausted', 'blocked')) not null default 'new', "blocked_reason" text check ("blocked_reason" in ('dnc', 'no_timezone', 'refused')) null, "attempt_count" int not null default 0, "last_attempt_at" timestamptz null, "next_attempt_at" timestamptz null, "last_disposition" text null, "import_id" uuid null, "import_row" int null, constraint "leads_pkey" primary key ("id"));`);
    this.addSql(`create index "leads_external_id_index" on "leads" ("external_id");`);
    this.addSql(`create index "leads_phone_index" on "leads" ("phone");`);
    this.addSql(`create index "leads_hopper_idx" on "leads" ("list_id", "status", "next_attempt_at");`);
    this.addSql(`alter table "leads" add constraint "leads_import_id_import_row_unique" unique ("import_id", "import_row");`);
    this.addSql(`create table "call_attempts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "campaign_id" uuid not null, "lead_id" uuid not null, "phone" text not null, "caller_id" text null, "provider_call_sid" text null, "state" text check ("state" in ('queued', 'initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled')) not null default 'queued', "last_sequence_number" int not null default -1, "initiated_at" timestamptz null, "ringing_at" timestamptz null, "answered_at" timestamptz null, "connected_at" timestamptz null, "ended_at" timestamptz null, "answered_by" text check ("answered_by" in ('human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown')) null, "abandoned" boolean not null default false, "agent_id" uuid null, "disposition_code" text null, "disposition_data" jsonb null, "disposition_at" timestamptz null, "duration_sec" int null, "sip_response_code" int null, "compliance_evidence" jsonb not null default '{}', constraint "call_attempts_pkey" primary key ("id"));`);
    this.addSql(`alter table "call_attempts" add constraint "call_attempts_provider_call_sid_unique" unique ("provider_call_sid");`);
    this.addSql(`create index "call_attempts_lead_id_created_at_index" on "call_attempts" ("lead_id", "created_at");`);
    this.addSql(`create index "call_attempts_campaign_id_created_at_index" on "call_attempts" ("campaign_id", "created_at");`);
    this.addSql(`create unique index "call_attempts_one_live_per_lead" on "call_attempts" ("lead_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress');`);
    this.addSql(`create table "import_jobs" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "list_id" uuid null, "target" text check ("target" in ('leads', 'dnc')) not null default 'leads', "state" text check ("state" in ('queued', 'running', 'completed', 'failed', 'undone')) not null default 'queued', "file_name" text not null, "file_path" text not null, "file_size" bigint not null, "encoding" text null, "delimiter" text null, "mapping" jsonb null, "options" jsonb not null default '{}', "counts" jsonb not null default '{"rowsRead":0,"accepted":0,"rejected":0,"duplicates":0,"dncFlagged":0,"noTimezone":0}', "progress" smallint not null default 0, "error" jsonb null, "created_by" uuid null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "import_jobs_pkey" primary key ("id"));`);
    this.addSql(`create table "import_rejections" ("job_id" uuid not null, "row_number" int not null, "cells" jsonb not null, "reason_code" text not null, "message" text not null, constraint "import_rejections_pkey" primary key ("job_id", "row_number"));`);
    this.addSql(`create table "campaign_lists" ("campaign_id" uuid not null, "list_id" uuid not null, "priority" int not null default 0, "weight" int not null default 1, "active" boolean not null default true, constraint "campaign_lists_pkey" primary key ("campaign_id", "list_id"));`);
    this.addSql(`create table "users" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" text not null, "display_name" text not null, "password_hash" text not null, "role" text check ("role" in ('admin', 'manager', 'agent', 'compliance')) not null, "active" boolean not null default true, "last_login_at" timestamptz null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "disposition_codes" add constraint "disposition_codes_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "leads" add constraint "leads_list_id_foreign" foreign key ("list_id") references "lead_lists" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "call_attempts" add constraint "call_attempts_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on update cascade;`);
    this.addSql(`alter table "call_attempts" add constraint "call_attempts_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade;`);
    this.addSql(`alter table "import_jobs" add constraint "import_jobs_list_id_foreign" foreign key ("list_id") references "lead_lists" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "import_rejections" add constraint "import_rejections_job_id_foreign" foreign key ("job_id") references "import_jobs" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "campaign_lists" add constraint "campaign_lists_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "campaign_lists" add constraint "campaign_lists_list_id_foreign" foreign key ("list_id") references "lead_lists" ("id") on update cascade on delete cascade;`);

    // The audit log is evidence: rows may be added, never changed or removed.
    this.addSql(`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger audit_log_no_update_delete before update or delete on "audit_log"
      for each row execute function audit_log_append_only();`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on "audit_log"
      for each statement execute function audit_log_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "campaign_lists" cascade;`);
    this.addSql(`drop table if exists "import_rejections" cascade;`);
    this.addSql(`drop table if exists "import_jobs" cascade;`);
    this.addSql(`drop table if exists "call_attempts" cascade;`);
    this.addSql(`drop table if exists "leads" cascade;`);
    this.addSql(`drop table if exists "lead_lists" cascade;`);
    this.addSql(`drop table if exists "dnc_entries" cascade;`);
    this.addSql(`drop table if exists "disposition_codes" cascade;`);
    this.addSql(`drop table if exists "consents" cascade;`);
    this.addSql(`drop table if exists "campaigns" cascade;`);
    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop function if exists audit_log_append_only();`);
  }
}
