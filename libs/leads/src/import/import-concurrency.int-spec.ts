import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { createTestContext, TestContext } from '@dialer/testing';
import { LeadsModule } from '../leads.module';
import { LeadListsService, NewLeadList } from '../lead-lists.service';
import { ImportRunner } from './import-runner.service';
import { ImportsService } from './imports.service';
import { dedupeLockStatements, leadDedupeLocks } from './dedupe-locks';

/**
 * Imports racing each other, and an undo, against the real PostgreSQL: two
 * runner instances (two application contexts, two connection pools, as two
 * workers), run at once. Where the race needs a window to be sure to happen,
 * the test holds a row lock the way a real transaction would (the dialer
 * holding a lead, a list being edited), never a hook in the code under test.
 */
describe('Imports under concurrency (integration)', () => {
  const ROWS = 5_000;
  let ctx: TestContext;
  let workers: INestApplicationContext[];
  let dir: string;
  let em: EntityManager;

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = await mkdtemp(path.join(tmpdir(), 'import-concurrency-'));
    workers = await Promise.all(
      [1, 2].map(async () => {
        const moduleRef = await Test.createTestingModule({
          imports: [CoreModule.forRoot(ctx.config, 'test'), DbModule.forRoot(), AuditModule, LeadsModule],
        }).compile();
        return moduleRef.init();
      }),
    );
    em = workers[0].get(MikroORM).em.fork() as EntityManager;
  }, 60_000);

  // Every test imports the same numbers; the global scope would see an earlier test's.
  afterEach(() => em.execute(`delete from leads`));

  afterAll(async () => {
    await Promise.all((workers ?? []).map((worker) => worker.close()));
    await rm(dir, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  const inContext = <T>(worker: INestApplicationContext, work: () => Promise<T>) => RequestContext.create(worker.get(MikroORM).em, work);

  /** ROWS distinct New York numbers. */
  const file = [
    'name,phone,city',
    ...Array.from({ length: ROWS }, (_, i) => `P${i},(212) 555-${String(i).padStart(4, '0')},NYC`),
    '',
  ].join('\n');
  let files = 0;

  async function queueImport(listId: string) {
    const upload = path.join(dir, `upload-${++files}.csv`);
    await writeFile(upload, file);
    const job = await inContext(workers[0], () =>
      workers[0].get(ImportsService).createLeadImport(listId, { path: upload, fileName: 'leads.csv', size: file.length }, {}, SYSTEM_ACTOR),
    );
    return job.id;
  }

  const run = (worker: INestApplicationContext, importId: string) => inContext(worker, () => worker.get(ImportRunner).run(importId));
  const viewOf = (importId: string) =>
    inContext(workers[0], async () => workers[0].get(ImportsService).view(await workers[0].get(ImportsService).get(importId)));

  const createList = (input: Partial<NewLeadList>) =>
    inContext(workers[0], () => workers[0].get(LeadListsService).create({ name: 'list', defaultCountry: 'US', ...input }, SYSTEM_ACTOR));

  /** A connection of the test's own, holding row locks in an open transaction until released. */
  async function holdLocks(sql: string, params: unknown[]) {
    const client = new Client({ connectionString: ctx.config.database.url });
    await client.connect();
    await client.query('begin');
    await client.query(sql, params);
    return {
      release: async () => {
        await client.query('commit');
        await client.end();
      },
    };
  }

  /** Waits until `ready` holds of the sessions running these imports (each has its own connection, named after it). */
  async function waitForSessions(importIds: string[], ready: (waiting: number, finished: number) => boolean, finishedSoFar: () => number) {
    for (let tries = 0; tries < 1_200; tries++) {
      const rows = await em.execute<{ waiting: string }[]>(
        `select count(*) filter (where wait_event_type = 'Lock') as waiting from pg_stat_activity where application_name = any(?::text[])`,
        [`{${importIds.map((id) => `"import ${id}"`).join(',')}}`],
      );
      if (ready(Number(rows[0].waiting), finishedSoFar())) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the imports never reached the point the test waits for');
  }

  /** Runs two imports on the two workers at once, both sure to reach their final transaction before either commits. */
  async function raceTwoImports(listIds: string[]) {
    const [first, second] = [await queueImport(listIds[0]), await queueImport(listIds[listIds.length - 1])];
    // Every lead inserted checks its list (FOR KEY SHARE, once per statement: lead_list_exists): holding the lists, the test keeps both
    // final transactions open until both have got there — today's two dedupes then overlap for certain.
    const lists = await holdLocks(`select id from lead_lists where id = any($1::uuid[]) for update`, [listIds]);
    let finished = 0;
    const runs = [run(workers[0], first), run(workers[1], second)].map((p) => p.finally(() => finished++));
    try {
      await waitForSessions([first, second], (waiting, done) => waiting + done === 2, () => finished);
    } finally {
      await lists.release();
    }
    expect(await Promise.all(runs)).toEqual(['completed', 'completed']);
    return [await viewOf(first), await viewOf(second)];
  }

  async function expectExactlyOneCopy(listIds: string[], views: Awaited<ReturnType<typeof raceTwoImports>>) {
    const [{ leads, phones }] = await em.execute<{ leads: string; phones: string }[]>(
      `select count(*) as leads, count(distinct phone) as phones from leads where list_id = any(?::uuid[])`,
      [`{${listIds.join(',')}}`],
    );
    expect({ leads: Number(leads), phones: Number(phones) }).toEqual({ leads: ROWS, phones: ROWS });
    for (const { counts } of views) {
      expect(counts.rowsRead).toBe(ROWS);
      expect(counts.accepted + counts.rejected + counts.duplicates).toBe(counts.rowsRead);
    }
    const byAccepted = [...views].sort((a, b) => b.counts.accepted - a.counts.accepted);
    expect(byAccepted.map((v) => v.counts)).toMatchObject([
      { accepted: ROWS, rejected: 0, duplicates: 0 },
      { accepted: 0, rejected: 0, duplicates: ROWS },
    ]);
    // No rejection report calls a row that became a lead a duplicate.
    const [{ both }] = await em.execute<{ both: string }[]>(
      `select count(*) as both from import_rejections r join leads l on l.import_id = r.job_id and l.import_row = r.row_number
       where r.job_id = any(?::uuid[])`,
      [`{${views.map((v) => v.id).join(',')}}`],
    );
    expect(Number(both)).toBe(0);
  }

  it('imports the same file twice at once into one list (dedupe "list"): one copy of each lead, counts that add up', async () => {
    const list = await createList({ dedupeScope: 'list' });
    const views = await raceTwoImports([list.id]);
    await expectExactlyOneCopy([list.id], views);
    const duplicateOf = views.find((v) => v.counts.duplicates > 0)!;
    const [{ message }] = await em.execute<{ message: string }[]>(`select message from import_rejections where job_id = ? limit 1`, [duplicateOf.id]);
    expect(message).toBe('already a lead in this list');
  }, 180_000);

  it('imports the same file at once into two lists deduped globally: one copy across both', async () => {
    const lists = [await createList({ dedupeScope: 'global' }), await createList({ dedupeScope: 'global' })];
    const views = await raceTwoImports(lists.map((l) => l.id));
    await expectExactlyOneCopy(
      lists.map((l) => l.id),
      views,
    );
  }, 180_000);

  it('imports the same file at once into two lists of one campaign deduped by campaign: one copy across both', async () => {
    const lists = [await createList({ dedupeScope: 'campaign' }), await createList({ dedupeScope: 'campaign' })];
    const [{ id: campaignId }] = await em.execute<{ id: string }[]>(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('race', 'telemarketing', 'progressive', 'US') returning id`,
    );
    await em.execute(`insert into campaign_lists (campaign_id, list_id) values (?, ?), (?, ?)`, [campaignId, lists[0].id, campaignId, lists[1].id]);
    const views = await raceTwoImports(lists.map((l) => l.id));
    await expectExactlyOneCopy(
      lists.map((l) => l.id),
      views,
    );
  }, 180_000);

  it('undoing import A while import B of the same file finalises into the same list leaves B with every lead, counted', async () => {
    const list = await createList({ dedupeScope: 'list' });
    const a = await queueImport(list.id);
    expect(await run(workers[0], a)).toBe('completed');
    const b = await queueImport(list.id);

    // The dialer looking at one of A's leads holds its row: the undo, once it gets to the delete, waits there.
    const lead = await holdLocks(`select id from leads where import_id = $1 order by import_row desc limit 1 for update`, [a]);
    let undone: Promise<unknown> | undefined;
    let finished = 0;
    let runB: Promise<string> | undefined;
    try {
      undone = inContext(workers[0], () => workers[0].get(ImportsService).undo(a, SYSTEM_ACTOR));
      undone.catch(() => undefined);
      for (let tries = 0; ; tries++) {
        const [{ waiting }] = await em.execute<{ waiting: string }[]>(
          `select count(*) as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like 'with deleted as (%'`,
        );
        if (Number(waiting) === 1) break;
        if (tries > 1_200) throw new Error('the undo never reached its delete');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // B runs on the other worker meanwhile, up to its final transaction (waiting for the undo) or to its end.
      runB = run(workers[1], b).finally(() => finished++);
      await waitForSessions([b], (waiting, done) => waiting + done === 1, () => finished);
    } finally {
      await lead.release();
    }
    await undone;
    expect(await runB).toBe('completed');

    const viewB = await viewOf(b);
    expect(viewB.counts).toMatchObject({ rowsRead: ROWS, accepted: ROWS, rejected: 0, duplicates: 0 });
    const [{ count }] = await em.execute<{ count: string }[]>(`select count(*) from leads where list_id = ? and import_id = ?`, [list.id, b]);
    expect(Number(count)).toBe(ROWS);
    expect((await viewOf(a)).state).toBe('undone');
  }, 180_000);

  it('refuses an undo at once (409 IMPORT_RUNNING) while an import into the list holds its dedupe locks, and undoes once it has ended', async () => {
    const list = await createList({ dedupeScope: 'list' });
    const a = await queueImport(list.id);
    expect(await run(workers[0], a)).toBe('completed');
    // What a running import into the list holds from its first row to its commit.
    const client = new Client({ connectionString: ctx.config.database.url });
    await client.connect();
    await client.query('begin');
    for (const { sql, params } of dedupeLockStatements(leadDedupeLocks(list.id, 'list', [list.id]), '$1')) await client.query(sql, params);
    const undoA = () => inContext(workers[0], () => workers[0].get(ImportsService).undo(a, SYSTEM_ACTOR));
    try {
      const started = Date.now();
      const refusal = await undoA().catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'IMPORT_NOT_UNDOABLE', kind: 'conflict', details: { reason: 'IMPORT_RUNNING' } });
      expect(Date.now() - started).toBeLessThan(10_000); // not the import's whole run
      expect((await viewOf(a)).state).toBe('completed');
    } finally {
      await client.query('commit');
      await client.end();
    }
    await undoA();
    expect((await viewOf(a)).state).toBe('undone');
  }, 180_000);

  it('refuses to undo an import whose leads a later import counted as its duplicates (409), until that one is undone', async () => {
    const list = await createList({ dedupeScope: 'list' });
    const a = await queueImport(list.id);
    expect(await run(workers[0], a)).toBe('completed');
    const b = await queueImport(list.id);
    expect(await run(workers[1], b)).toBe('completed');
    expect((await viewOf(b)).counts).toMatchObject({ rowsRead: ROWS, accepted: 0, duplicates: ROWS });
    const leadsOfList = async () =>
      Number((await em.execute<{ count: string }[]>(`select count(*) from leads where list_id = ?`, [list.id]))[0].count);

    const undoA = () => inContext(workers[0], () => workers[0].get(ImportsService).undo(a, SYSTEM_ACTOR));
    const refusal = await undoA().catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'IMPORT_NOT_UNDOABLE',
      kind: 'conflict',
      details: { reason: 'KEPT_BY_LATER_IMPORT', imports: [{ id: b, rows: ROWS }] },
    });
    expect((refusal as Error).message).toBe(
      `${ROWS} row(s) of import ${b} were rejected as duplicates of leads this import added: undoing it would remove them from both. ` +
        'Undo that import first; nothing was removed',
    );
    // Nothing moved: the list still has every lead, A is still completed.
    expect(await leadsOfList()).toBe(ROWS);
    expect((await viewOf(a)).state).toBe('completed');

    // Once B no longer counts on them, A can go, and takes its leads with it.
    expect((await inContext(workers[0], () => workers[0].get(ImportsService).undo(b, SYSTEM_ACTOR))).removed).toBe(0);
    expect((await undoA()).removed).toBe(ROWS);
    expect(await leadsOfList()).toBe(0);
  }, 180_000);

  it('refuses to undo an import whose leads an import into another list, deduped globally, counted as its duplicates', async () => {
    const lists = [await createList({ dedupeScope: 'global' }), await createList({ dedupeScope: 'global' })];
    const a = await queueImport(lists[0].id);
    expect(await run(workers[0], a)).toBe('completed');
    const b = await queueImport(lists[1].id);
    expect(await run(workers[0], b)).toBe('completed');
    await expect(inContext(workers[0], () => workers[0].get(ImportsService).undo(a, SYSTEM_ACTOR))).rejects.toThrow(
      `${ROWS} row(s) of import ${b} were rejected as duplicates`,
    );
    const [{ count }] = await em.execute<{ count: string }[]>(`select count(*) from leads where import_id = ?`, [a]);
    expect(Number(count)).toBe(ROWS);
  }, 180_000);
});
