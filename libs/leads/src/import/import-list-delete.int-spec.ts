import { IsolationLevel, MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { createTestContext, TestContext } from '@dialer/testing';
import { LeadsModule } from '../leads.module';
import { LeadListsService } from '../lead-lists.service';
import { ImportRunner } from './import-runner.service';
import { ImportsService } from './imports.service';

/** A list deleted while a lead import into it runs (attack on migration 20261207090000). */
describe('a list deleted while an import runs (integration)', () => {
  const ROWS = 2_000;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = await mkdtemp(path.join(tmpdir(), 'attack-import-'));
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(ctx.config, 'test'), DbModule.forRoot(), AuditModule, LeadsModule],
    }).compile();
    worker = await moduleRef.init();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await rm(dir, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  const inContext = <T>(work: () => Promise<T>) => RequestContext.create(worker.get(MikroORM).em, work);
  const fork = () => worker.get(MikroORM).em.fork() as EntityManager;
  const file = ['name,phone', ...Array.from({ length: ROWS }, (_, i) => `P${i},(212) 555-${String(i).padStart(4, '0')}`), ''].join('\n');

  async function queueImport(listId: string) {
    const upload = path.join(dir, `upload-${listId}.csv`);
    await writeFile(upload, file);
    return (await inContext(() => worker.get(ImportsService).createLeadImport(listId, { path: upload, fileName: 'leads.csv', size: file.length }, {}, SYSTEM_ACTOR))).id;
  }

  it('leaves no imported lead behind when a repeatable-read transaction deletes the list (held: the import_jobs cascade refuses it, 40001)', async () => {
    const list = await inContext(() => worker.get(LeadListsService).create({ name: 'doomed', defaultCountry: 'US' }, SYSTEM_ACTOR));
    const importId = await queueImport(list.id);
    const admin = fork();
    await admin.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ });
    await admin.execute(`select count(*) from lead_lists`); // an admin's report-then-cleanup transaction
    expect(await inContext(() => worker.get(ImportRunner).run(importId))).toBe('completed');
    const deleted = await admin.execute(`delete from lead_lists where id = ?`, [list.id]).then(
      async () => {
        await admin.commit();
        return 'deleted';
      },
      async (error: { code?: string }) => {
        await admin.rollback();
        return error.code;
      },
    );
    const [{ n }] = await fork().execute(`select count(*)::int as n from leads where list_id = ? and not exists (select 1 from lead_lists where id = ?)`, [list.id, list.id]);
    expect({ deleted, orphans: n }).toEqual({ deleted, orphans: 0 });
  });
});
