import { Migration } from '@mikro-orm/migrations';

/**
 * Twilio webhooks: `call_events`, the append-only record of every callback
 * (unique per call, kind and dedupe key, so duplicates insert nothing), and
 * `call_twiml_responses`, the first TwiML answered per call, webhook and step
 * (so a retried voice request gets the same document).
 */
export class Migration20261122160000CallEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "call_events" ("id" bigserial primary key, "attempt_id" uuid null, "call_sid" text not null, "kind" text check ("kind" in ('status', 'amd', 'voice', 'gather', 'conference')) not null, "dedupe_key" text not null, "sequence_number" int null, "status" text null, "params" jsonb not null, "idempotency_token" text null, "received_at" timestamptz not null default now());`);
    this.addSql(`create index "call_events_attempt_id_index" on "call_events" ("attempt_id");`);
    this.addSql(`alter table "call_events" add constraint "call_events_dedupe_unique" unique ("call_sid", "kind", "dedupe_key");`);
    this.addSql(`alter table "call_events" add constraint "call_events_attempt_id_foreign" foreign key ("attempt_id") references "call_attempts" ("id") on update cascade on delete set null;`);
    this.addSql(`create table "call_twiml_responses" ("call_sid" text not null, "webhook" text not null, "step" text not null, "claim_token" uuid not null, "claimed_at" timestamptz not null default now(), "twiml" text null, "answered_at" timestamptz null, constraint "call_twiml_responses_pkey" primary key ("call_sid", "webhook", "step"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "call_twiml_responses";`);
    this.addSql(`drop table if exists "call_events";`);
  }
}
