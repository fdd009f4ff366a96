import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** Leads counted per list and status, kept by the database as leads are written (the rollups migration's triggers); summed over `shard`. */
@Entity({ tableName: 'lead_status_rollups' })
export class LeadStatusRollup {
  @PrimaryKey({ type: 'uuid' })
  listId!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;

  @Property({ type: 'integer', default: 0 })
  leads: Opt<number> = 0;
}
