import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { AuditLogQueries } from './audit-log.queries';
import type { AuditAction, AuditEntityType } from './audit-actions';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

/** The audit log's hash chain against the real PostgreSQL: one writer order, and tampering found. */
describe('audit chain (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let em: EntityManager;
  let audit: AuditService;
  let queries: AuditLogQueries;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule]);
    em = app.get(MikroORM).em.fork() as EntityManager;
    audit = app.get(AuditService);
    queries = app.get(AuditLogQueries);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** As the table's owner, with the append-only trigger off: what an attacker with the database would do. */
  async function tamper(sql: string): Promise<void> {
    const tx = em.fork();
    await tx.transactional(async (t) => {
      await t.execute(`alter table audit_log disable trigger audit_log_no_update_delete`);
      await t.execute(sql);
      await t.execute(`alter table audit_log enable trigger audit_log_no_update_delete`);
    });
  }

  it('chains concurrent appends in one order with no gap and no fork', async () => {
    // 30 transactions, each appending two rows in one flush (a multi-row insert) and holding its
    // transaction open a little, racing each other through the pool.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (app.get(MikroORM).em.fork() as EntityManager).transactional(async (tx) => {
          audit.record({ id: null, role: 'system' }, { action: 'test.first' as AuditAction, entityType: 'test' as AuditEntityType, entityId: String(i), data: { i, name: '山田' } }, tx);
          audit.record({ id: null, role: 'system' }, { action: 'test.second' as AuditAction, entityType: 'test' as AuditEntityType, entityId: String(i), data: { i } }, tx);
          await tx.flush();
          await sleep(i % 3);
        }),
      ),
    );
    const rows = await em.execute<{ seq: string; entity_id: string; action: string; linked: boolean }[]>(
      `select a.seq, a.entity_id, a.action, a.prev_hash is not distinct from (select hash from audit_log p where p.seq = a.seq - 1) as linked
         from audit_log a order by a.seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(rows.every((r) => r.linked)).toBe(true);
    // One transaction's two rows are adjacent: the lock is held until commit, so nobody interleaves.
    for (let k = 0; k < 60; k += 2) {
      expect([rows[k].action, rows[k + 1].action, rows[k].entity_id]).toEqual(['test.first', 'test.second', rows[k + 1].entity_id]);
    }
    await expect(queries.verify()).resolves.toMatchObject({ ok: true, checked: 60, headSeq: '60', firstBroken: null });
  });

  it('names the row whose content was changed in SQL', async () => {
    await tamper(`update audit_log set data = '{"i": 999}' where seq = 17`);
    const verdict = await queries.verify();
    expect(verdict).toMatchObject({ ok: false, checked: 60, firstBroken: { seq: '17', reason: 'content_changed' } });
    expect(verdict.firstBroken!.storedHash).not.toBe(verdict.firstBroken!.expectedHash);
  });

  it('finds a row rehashed to hide a change at the next link, and an earlier deleted row before both', async () => {
    await tamper(`update audit_log set data = '{"i": 999}' where seq = 17`);
    // The forger recomputes row 17's hash: then row 18 no longer points at it.
    await tamper(
      `update audit_log set hash = audit_log_row_hash(seq, id, at, actor_id, actor_role, action, entity_type, entity_id, data, request_id, prev_hash) where seq = 17`,
    );
    await expect(queries.verify()).resolves.toMatchObject({ ok: false, firstBroken: { seq: '18', reason: 'link_broken' } });
    await tamper(`delete from audit_log where seq = 9`);
    await expect(queries.verify()).resolves.toMatchObject({ ok: false, checked: 59, firstBroken: { seq: '10', reason: 'row_missing' } });
  });

  it('refuses a null seq even with the trigger off, so no tampered row stops later appends', async () => {
    // A null seq sorted first in the trigger's `order by seq desc`: every later append took seq 1 again and failed.
    await expect(tamper(`update audit_log set seq = null where seq = 30`)).rejects.toThrow(/null value/);
    await expect(audit.recordNow({ id: null, role: 'system' }, { action: 'test.after' as AuditAction, entityType: 'test' as AuditEntityType })).resolves.not.toThrow();
    const [{ seq }] = await em.execute<{ seq: string }[]>(`select max(seq) as seq from audit_log`);
    expect(Number(seq)).toBe(61); // 1–60 less the deleted 9, then this one
    await tamper(`delete from audit_log where seq = 61`); // the paging below counts from 60
  });

  it('refuses changes while the trigger is on, and filters and pages newest first', async () => {
    await expect(em.execute(`update audit_log set action = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
    const first = await queries.page({ action: 'test.' }, { limit: 25 });
    expect(first.items.map((i) => i.seq)[0]).toBe('60');
    expect(first.items).toHaveLength(25);
    const second = await queries.page({ action: 'test.' }, { limit: 25, before: first.nextBefore! });
    expect(Number(second.items[0].seq)).toBe(35);
    // The pair at seq 1–2: untouched by the tampering above (rows 9 and 17), whichever transaction won the race.
    const [{ entity_id: entityId }] = await em.execute<{ entity_id: string }[]>(`select entity_id from audit_log where seq = 1`);
    const one = await queries.page({ action: 'test.first' as AuditAction, entityId }, { limit: 10 });
    expect(one).toMatchObject({ items: [{ action: 'test.first' as AuditAction, entityId, data: { i: Number(entityId), name: '山田' } }], nextBefore: null });
    let csv = '';
    for await (const chunk of queries.csv({ entityId })) csv += chunk;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('\ufeffseq,id,at_utc,actor_id,actor_role,action,entity_type,entity_id,data,request_id,prev_hash,hash');
    expect(lines[1]).toContain('test.first');
  });
});
