import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestContext, TestContext } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';

/** The schema the migrations build is the one the entities describe, plus the rules only SQL can state. */
describe('database schema (integration)', () => {
  let ctx: TestContext;
  let app: NestExpressApplication;
  let orm: MikroORM;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createApiApp(ctx.config);
    orm = app.get(MikroORM);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('matches the entity metadata exactly (no pending schema change)', async () => {
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('keeps the audit log append-only', async () => {
    const em = orm.em.fork() as EntityManager;
    await em.execute(`insert into audit_log (actor_role, action, entity_type) values ('system', 'test.wrote', 'test')`);
    await expect(em.execute(`update audit_log set action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`truncate audit_log`)).rejects.toThrow(/append-only/);
  });

  describe("a lead's list (checked per statement, not by a foreign key)", () => {
    const newList = async (em: EntityManager, name: string): Promise<string> =>
      (await em.execute(`insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]))[0].id;

    it('refuses leads of a list that does not exist, the whole statement, naming the list', async () => {
      const em = orm.em.fork() as EntityManager;
      const listId = await newList(em, 'real');
      const ghost = '00000000-0000-4000-8000-00000000dead';
      const insert = em.execute(`insert into leads (list_id, phone) values (?, '+14155550101'), (?, '+14155550102')`, [listId, ghost]);
      await expect(insert).rejects.toThrow(/violates foreign key constraint "leads_list_id_foreign"/);
      await expect(insert).rejects.toMatchObject({ code: '23503' });
      expect(await em.execute(`select count(*)::int as n from leads where list_id = ?`, [listId])).toEqual([{ n: 0 }]);
    });

    it('deletes the leads of a deleted list, and no other', async () => {
      const em = orm.em.fork() as EntityManager;
      const [gone, kept] = [await newList(em, 'gone'), await newList(em, 'kept')];
      await em.execute(`insert into leads (list_id, phone) values (?, '+14155550103'), (?, '+14155550104'), (?, '+14155550105')`, [gone, gone, kept]);
      await em.execute(`delete from lead_lists where id = ?`, [gone]);
      expect(await em.execute(`select list_id from leads where list_id in (?, ?)`, [gone, kept])).toEqual([{ list_id: kept }]);
    });

    it('never moves a lead to another list, nor renumbers a list', async () => {
      const em = orm.em.fork() as EntityManager;
      const [from, to] = [await newList(em, 'from'), await newList(em, 'to')];
      await em.execute(`insert into leads (list_id, phone) values (?, '+14155550106')`, [from]);
      await expect(em.execute(`update leads set list_id = ? where list_id = ?`, [to, from])).rejects.toThrow(/leads\.list_id cannot change/);
      await expect(em.execute(`update lead_lists set id = gen_random_uuid() where id = ?`, [from])).rejects.toThrow(/lead_lists\.id cannot change/);
      await expect(em.execute(`update leads set list_id = list_id, status = 'done' where list_id = ?`, [from])).resolves.toBeDefined();
    });

    it('makes a list deleted while its leads are being inserted wait, then refuses the leads', async () => {
      const listId = await newList(orm.em.fork() as EntityManager, 'racing');
      const [deleter, inserter] = [orm.em.fork() as EntityManager, orm.em.fork() as EntityManager];
      await deleter.begin();
      await deleter.execute(`delete from lead_lists where id = ?`, [listId]);
      await inserter.begin();
      const insert = inserter.execute(`insert into leads (list_id, phone) values (?, '+14155550107')`, [listId]);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the insert now waits for the delete's lock
      await deleter.commit();
      await expect(insert).rejects.toThrow(/leads_list_id_foreign/);
      await inserter.rollback();
    });

    it('makes a list deleted after its leads were inserted wait for them, then deletes them too', async () => {
      const listId = await newList(orm.em.fork() as EntityManager, 'inserted first');
      const [inserter, deleter] = [orm.em.fork() as EntityManager, orm.em.fork() as EntityManager];
      await inserter.begin();
      await inserter.execute(`insert into leads (list_id, phone) values (?, '+14155550108')`, [listId]);
      const deleted = deleter.execute(`delete from lead_lists where id = ?`, [listId]);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the delete now waits for the insert's key-share lock
      await inserter.commit();
      await deleted;
      expect(await (orm.em.fork() as EntityManager).execute(`select count(*)::int as n from leads where list_id = ?`, [listId])).toEqual([{ n: 0 }]);
    });
  });

  it('allows at most one live call attempt per lead', async () => {
    const em = orm.em.fork() as EntityManager;
    const [{ id: listId }] = await em.execute(`insert into lead_lists (name, default_country) values ('l', 'US') returning id`);
    const [{ id: leadId }] = await em.execute(`insert into leads (list_id, phone) values (?, '+14155550100') returning id`, [listId]);
    const [{ id: campaignId }] = await em.execute(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('c', 'telemarketing', 'progressive', 'US') returning id`,
    );
    const attempt = (state: string) =>
      em.execute(`insert into call_attempts (campaign_id, lead_id, phone, state) values (?, ?, '+14155550100', ?)`, [
        campaignId,
        leadId,
        state,
      ]);

    await attempt('ringing');
    await expect(attempt('queued')).rejects.toThrow(/call_attempts_one_live_per_lead/);
    await em.execute(`update call_attempts set state = 'completed' where lead_id = ?`, [leadId]);
    await expect(attempt('queued')).resolves.toBeDefined();
  });
});
