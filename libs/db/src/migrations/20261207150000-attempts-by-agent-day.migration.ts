import { Migration } from '@mikro-orm/migrations';

/** The agent desk's "today" counts an agent's attempts since their midnight: found by agent and time, not by a scan. */
export class Migration20261207150000AttemptsByAgentDay extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "call_attempts_agent_id_created_at_index" on "call_attempts" ("agent_id", "created_at") where "agent_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "call_attempts_agent_id_created_at_index";`);
  }
}
