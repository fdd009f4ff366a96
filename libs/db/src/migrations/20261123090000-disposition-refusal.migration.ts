import { Migration } from '@mikro-orm/migrations';

/**
 * A per-code refusal flag on dispositions: which outcomes mean the callee
 * refused to be solicited (JP 特定商取引法 Art. 17 bars the product for good).
 * It replaces a hard-coded list that also caught collections' "refused to
 * pay", which is no such refusal. Existing codes keep the old behaviour
 * except there: NOT_INTERESTED and a survey's REFUSED are refusals.
 */
export class Migration20261123090000DispositionRefusal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "disposition_codes" add column "is_refusal" boolean not null default false;`);
    this.addSql(
      `update "disposition_codes" d set "is_refusal" = true from "campaigns" c
        where c."id" = d."campaign_id" and (d."code" = 'NOT_INTERESTED' or (d."code" = 'REFUSED' and c."kind" <> 'collections'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "disposition_codes" drop column "is_refusal";`);
  }
}
