import { Migration } from '@mikro-orm/migrations';

/** Export files of call attempts (libs/reporting): who asked, with which filters, the worker's progress, the file and when it expires. */
export class Migration20261206081000ExportJobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "export_jobs" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('attempts')) not null, "format" text check ("format" in ('csv', 'xlsx')) not null, "encoding" text check ("encoding" in ('utf-8', 'shift_jis')) not null default 'utf-8', "filters" jsonb not null default '{}', "state" text check ("state" in ('queued', 'running', 'completed', 'failed', 'expired')) not null default 'queued', "requested_by" uuid null, "requested_role" text not null, "rows_total" int null, "rows_written" int not null default 0, "replaced_characters" int not null default 0, "file_name" text null, "file_path" text null, "file_size" bigint null, "error" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "expires_at" timestamptz null, constraint "export_jobs_pkey" primary key ("id"));`);
    this.addSql(`create index "export_jobs_requested_by_created_at_index" on "export_jobs" ("requested_by", "created_at");`);
    this.addSql(`create index "export_jobs_expires_at_index" on "export_jobs" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "export_jobs";`);
  }
}
