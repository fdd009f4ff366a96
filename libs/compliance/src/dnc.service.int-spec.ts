import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { createTestContext, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { ComplianceModule } from './compliance.module';
import { ERASED_SKIP_CODE } from './dialable-leads';
import { DncService } from './dnc.service';

describe('DncService (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let campaignA: string;
  let campaignB: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await (
      await Test.createTestingModule({ imports: [CoreModule.forRoot(ctx.config, 'test'), DbModule.forRoot(), AuditModule, ComplianceModule] }).compile()
    ).init();
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const campaign = async () =>
      (await em.execute(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('c', 'survey', 'agentless', 'US') returning id`))[0].id as string;
    campaignA = await campaign();
    campaignB = await campaign();
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const dnc = <T>(work: (service: DncService) => Promise<T>) => RequestContext.create(app.get(MikroORM).em, () => work(app.get(DncService)));

  it('blocks a global number everywhere and a campaign number only in its campaign', async () => {
    await dnc((s) => s.add({ phone: '+12125550301', scope: 'global', source: 'manual' }, SYSTEM_ACTOR));
    await dnc((s) => s.add({ phone: '+12125550302', scope: 'campaign', campaignId: campaignA, source: 'disposition' }, SYSTEM_ACTOR));

    expect(await dnc((s) => s.isBlocked('+12125550301'))).toBe(true);
    expect(await dnc((s) => s.isBlocked('+12125550301', campaignB))).toBe(true);
    expect(await dnc((s) => s.isBlocked('+12125550302', campaignA))).toBe(true);
    expect(await dnc((s) => s.isBlocked('+12125550302', campaignB))).toBe(false);
    expect(await dnc((s) => s.isBlocked('+12125550302'))).toBe(false);
    expect(await dnc((s) => s.blockedAmong(['+12125550301', '+12125550302', '+12125550303'], [campaignA, campaignB]))).toEqual(
      new Set(['+12125550301', '+12125550302']),
    );
  });

  it('adds a number once, removes it, and audits both', async () => {
    const first = await dnc((s) => s.add({ phone: '+12125550311', scope: 'global', source: 'api', reason: 'asked' }, SYSTEM_ACTOR));
    const again = await dnc((s) => s.add({ phone: '+12125550311', scope: 'global', source: 'api' }, SYSTEM_ACTOR));
    expect([first.created, again.created, again.entry.id]).toEqual([true, false, first.entry.id]);
    expect(await dnc((s) => s.remove('+12125550311', { scope: 'global' }, SYSTEM_ACTOR))).toEqual({ removed: 1, leadsUnblocked: 0 });
    expect(await dnc((s) => s.remove('+12125550311', { scope: 'global' }, SYSTEM_ACTOR))).toEqual({ removed: 0, leadsUnblocked: 0 });
    const audit = await (app.get(MikroORM).em.fork() as EntityManager).execute<{ action: string }[]>(
      `select action from audit_log where entity_id = ? order by id`,
      [first.entry.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['dnc.added', 'dnc.requested_again', 'dnc.removed']);
  });

  it('records a request for a number already listed (who, why, from where), each of three at once once, the entry unchanged', async () => {
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const compliance = { id: '00000000-0000-4000-8000-00000000c001', role: 'compliance' };
    const first = await dnc((s) => s.add({ phone: '+12125550312', scope: 'global', source: 'manual', reason: 'first' }, compliance));
    const admin = { id: '00000000-0000-4000-8000-00000000a001', role: 'admin' };
    const again = await dnc((s) => s.add({ phone: '+12125550312', scope: 'global', source: 'manual', reason: 'second: letter from callee' }, admin));
    expect([again.created, again.entry.id]).toEqual([false, first.entry.id]);
    const rows = () =>
      em.execute<{ action: string; actor_id: string | null; actor_role: string; data: Record<string, unknown> }[]>(
        `select action, actor_id, actor_role, data from audit_log where entity_id = ? order by seq`,
        [first.entry.id],
      );
    expect(await rows()).toEqual([
      expect.objectContaining({ action: 'dnc.added', actor_id: compliance.id }),
      {
        action: 'dnc.requested_again',
        actor_id: admin.id,
        actor_role: 'admin',
        data: expect.objectContaining({ phone: '+12125550312', scope: 'global', source: 'manual', reason: 'second: letter from callee', listed: expect.objectContaining({ reason: 'first' }) }),
      },
    ]);
    // The entry stands as first listed.
    expect(await em.execute(`select reason, source from dnc_entries where id = ?`, [first.entry.id])).toEqual([{ reason: 'first', source: 'manual' }]);

    // Three at once for a number nobody listed: one adds it, the other two are recorded as asking again; none is lost.
    const reasons = ['letter', 'phone call', 'email'];
    const results = await Promise.all(
      reasons.map((reason, i) => dnc((s) => s.add({ phone: '+12125550313', scope: 'global', source: 'api', reason }, { id: `00000000-0000-4000-8000-00000000b00${i}`, role: 'compliance' }))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const audited = await em.execute<{ action: string; reason: string }[]>(`select action, data->>'reason' as reason from audit_log where entity_id = ? order by seq`, [
      results[0].entry.id,
    ]);
    expect(audited.map((a) => a.action).sort()).toEqual(['dnc.added', 'dnc.requested_again', 'dnc.requested_again']);
    expect(audited.map((a) => a.reason).sort()).toEqual([...reasons].sort());
  });

  it("blocks a product's numbers in every campaign selling that product", async () => {
    const em = app.get(MikroORM).em.fork() as EntityManager;
    await em.execute(`update campaigns set settings = settings || '{"product":"fiber"}' where id = ?`, [campaignA]);
    await dnc((s) => s.add({ phone: '+12125550321', scope: 'product', product: 'fiber', source: 'disposition' }, SYSTEM_ACTOR));
    expect(await dnc((s) => s.isBlocked('+12125550321', campaignA))).toBe(true);
    expect(await dnc((s) => s.isBlocked('+12125550321', campaignB))).toBe(false);
  });

  it('detaches an imported entry asked for again by anything but an import, so undoing the import keeps the number', async () => {
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const importId = '00000000-0000-4000-8000-0000000000a1';
    await em.execute(`insert into dnc_entries (phone, scope, source, import_id) values ('+12125550331', 'global', 'import', ?), ('+12125550332', 'global', 'import', ?)`, [
      importId,
      importId,
    ]);
    const again = await dnc((s) => s.add({ phone: '+12125550331', scope: 'global', source: 'disposition', reason: 'DNC' }, SYSTEM_ACTOR));
    expect(again.created).toBe(false);
    const [detached] = await em.execute(`select source, reason, import_id from dnc_entries where phone = '+12125550331'`);
    expect(detached).toEqual({ source: 'disposition', reason: 'DNC', import_id: null });
    const audit = await em.execute(`select action, data from audit_log where entity_id = ?`, [again.entry.id]);
    expect(audit).toEqual([{ action: 'dnc.import_detached', data: expect.objectContaining({ source: 'disposition', previous: expect.objectContaining({ importId, source: 'import' }) }) }]);

    // What the import's undo deletes: only the number nobody asked for since.
    expect(await em.execute(`select phone from dnc_entries where import_id = ?`, [importId])).toEqual([{ phone: '+12125550332' }]);
  });

  it('blocks the waiting leads of a number it adds, in the caller’s transaction; a product list’s as refused', async () => {
    const { listId } = await seedCampaign(app, { kind: 'telemarketing', jurisdiction: 'JP', settings: { product: 'solar' } });
    const [waiting, callback, done, caller] = await seedLeads(app, listId, [
      { phone: '+12125550341' },
      { phone: '+12125550341', status: 'callback' },
      { phone: '+12125550341', status: 'done' },
      { phone: '+12125550341', status: 'retry' },
    ]);
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const statuses = async () =>
      Object.fromEntries(
        (await em.execute<{ id: string; status: string; blocked_reason: string | null }[]>(`select id, status, blocked_reason from leads where list_id = ?`, [listId])).map(
          (lead) => [lead.id, `${lead.status}/${lead.blocked_reason}`],
        ),
      );

    // Rolled back with the caller's transaction: nothing listed, nothing blocked.
    await expect(
      em.fork().transactional(async (tx) => {
        await app.get(DncService).add({ phone: '+12125550341', scope: 'global', source: 'disposition' }, SYSTEM_ACTOR, { em: tx });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await dnc((s) => s.isBlocked('+12125550341'))).toBe(false);
    expect(Object.values(await statuses())).not.toContain('blocked/dnc');

    const refused = await dnc((s) =>
      s.add({ phone: '+12125550341', scope: 'product', product: 'solar', source: 'disposition' }, SYSTEM_ACTOR, { exceptLeadId: caller }),
    );
    expect(refused).toMatchObject({ created: true, leadsBlocked: 2 });
    expect(await statuses()).toEqual({
      [waiting]: 'blocked/refused',
      [callback]: 'blocked/refused',
      [done]: 'done/null',
      [caller]: 'retry/null', // its own settlement decides
    });
    // Listed again (globally now): the lead left waiting is blocked too.
    expect(await dnc((s) => s.add({ phone: '+12125550341', scope: 'global', source: 'manual' }, SYSTEM_ACTOR))).toMatchObject({ leadsBlocked: 1 });
    expect((await statuses())[caller]).toBe('blocked/dnc');
  });

  it('gives back a blocked lead when its number comes off the list, never one whose person’s data was erased', async () => {
    const { listId } = await seedCampaign(app, { kind: 'telemarketing' });
    const [kept, erased] = await seedLeads(app, listId, [{ phone: '+12125550345' }, { phone: '+12125550345' }]);
    await dnc((s) => s.add({ phone: '+12125550345', scope: 'global', source: 'manual' }, SYSTEM_ACTOR));
    const em = app.get(MikroORM).em.fork() as EntityManager;
    // As the personal-data erasure leaves a lead the DNC list had blocked: still blocked, its skip code the erasure's.
    await em.execute(`update leads set first_name = null, skip_code = ?, skip_reason = 'erased', skipped_at = now() where id = ?`, [ERASED_SKIP_CODE, erased]);
    expect(await dnc((s) => s.remove('+12125550345', { scope: 'global' }, SYSTEM_ACTOR, 'added by mistake'))).toEqual({ removed: 1, leadsUnblocked: 1 });
    const leads = await em.execute<{ id: string; status: string; skip_code: string | null }[]>(`select id, status, skip_code from leads where list_id = ?`, [listId]);
    expect(Object.fromEntries(leads.map((lead) => [lead.id, `${lead.status}/${lead.skip_code}`]))).toEqual({
      [kept]: 'new/null',
      [erased]: `blocked/${ERASED_SKIP_CODE}`,
    });
  });

  it('adds a number another transaction is adding at the same moment: both succeed, one entry is created, and both requests are audited', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstAdded!: () => void;
    const added = new Promise<void>((resolve) => (firstAdded = resolve));
    // The first request has inserted the entry but not committed when the second looks for it.
    const first = (app.get(MikroORM).em.fork() as EntityManager).transactional(async (tx) => {
      const result = await app.get(DncService).add({ phone: '+12125550351', scope: 'global', source: 'ivr_opt_out' }, SYSTEM_ACTOR, { em: tx });
      firstAdded();
      await held;
      return result;
    });
    await added;
    const second = dnc((s) => s.add({ phone: '+12125550351', scope: 'global', source: 'manual', reason: 'letter' }, SYSTEM_ACTOR));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the second now waits on the first's row
    release();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.created)).toEqual([true, false]);
    expect(results[1].entry.id).toBe(results[0].entry.id);
    const em = app.get(MikroORM).em.fork() as EntityManager;
    expect(await em.execute(`select count(*)::int as n from dnc_entries where phone = '+12125550351'`)).toEqual([{ n: 1 }]);
    expect(await em.execute(`select action, data->>'reason' as reason from audit_log where entity_id = ? order by seq`, [results[0].entry.id])).toEqual([
      { action: 'dnc.added', reason: null },
      { action: 'dnc.requested_again', reason: 'letter' },
    ]);
  });

  it('makes a lapsed or lapsing entry permanent when the number is asked for again, so it blocks and keeps blocking', async () => {
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const importId = '00000000-0000-4000-8000-0000000000a2';
    // A registry extract's entries: one already lapsed, one lapsing with the extract.
    await em.execute(
      `insert into dnc_entries (phone, scope, source, import_id, expires_at) values
         ('+12125550361', 'global', 'registry', ?, now() - interval '1 day'), ('+12125550362', 'global', 'registry', null, now() + interval '1 day')`,
      [importId],
    );
    expect(await dnc((s) => s.isBlocked('+12125550361'))).toBe(false);

    const lapsed = await dnc((s) => s.add({ phone: '+12125550361', scope: 'global', source: 'manual', reason: 'asked by letter' }, SYSTEM_ACTOR));
    const lapsing = await dnc((s) => s.add({ phone: '+12125550362', scope: 'global', source: 'api' }, SYSTEM_ACTOR));
    expect([lapsed.created, lapsing.created]).toEqual([false, false]);
    expect(await dnc((s) => s.isBlocked('+12125550361'))).toBe(true);
    expect(
      await em.execute(`select phone, source, import_id, expires_at from dnc_entries where phone in ('+12125550361', '+12125550362') order by phone`),
    ).toEqual([
      { phone: '+12125550361', source: 'manual', import_id: null, expires_at: null },
      { phone: '+12125550362', source: 'api', import_id: null, expires_at: null },
    ]);
    const audit = await em.execute<{ action: string; data: { previous: { expiresAt: string | null } } }[]>(
      `select action, data from audit_log where entity_id in (?, ?) order by seq`,
      [lapsed.entry.id, lapsing.entry.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['dnc.import_detached', 'dnc.expiry_cleared']);
    expect(audit.every((a) => typeof a.data.previous.expiresAt === 'string')).toBe(true);
  });

  it('refuses a number that is not E.164 and a scope without its campaign', async () => {
    await expect(dnc((s) => s.add({ phone: '2125550100', scope: 'global', source: 'api' }, SYSTEM_ACTOR))).rejects.toMatchObject({ code: 'DNC_PHONE_NOT_E164' });
    await expect(dnc((s) => s.add({ phone: '+12125550100', scope: 'campaign', source: 'api' }, SYSTEM_ACTOR))).rejects.toMatchObject({ code: 'DNC_SCOPE_MISMATCH' });
  });

  it('refuses a campaign’s entry for a campaign that does not exist (404), storing nothing', async () => {
    const campaignId = '00000000-0000-4000-8000-0000000000ff';
    await expect(dnc((s) => s.add({ phone: '+12125550101', scope: 'campaign', campaignId, source: 'api' }, SYSTEM_ACTOR))).rejects.toMatchObject({
      code: 'CAMPAIGN_NOT_FOUND',
      kind: 'not_found',
    });
    expect(await dnc((s) => s.find('+12125550101'))).toEqual([]);
  });
});
