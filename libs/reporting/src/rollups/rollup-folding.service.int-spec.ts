import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditModule } from '@dialer/audit';
import { ManualClock } from '@dialer/core';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { ReportingModule } from '../reporting.module';
import { finishedBucketsBefore, RollupBucket } from './rollup-buckets';
import { FoldReport, RollupFoldingService } from './rollup-folding.service';

/** A small deterministic generator: the same run every time, any seed reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The clock's hour is 12:00; with the 2-hour cut-off (10:20), hours up to 10:00 are finished, 11:00 and 12:00 are not; 22 November is finished, the 23rd is not. */
const NOW = Date.parse('2026-11-23T12:20:00Z');
const CUTOFF = new Date(NOW - 2 * 3600_000);
const FIRST_HOUR = Date.parse('2026-11-22T00:00:00Z');
/** The hours written to: 35 finished ones and the two the fold must leave alone. */
const HOURS = Array.from({ length: 37 }, (_, i) => FIRST_HOUR + i * 3600_000);
const CODES = [null, 'SALE', 'NOT_INTERESTED'];
const VERDICTS = [null, 'human', 'machine_start'];

/** Each rollup's bucket key (its primary key before `shard`); every other column is a sum. */
const ROLLUPS: Record<string, string[]> = {
  attempt_rollups: ['campaign_id', 'hour'],
  attempt_kpi_rollups: ['campaign_id', 'hour', 'disposition_code'],
  attempt_agent_kpi_rollups: ['campaign_id', 'hour', 'agent_id', 'list_id', 'disposition_code'],
  agent_time_rollups: ['campaign_id', 'hour', 'agent_id', 'list_id'],
  campaign_time_rollups: ['campaign_id', 'hour'],
  attempt_kpi_day_rollups: ['campaign_id', 'grouping', 'day', 'key_id', 'disposition_code'],
  agent_time_day_rollups: ['campaign_id', 'grouping', 'day', 'key_id'],
};
/** A rollup's bucket column. */
const bucketOf = (table: string): RollupBucket => (ROLLUPS[table].includes('day') ? 'day' : 'hour');
/** Its rows of finished buckets (`finished`) or of buckets under way (`not finished`), as SQL. */
const finished = (table: string, yes = true) => `${bucketOf(table)} ${yes ? '<' : '>='} '${finishedBucketsBefore(bucketOf(table), CUTOFF).toISOString()}'`;

/**
 * The fold of finished hours' shards into shard 0, against the attempts
 * themselves: after random writes spread over shards (many transactions) and
 * hours, and while writers keep writing, in finished and current hours.
 */
describe('rollup folding (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let orm: MikroORM;
  let folding: RollupFoldingService;
  let campaigns: string[];
  let leadId: string;
  let agents: string[];
  /** Calls the agents' wrap-ups follow: a week before the hours written to, so no writer moves or deletes them (a purged call's wrap-up keeps its list in the rollup). */
  let calls: string[];
  let phones = 0;

  const fork = () => orm.em.fork() as EntityManager;
  const sql = <T extends object = Record<string, unknown>>(query: string, params: unknown[] = [], em: EntityManager = fork()) => em.execute<T[]>(query, params);

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, ReportingModule], new ManualClock(NOW));
    orm = app.get(MikroORM);
    folding = app.get(RollupFoldingService);
    campaigns = [];
    for (let i = 0; i < 2; i++) {
      const [campaign] = await sql<{ id: string }>(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values (?, 'telemarketing', 'predictive', 'US') returning id`, [`fold-${i}`]);
      campaigns.push(campaign.id);
    }
    const [list] = await sql<{ id: string }>(`insert into lead_lists (name, default_country) values ('fold', 'US') returning id`);
    [{ id: leadId }] = await sql<{ id: string }>(`insert into leads (list_id, phone) values (?, '+14155550100') returning id`, [list.id]);
    agents = [];
    for (let i = 0; i < 3; i++) {
      const [agent] = await sql<{ id: string }>(`insert into users (email, display_name, role, password_hash) values (?, ?, 'agent', 'x') returning id`, [`fold-${i}@example.com`, `f${i}`]);
      agents.push(agent.id);
    }
    calls = (
      await sql<{ id: string }>(
        `insert into call_attempts (campaign_id, lead_id, phone, state, created_at) select ?, ?, '+1629555000' || g, 'completed', ? from generate_series(1, 4) g returning id`,
        [campaigns[0], leadId, new Date(FIRST_HOUR - 7 * 86_400_000)],
      )
    ).map((row) => row.id);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** Per key and measure, the sum over its shards. */
  const sums = (table: string, where = 'true', em?: EntityManager) => {
    const keys = ROLLUPS[table].join(', ');
    return sql(
      `select ${keys}, m.key as measure, sum(m.value::numeric)::text as total
         from ${table} r, jsonb_each(to_jsonb(r) - array[${[...ROLLUPS[table], 'shard'].map((c) => `'${c}'`).join(', ')}]) m
        where ${where} group by ${keys}, m.key order by ${keys}, m.key`,
      [],
      em,
    );
  };

  /**
   * The recount: every state period and attempt deleted in a transaction
   * rolled back, their triggers subtract what each adds (their own
   * definitions, checked against the report's in campaign-rollups.int-spec):
   * every sum must reach 0. Periods first: their wrap-up's list is their call's.
   */
  async function agreeWithAttempts(): Promise<void> {
    const left: Record<string, unknown[]> = {};
    const rollback = new Error('rollback');
    await fork()
      .transactional(async (tx) => {
        await tx.execute(`delete from agent_state_log`);
        await tx.execute(`delete from call_attempts`);
        for (const table of Object.keys(ROLLUPS)) left[table] = (await sums(table, 'true', tx)).filter((row) => Number(row.total) !== 0);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    expect(left).toEqual(Object.fromEntries(Object.keys(ROLLUPS).map((table) => [table, []])));
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from call_attempts`);
    expect(n).toBeGreaterThan(0);
  }

  /** Finished hours and days hold one row per key, in shard 0. */
  async function foldedToShardZero(): Promise<void> {
    for (const [table, keys] of Object.entries(ROLLUPS)) {
      const spread = await sql(`select ${keys.join(', ')} from ${table} where ${finished(table)} group by ${keys.join(', ')} having count(*) > 1 or max(shard) <> 0`);
      expect({ table, spread }).toEqual({ table, spread: [] });
    }
  }

  /** Rows per rollup of finished buckets in shards other than 0. */
  const shardRows = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.keys(ROLLUPS).map(async (table) => [table, (await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${finished(table)} and shard <> 0`))[0].n]),
      ),
    ) as Record<string, number>;

  /** Random writes to attempts of these hours: inserts, updates of counted columns, moves between hours, deletes. */
  function writer(random: () => number, hours: number[]) {
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const at = () => new Date(pick(hours) + Math.floor(random() * 3600_000));
    const attempt = `(select id from call_attempts where date_bin('1 hour', created_at, timestamptz '2000-01-01 00:00:00+00') = ? order by random() limit 1)`;
    const hour = () => new Date(pick(hours));
    const statements: (() => [string, unknown[]])[] = [
      () => [
        `insert into call_attempts (campaign_id, lead_id, phone, state, created_at, answered_at, answered_by, connected_at, ended_at, disposition_code)
         select ?, ?, '+1628' || lpad((? * 100 + g)::text, 7, '0'), 'completed', t, t + interval '8 s', ?, case when g % 2 = 0 then t + interval '9.5 s' end, t + interval '70 s', ?
           from generate_series(1, ?) g, (select ?::timestamptz as t) x`,
        [pick(campaigns), leadId, phones++, pick(VERDICTS), pick(CODES), 1 + Math.floor(random() * 3), at()],
      ],
      () => [`update call_attempts set answered_by = ? where id = ${attempt}`, [pick(VERDICTS), hour()]],
      () => [`update call_attempts set abandoned = not abandoned where id = ${attempt}`, [hour()]],
      () => [`update call_attempts set disposition_code = ? where id = ${attempt}`, [pick(CODES), hour()]],
      () => [`update call_attempts set connected_at = case when connected_at is null then answered_at + interval '1.25 s' end where id = ${attempt}`, [hour()]],
      () => [`update call_attempts set created_at = ? where id = ${attempt}`, [at(), hour()]],
      () => [`delete from call_attempts where id = ${attempt}`, [hour()]],
      // Agents' periods: written closed, across hours; closed late; moved; deleted.
      () => [
        `insert into agent_state_log (agent_id, campaign_id, state, attempt_id, started_at, ended_at) values (?, ?, ?, ?, ?::timestamptz, ?::timestamptz + ? * interval '1 s')`,
        [pick(agents), pick(campaigns), pick(['ready', 'wrap_up', 'on_call']), pick(calls), ...[at()].flatMap((t) => [t, t]), Math.floor(random() * 5_400)],
      ],
      () => [`update agent_state_log set ended_at = ended_at + interval '95.5 s' where id = (select id from agent_state_log where ended_at is not null order by random() limit 1)`, []],
      () => [`update agent_state_log set started_at = ? where id = (select id from agent_state_log where ended_at > ? order by random() limit 1)`, [hour(), hour()]],
      () => [`delete from agent_state_log where id = (select id from agent_state_log order by random() limit 1)`, []],
    ];
    return () => pick(statements)();
  }

  it('folds every finished hour and day into one row per key, sums unchanged, the current hours and day untouched', async () => {
    const random = prng(20261206);
    const write = writer(random, HOURS);
    // Six connections, each writing in transactions of its own, so the rows spread over the shards.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const em = fork();
        // One statement per transaction: two could deadlock writers that share a shard.
        for (let i = 0; i < 120; i++) await em.transactional((tx) => tx.execute(...write()));
      }),
    );
    await agreeWithAttempts();
    const spread = await shardRows();
    for (const table of Object.keys(ROLLUPS)) expect({ table, spread: spread[table] > (bucketOf(table) === 'day' ? 10 : 30) }).toEqual({ table, spread: true });
    const before = Object.fromEntries(await Promise.all(Object.keys(ROLLUPS).map(async (table) => [table, await sums(table)])));
    const current = async (): Promise<Record<string, Record<string, unknown>[]>> =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(ROLLUPS).map(async ([table, keys]) => [table, await sql(`select * from ${table} where ${finished(table, false)} order by ${[...keys, 'shard'].join(', ')}`)]),
        ),
      );
    const currentBefore = await current();
    expect(currentBefore.attempt_rollups.some((row) => row.shard !== 0)).toBe(true);
    expect(currentBefore.attempt_kpi_day_rollups.some((row) => row.shard !== 0)).toBe(true);

    // Small batches: the fold loops over many of them.
    const report = await folding.foldFinishedHours({ batchSize: 7 });

    expect(report.cutoff).toBe(CUTOFF.toISOString());
    expect(report.tables).toEqual(Object.keys(ROLLUPS).map((table) => ({ table, folded: spread[table], stopped: 'done' })));
    await foldedToShardZero();
    expect(Object.fromEntries(await Promise.all(Object.keys(ROLLUPS).map(async (table) => [table, await sums(table)])))).toEqual(before);
    expect(await current()).toEqual(currentBefore);
    await agreeWithAttempts();

    // Late updates to old attempts land in shard rows again; the next fold takes them too.
    for (let i = 0; i < 20; i++) await sql(...write());
    await folding.foldFinishedHours();
    await foldedToShardZero();
    await agreeWithAttempts();
  });

  it('agrees exactly with the attempts when folds run while writers write, in finished and current hours', async () => {
    const random = prng(20261207);
    const write = writer(random, HOURS);
    let writing = true;
    const reports: FoldReport[] = [];
    const writers = Array.from({ length: 5 }, async () => {
      const em = fork();
      let transactions = 0;
      while (writing || transactions < 40) {
        // One statement per transaction (as above), held a moment as a webhook's transaction is.
        await em.transactional(async (tx) => {
          await tx.execute(...write());
          await tx.execute(`select pg_sleep(?)`, [random() * 0.01]);
        });
        transactions++;
      }
      return transactions;
    });
    // Two folds at once, in small batches, so their statements interleave with the writers' and each other's;
    // each run within a short budget, so a busy machine cannot keep a run chasing the writers' new shard rows (seven rollups' worth) for long.
    const folds = Array.from({ length: 2 }, async () => {
      for (let i = 0; i < 15; i++) reports.push(await folding.foldFinishedHours({ batchSize: 5, budgetMs: 1_500 }));
    });
    await Promise.all(folds);
    writing = false;
    expect((await Promise.all(writers)).every((n) => n >= 40)).toBe(true);
    expect(reports.flatMap((report) => report.tables).reduce((total, table) => total + table.folded, 0)).toBeGreaterThan(100);

    await agreeWithAttempts();
    await folding.foldFinishedHours();
    await foldedToShardZero();
    await agreeWithAttempts();
    // The current hours keep their shards.
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from attempt_kpi_rollups where hour >= ? and shard <> 0`, [CUTOFF]);
    expect(n).toBeGreaterThan(0);
  });

  it('gives up, not the writer, when a writer on shard 0 and the fold would wait on each other', async () => {
    const [early, late] = [HOURS[3], HOURS[4]].map((hour) => new Date(hour + 600_000));
    const phone = { early: '+16285550001', late: '+16285550002' };
    await sql(`insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, ?, 'completed', ?), (?, ?, ?, 'completed', ?)`, [
      campaigns[0], leadId, phone.early, early, campaigns[0], leadId, phone.late, late,
    ]);
    // Shard rows in both hours for the fold to take (autocommit: a transaction, so a shard, each).
    for (let i = 0; i < 6; i++) await sql(`update call_attempts set abandoned = not abandoned where phone in (?, ?)`, [phone.early, phone.late]);
    const toggle = (which: string) => `update call_attempts set abandoned = not abandoned where phone = '${which}'`;

    let fold: Promise<FoldReport> | undefined;
    const otherShard = new Error('another shard');
    for (let tries = 0; !fold; tries++) {
      await fork()
        .transactional(async (tx) => {
          // A transaction that writes shard 0, as one in 16 webhooks' do; the others are rolled back and tried again.
          const [{ shard }] = await tx.execute<{ shard: string }[]>(`select txid_current() % 16 as shard`);
          if (Number(shard) !== 0) throw otherShard;
          await tx.execute(toggle(phone.late)); // holds the later hour's shard-0 rows
          fold = folding.foldFinishedHours(); // folds the earlier hour into its shard-0 row, then waits on the later one's
          await sleep(150);
          await tx.execute(toggle(phone.early)); // waits on the fold's shard-0 row: each waits on the other
        })
        .catch((error) => {
          if (error !== otherShard || tries > 64) throw error;
        });
    }
    const report = await fold;

    // The writer committed; the fold gave up on that table (rolled back) and went on.
    expect(report.tables).toEqual([
      { table: 'attempt_rollups', folded: 0, stopped: 'lock' },
      { table: 'attempt_kpi_rollups', folded: expect.any(Number), stopped: 'done' },
      { table: 'attempt_agent_kpi_rollups', folded: expect.any(Number), stopped: 'done' },
      { table: 'agent_time_rollups', folded: expect.any(Number), stopped: 'done' },
      { table: 'campaign_time_rollups', folded: expect.any(Number), stopped: 'done' },
      { table: 'attempt_kpi_day_rollups', folded: expect.any(Number), stopped: 'done' },
      { table: 'agent_time_day_rollups', folded: expect.any(Number), stopped: 'done' },
    ]);
    expect(await sql(`select abandoned from call_attempts where phone in (?, ?)`, [phone.early, phone.late])).toEqual([{ abandoned: true }, { abandoned: true }]);
    await agreeWithAttempts();
    await folding.foldFinishedHours();
    await foldedToShardZero();
    await agreeWithAttempts();
  });

  it('gives up, not the writer, when the writer was the first to wait on the fold', async () => {
    // Three attempts in three consecutive finished hours of three campaigns (keys in the fold's order: first, middle, last), with shard rows to fold;
    // campaigns of their own, so no rollup (a day's, say) holds two of them in one row.
    const phones = ['+16285550011', '+16285550012', '+16285550013'];
    const own = (
      await sql<{ id: string }>(
        `insert into campaigns (name, kind, dialing_mode, jurisdiction) select 'fold-own-' || g, 'telemarketing', 'predictive', 'US' from generate_series(1, 3) g returning id`,
      )
    )
      .map((row) => row.id)
      .sort();
    for (const [i, phone] of phones.entries()) {
      await sql(`insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, ?, 'completed', ?)`, [own[i], leadId, phone, new Date(HOURS[10 + i] + 60_000)]);
    }
    for (let i = 0; i < 6; i++) await sql(`update call_attempts set abandoned = not abandoned where phone in (?, ?, ?)`, phones);
    const toggle = (phone: string) => `update call_attempts set abandoned = not abandoned where phone = '${phone}'`;

    /** Opens a transaction whose writes go to shard 0 (trying again until its txid is a multiple of 16); resolves once `first` ran in it. */
    const onShardZero = async (first: string, rest: (tx: EntityManager) => Promise<void>) => {
      const otherShard = new Error('another shard');
      for (let tries = 0; tries < 64; tries++) {
        let started!: () => void;
        const ready = new Promise<void>((resolve) => (started = resolve));
        const done = fork()
          .transactional(async (tx) => {
            const [{ shard }] = await tx.execute<{ shard: string }[]>(`select txid_current() % 16 as shard`);
            if (Number(shard) !== 0) throw otherShard;
            await tx.execute(first);
            started();
            await rest(tx);
          })
          .then(() => true);
        const ok = await Promise.race([ready.then(() => true), done.catch((error) => (error === otherShard ? false : Promise.reject(error)))]);
        if (ok) return { done }; // not the promise itself: an async function would wait for it
      }
      throw new Error('no shard-0 transaction');
    };

    // The writer holds the last hour's shard-0 rows, a second webhook the middle one's (for 300 ms).
    let releaseWriter!: () => void;
    const writerMayGoOn = new Promise<void>((resolve) => (releaseWriter = resolve));
    const writer = await onShardZero(toggle(phones[2]), async (tx) => {
      await writerMayGoOn;
      await tx.execute(toggle(phones[0])); // waits on the fold, which holds the first hour's shard-0 row
    });
    const other = await onShardZero(toggle(phones[1]), () => sleep(400));
    // The fold takes the first hour's shard-0 row and waits on the middle one's; meanwhile the writer comes to wait on the fold;
    // when the second webhook commits, the fold waits on the writer: the writer waited first, yet the fold is the one that gives up.
    const fold = folding.foldFinishedHours();
    await sleep(100);
    releaseWriter();
    await other.done;
    await writer.done;
    const report = await fold;

    expect(report.tables[0]).toEqual({ table: 'attempt_rollups', folded: 0, stopped: 'lock' });
    expect(await sql(`select abandoned from call_attempts where phone in (?, ?, ?) order by phone`, phones)).toEqual([{ abandoned: true }, { abandoned: true }, { abandoned: true }]);
    await agreeWithAttempts();
    await folding.foldFinishedHours();
    await foldedToShardZero();
    await agreeWithAttempts();
  });
});
