import { Migration } from '@mikro-orm/migrations';

/**
 * Why an export failed, as a stable code and its figures beside the English
 * sentence, so a page words it in its reader's language. Failures stored
 * before are given their code from their sentence.
 */
export class Migration20261208100000ExportErrorCode extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "export_jobs" add column "error_code" text null, add column "error_params" jsonb null;`);
    this.addSql(`update "export_jobs" set "error_code" = case
        when "error" like 'not queued:%' then 'EXPORT_NOT_QUEUED'
        when "error" like 'The export stopped after %' then 'EXPORT_ATTEMPTS_FAILED'
        when "error" like 'The export stopped and will not be retried%' then 'EXPORT_ABANDONED'
      end
      where "state" = 'failed' and "error" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "export_jobs" drop column "error_code", drop column "error_params";`);
  }
}
