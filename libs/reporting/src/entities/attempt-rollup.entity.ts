import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Call attempts counted per campaign and hour (of `created_at`, UTC), kept by
 * the database as attempts are written (the rollups migration's triggers), so
 * the wallboard and the abandon window read a bounded number of rows whatever
 * the history. A bucket is split over a few `shard` rows (by writing
 * transaction) so concurrent writers rarely wait on one row; readers sum them.
 * The counts follow the dialer's classifications (attempt-classes.ts).
 */
@Entity({ tableName: 'attempt_rollups' })
export class AttemptRollup {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;

  @Property({ type: 'integer', default: 0 })
  dials: Opt<number> = 0;

  /** Answered, and AMD said a person, or the call ended without a machine verdict (attempt-classes.ts liveAnswerSql). */
  @Property({ type: 'integer', default: 0 })
  liveAnswers: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  machines: Opt<number> = 0;

  /** A person connected to an agent (attempt-classes.ts connectSql). */
  @Property({ type: 'integer', default: 0 })
  connects: Opt<number> = 0;

  /** A machine or fax connected to an agent before its AMD verdict. */
  @Property({ type: 'integer', default: 0 })
  machineConnects: Opt<number> = 0;

  /** Abandoned and not a machine. */
  @Property({ type: 'integer', default: 0 })
  abandons: Opt<number> = 0;
}
