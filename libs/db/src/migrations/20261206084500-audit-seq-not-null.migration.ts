import { Migration } from '@mikro-orm/migrations';

/**
 * `audit_log.seq` is never null: the chain trigger numbers every row and the
 * audit-chain migration numbered the old ones. Left nullable, one row's seq
 * set to null (by the owner, trigger off) sorted first in the trigger's
 * `order by seq desc`, so every later append took seq 1 again and failed: no
 * one could sign in. The constraint refuses that edit instead.
 */
export class Migration20261206084500AuditSeqNotNull extends Migration {
  override async up(): Promise<void> {
    // The default (0) only spares the ORM from sending it: the trigger numbers every row it inserts.
    this.addSql(`alter table "audit_log" alter column "seq" set not null, alter column "seq" set default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_log" alter column "seq" drop default, alter column "seq" drop not null;`);
  }
}
