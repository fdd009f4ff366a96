import { Migration } from '@mikro-orm/migrations';

/**
 * Tamper evidence for the audit log: every row carries `seq` (1, 2, 3… with no
 * gap), the previous row's hash and its own hash, SHA-256 over its canonical
 * content and the previous hash. The database computes them in a BEFORE INSERT
 * trigger under one advisory lock held until commit, so there is exactly one
 * writer order whatever process appends (and rows inserted by one statement
 * chain in the order the statement inserts them). Canonical content is a jsonb
 * array (jsonb's text form is deterministic) with the time in UTC to the
 * microsecond, so the verifier recomputes it with the same function.
 * Existing rows are chained in id order. The columns stay nullable for the
 * ORM's sake (it never sets them); the trigger always fills them and the
 * verifier counts a row without a hash as broken.
 */
export class Migration20261206080000AuditChain extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_log" add column "seq" bigint null, add column "prev_hash" bytea null, add column "hash" bytea null;`);
    this.addSql(`create function audit_log_row_hash(seq bigint, id bigint, at timestamptz, actor_id uuid, actor_role text, action text,
        entity_type text, entity_id text, data jsonb, request_id text, prev_hash bytea) returns bytea
      language sql stable parallel safe as $$
        select sha256(convert_to(jsonb_build_array(seq, id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          actor_id, actor_role, action, entity_type, entity_id, data, request_id)::text, 'UTF8') || coalesce(prev_hash, '\\x'::bytea))
      $$;`);
    // 0x61756469 ("audi"): the one advisory lock key of the chain.
    this.addSql(`create function audit_log_chain() returns trigger language plpgsql as $$
      declare
        last record;
      begin
        perform pg_advisory_xact_lock(1635083369);
        select l.seq, l.hash into last from audit_log l order by l.seq desc limit 1;
        new.seq := coalesce(last.seq, 0) + 1;
        new.prev_hash := last.hash;
        new.hash := audit_log_row_hash(new.seq, new.id, new.at, new.actor_id, new.actor_role, new.action, new.entity_type,
          new.entity_id, new.data, new.request_id, new.prev_hash);
        return new;
      end $$;`);
    this.addSql(`alter table "audit_log" disable trigger "audit_log_no_update_delete";`);
    this.addSql(`do $$
      declare
        r record;
        n bigint := 0;
        previous bytea := null;
      begin
        for r in select * from audit_log order by id loop
          n := n + 1;
          update audit_log set seq = n, prev_hash = previous,
            hash = audit_log_row_hash(n, r.id, r.at, r.actor_id, r.actor_role, r.action, r.entity_type, r.entity_id, r.data, r.request_id, previous)
           where id = r.id returning hash into previous;
        end loop;
      end $$;`);
    this.addSql(`alter table "audit_log" enable trigger "audit_log_no_update_delete";`);
    // A second writer that somehow saw a stale head (a repeatable-read transaction) fails here instead of forking the chain.
    this.addSql(`create unique index "audit_log_seq_unique" on "audit_log" ("seq");`);
    this.addSql(`create index "audit_log_actor_id_at_index" on "audit_log" ("actor_id", "at");`);
    this.addSql(`create index "audit_log_action_at_index" on "audit_log" ("action", "at");`);
    this.addSql(`create trigger audit_log_chain before insert on "audit_log" for each row execute function audit_log_chain();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_log_chain on "audit_log";`);
    this.addSql(`drop function if exists audit_log_chain();`);
    this.addSql(`drop index if exists "audit_log_seq_unique";`);
    this.addSql(`drop index if exists "audit_log_actor_id_at_index";`);
    this.addSql(`drop index if exists "audit_log_action_at_index";`);
    this.addSql(`alter table "audit_log" drop column "seq", drop column "prev_hash", drop column "hash";`);
    this.addSql(`drop function if exists audit_log_row_hash(bigint, bigint, timestamptz, uuid, text, text, text, text, jsonb, text, bytea);`);
  }
}
