import { EntityManager } from '@mikro-orm/postgresql';
import { EntityMetadata, EntityName } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { AgentTimeDayRollup } from '../entities/agent-time-day-rollup.entity';
import { AgentTimeRollup } from '../entities/agent-time-rollup.entity';
import { AttemptAgentKpiRollup } from '../entities/attempt-agent-kpi-rollup.entity';
import { AttemptKpiDayRollup } from '../entities/attempt-kpi-day-rollup.entity';
import { AttemptKpiRollup } from '../entities/attempt-kpi-rollup.entity';
import { AttemptRollup } from '../entities/attempt-rollup.entity';
import { CampaignTimeRollup } from '../entities/campaign-time-rollup.entity';
import { BUCKET_MS, finishedBucketsBefore, RollupBucket } from './rollup-buckets';

/** The sharded rollups whose finished buckets (hours, days) are folded. */
const SHARDED_ROLLUPS: EntityName<object>[] = [
  AttemptRollup,
  AttemptKpiRollup,
  AttemptAgentKpiRollup,
  AgentTimeRollup,
  CampaignTimeRollup,
  AttemptKpiDayRollup,
  AgentTimeDayRollup,
];

export interface FoldLimits {
  /** Hours that began more than this long ago are finished, and days whose last hour did: their shards are folded. */
  finishedAfterMs: number;
  /** Shard rows moved per statement (and transaction). */
  batchSize: number;
  /** Stops starting batches after this long; the next run carries on. */
  budgetMs: number;
}

/** The budget stays under the worker's shutdown grace (25 s by default): a deploy never cuts a run short. */
export const DEFAULT_FOLD_LIMITS: FoldLimits = { finishedAfterMs: 2 * BUCKET_MS.hour, batchSize: 5_000, budgetMs: 20_000 };

export interface FoldReport {
  /** Hours that began before this instant were folded. */
  cutoff: string;
  /** Per table: shard rows folded into shard 0, and whether it gave up on a lock (or ran out of time) with rows left. */
  tables: { table: string; folded: number; stopped: 'done' | 'lock' | 'budget' }[];
}

/** A rollup's table and columns, from its entity: the key (before `shard`, its bucket among them) and the summed measures. */
interface RollupColumns {
  table: string;
  bucket: RollupBucket;
  keys: string[];
  measures: string[];
}

/**
 * Folds the shard rows of finished buckets (hours, days) into shard 0, so a
 * report over 30 days reads one row per bucket instead of up to 16. The rollups' triggers
 * spread each bucket over `txid % 16` rows so concurrent writers rarely wait
 * on one; once an hour is over, only late updates touch it, and they still
 * land in shard rows that the next run folds.
 *
 * One statement per batch deletes shard rows (locked `skip locked`, so a
 * writer's row is left to the next run) and adds them to shard 0 with
 * `insert ... on conflict do update`, in one transaction: the sum per key
 * never changes. A trigger's upsert that waits on a row being folded finds it
 * deleted when the fold commits and inserts a new shard row (ON CONFLICT DO
 * UPDATE always inserts or updates), so no delta is lost.
 */
@Injectable()
export class RollupFoldingService {
  constructor(
    private readonly em: EntityManager,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async foldFinishedHours(limits: Partial<FoldLimits> = {}): Promise<FoldReport> {
    const { finishedAfterMs, batchSize, budgetMs } = { ...DEFAULT_FOLD_LIMITS, ...limits };
    const startedAt = Date.now();
    const cutoff = new Date(this.clock.now().getTime() - finishedAfterMs);
    const tables: FoldReport['tables'] = [];
    for (const entity of SHARDED_ROLLUPS) {
      const rollup = this.columnsOf(this.em.getMetadata().get(entity));
      const statement = foldStatement(rollup);
      const finishedBefore = finishedBucketsBefore(rollup.bucket, cutoff);
      let folded = 0;
      let stopped: FoldReport['tables'][number]['stopped'] = 'done';
      for (;;) {
        if (Date.now() - startedAt >= budgetMs) {
          stopped = 'budget';
          break;
        }
        const moved = await this.foldBatch(statement, finishedBefore, batchSize);
        if (moved === undefined) {
          stopped = 'lock';
          break;
        }
        folded += moved;
        if (moved < batchSize) break; // fewer candidates than asked for: nothing left but rows writers hold
      }
      tables.push({ table: rollup.table, folded, stopped });
    }
    return { cutoff: cutoff.toISOString(), tables };
  }

  /** Rows moved, or undefined when the batch gave up on a lock (rolled back: nothing moved). */
  private async foldBatch(statement: string, finishedBefore: Date, batchSize: number): Promise<number | undefined> {
    try {
      return await this.em.fork().transactional(async (tx) => {
        // The fold gives up rather than a writer: it waits on a webhook's shard-0 row at most half of
        // deadlock_timeout (at least 1 ms: 0 would mean no limit), so if that webhook waits on the fold (even
        // from a moment before, within this statement) the fold's wait ends before the webhook's deadlock check
        // could pick the webhook — as long as picking and deleting the batch takes less than that half (a
        // 5,000-row batch takes a few ms to tens of ms; deadlock_timeout is 1 s by default).
        await tx.execute(`select set_config('lock_timeout', greatest(1, least(2000, setting::int / 2)) || 'ms', true) from pg_settings where name = 'deadlock_timeout'`);
        const [{ moved }] = await tx.execute<{ moved: number }[]>(statement, [finishedBefore, batchSize]);
        return moved;
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '55P03' || code === '40P01') return undefined; // lock_not_available, deadlock_detected
      throw error;
    }
  }

  /** The entity's columns: the rollup's primary key is its bucket key (with an `hour` or `day` column) then `shard`; every other column is summed. */
  private columnsOf(meta: EntityMetadata): RollupColumns {
    const columnsOf = (primary: boolean) =>
      meta.props.filter((prop) => !!prop.primary === primary && prop.persist !== false).flatMap((prop) => prop.fieldNames);
    const keys = columnsOf(true).filter((column) => column !== 'shard');
    const buckets = (Object.keys(BUCKET_MS) as RollupBucket[]).filter((bucket) => keys.includes(bucket));
    if (keys.length + 1 !== columnsOf(true).length || buckets.length !== 1) throw new Error(`${meta.className} is not a sharded rollup of hours or days`);
    return { table: meta.tableName, bucket: buckets[0], keys, measures: columnsOf(false) };
  }
}

/**
 * One batch: up to `batchSize` shard rows of finished buckets, locked (skipping those
 * writers hold), deleted and added to their key's shard-0 row, in key order
 * (so two folds lock shard-0 rows in one order). Answers the rows moved.
 */
function foldStatement({ table, bucket, keys, measures }: RollupColumns): string {
  const key = keys.join(', ');
  const on = [...keys, 'shard'].map((column) => `r.${column} = p.${column}`).join(' and ');
  return `
    with picked as materialized (
           select ${key}, shard from ${table} where ${bucket} < ? and shard <> 0 limit ? for update skip locked),
         moved as (
           delete from ${table} r using picked p where ${on} returning r.*),
         added as (
           insert into ${table} (${key}, shard, ${measures.join(', ')})
           select ${key}, 0, ${measures.map((column) => `sum(${column})`).join(', ')} from moved group by ${key} order by ${key}
           on conflict (${key}, shard) do update set ${measures.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ')}
           returning 1)
    select (select count(*) from moved)::int as moved, (select count(*) from added)::int as added`;
}
