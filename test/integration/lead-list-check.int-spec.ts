import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { useMigratedOrm } from '../support/migrated-orm';

/** The per-statement list check that replaced leads_list_id_foreign (migration 20261207090000): what the foreign key guaranteed, and its attacks. */
describe("a lead's list, checked once per statement (integration)", () => {
  const { fork } = useMigratedOrm();

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const newList = async (name: string): Promise<string> =>
    (await fork().execute(`insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]))[0].id;
  /** Leads of `listId` left without their list. */
  const orphans = async (listId: string): Promise<number> =>
    (await fork().execute(`select count(*)::int as n from leads l where l.list_id = ? and not exists (select 1 from lead_lists x where x.id = l.list_id)`, [listId]))[0].n;

  it('refuses leads of a list that does not exist, the whole statement, naming the list', async () => {
    const em = fork();
    const listId = await newList('real');
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const insert = em.execute(`insert into leads (list_id, phone) values (?, '+14155550101'), (?, '+14155550102')`, [listId, ghost]);
    await expect(insert).rejects.toThrow(/violates foreign key constraint "leads_list_id_foreign"/);
    await expect(insert).rejects.toMatchObject({ code: '23503' });
    expect(await em.execute(`select count(*)::int as n from leads where list_id = ?`, [listId])).toEqual([{ n: 0 }]);
  });

  it('deletes the leads of a deleted list, and no other', async () => {
    const em = fork();
    const [gone, kept] = [await newList('gone'), await newList('kept')];
    await em.execute(`insert into leads (list_id, phone) values (?, '+14155550103'), (?, '+14155550104'), (?, '+14155550105')`, [gone, gone, kept]);
    await em.execute(`delete from lead_lists where id = ?`, [gone]);
    expect(await em.execute(`select list_id from leads where list_id in (?, ?)`, [gone, kept])).toEqual([{ list_id: kept }]);
  });

  it('never moves a lead to another list, nor renumbers a list', async () => {
    const em = fork();
    const [from, to] = [await newList('from'), await newList('to')];
    await em.execute(`insert into leads (list_id, phone) values (?, '+14155550106')`, [from]);
    await expect(em.execute(`update leads set list_id = ? where list_id = ?`, [to, from])).rejects.toThrow(/leads\.list_id cannot change/);
    await expect(em.execute(`update lead_lists set id = gen_random_uuid() where id = ?`, [from])).rejects.toThrow(/lead_lists\.id cannot change/);
    await expect(em.execute(`update leads set list_id = list_id, status = 'done' where list_id = ?`, [from])).resolves.toBeDefined();
  });

  it('makes a list deleted while its leads are being inserted wait, then refuses the leads', async () => {
    const listId = await newList('racing');
    const [deleter, inserter] = [fork(), fork()];
    await deleter.begin();
    await deleter.execute(`delete from lead_lists where id = ?`, [listId]);
    await inserter.begin();
    const insert = inserter.execute(`insert into leads (list_id, phone) values (?, '+14155550107')`, [listId]);
    await sleep(200); // the insert now waits for the delete's lock
    await deleter.commit();
    await expect(insert).rejects.toThrow(/leads_list_id_foreign/);
    await inserter.rollback();
  });

  it('makes a list deleted after its leads were inserted wait for them, then deletes them too', async () => {
    const listId = await newList('inserted first');
    const [inserter, deleter] = [fork(), fork()];
    await inserter.begin();
    await inserter.execute(`insert into leads (list_id, phone) values (?, '+14155550108')`, [listId]);
    const deleted = deleter.execute(`delete from lead_lists where id = ?`, [listId]);
    await sleep(200); // the delete now waits for the insert's key-share lock
    await inserter.commit();
    await deleted;
    expect(await fork().execute(`select count(*)::int as n from leads where list_id = ?`, [listId])).toEqual([{ n: 0 }]);
  });

  it.each([IsolationLevel.REPEATABLE_READ, IsolationLevel.SERIALIZABLE])(
    'leaves no lead of a list deleted by a %s transaction whose snapshot predates the lead (the foreign key refused the delete: 40001)',
    async (isolationLevel) => {
      const listId = await newList(`rr ${isolationLevel}`);
      const deleter = fork();
      await deleter.begin({ isolationLevel });
      await deleter.execute(`select 1`); // its snapshot
      await fork().execute(`insert into leads (list_id, phone) values (?, '+14155550120')`, [listId]); // committed after it
      const outcome = deleter
        .execute(`delete from lead_lists where id = ?`, [listId])
        .then(() => deleter.commit())
        .then(
          () => 'deleted',
          async (error: { code?: string }) => {
            await deleter.rollback();
            return error.code;
          },
        );
      const result = await outcome;
      // Either the delete is refused (as the foreign key did, 40001), or it takes the lead with it.
      expect({ result, orphans: await orphans(listId) }).toEqual(result === 'deleted' ? { result, orphans: 0 } : { result: '40001', orphans: 0 });
    },
  );

  it('does not deadlock an insert with a list delete over the lead-status rollup row (the foreign key locked the list first)', async () => {
    const listId = await newList('rollup order');
    const setup = fork();
    const [{ id: retried }] = await setup.execute(`insert into leads (list_id, phone, status) values (?, '+14155550121', 'retry') returning id`, [listId]);
    await setup.execute(`insert into leads (list_id, phone, status) values (?, '+14155550122', 'new')`, [listId]);

    // Three transactions writing the same rollup shard (txid % 16), as one in sixteen pairs of writers do.
    const inShard = async (em: EntityManager, shard?: number): Promise<number> => {
      for (;;) {
        await em.begin();
        const [{ t }] = await em.execute(`select txid_current() % 16 as t`);
        if (shard === undefined || Number(t) === shard) return Number(t);
        await em.rollback();
      }
    };
    const [worker, inserter, deleter] = [fork(), fork(), fork()];
    const shard = await inShard(worker);
    await inShard(inserter, shard);
    await inShard(deleter, shard);

    await worker.execute(`update leads set status = 'new' where id = ?`, [retried]); // a dialer worker puts a lead back in the hopper
    const settle = (em: EntityManager, work: Promise<unknown>) =>
      work.then(
        async () => {
          await sleep(300);
          await em.commit();
          return 'ok';
        },
        async (error: { code?: string }) => {
          await em.rollback();
          return error.code;
        },
      );
    const inserted = settle(inserter, inserter.execute(`insert into leads (list_id, phone) values (?, '+14155550123')`, [listId])); // waits for the worker's rollup row
    await sleep(200);
    const deleted = settle(deleter, deleter.execute(`delete from lead_lists where id = ?`, [listId])); // takes the list, then waits for the worker's lead
    await sleep(200);
    await worker.commit();
    expect(await Promise.all([inserted, deleted])).toEqual(['ok', 'ok']);
    expect(await orphans(listId)).toBe(0);
  });

  it('leaves no lead behind a truncate of lead_lists (the only truncate other foreign keys allow is cascade)', async () => {
    const em = fork();
    await em.begin();
    try {
      await expect(em.execute(`truncate lead_lists`)).rejects.toThrow(/foreign key/); // refused by campaign_lists and import_jobs, not by the triggers
    } finally {
      await em.rollback();
    }
    const listId = await newList('truncated');
    await fork().execute(`insert into leads (list_id, phone) values (?, '+14155550124')`, [listId]);
    const tx = fork();
    await tx.begin();
    try {
      await tx.execute(`truncate lead_lists cascade`).catch(() => undefined); // refusing it is fine too
      const [{ n }] = await tx.execute(`select count(*)::int as n from leads where list_id = ?`, [listId]);
      expect(n).toBe(0);
    } finally {
      await tx.rollback();
    }
  });
});
