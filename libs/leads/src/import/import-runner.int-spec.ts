import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { createTestContext, TestContext } from '@dialer/testing';
import { LeadsModule } from '../leads.module';
import { LeadListsService, NewLeadList } from '../lead-lists.service';
import { ImportRunner } from './import-runner.service';
import { ImportsService } from './imports.service';

/** The import job against the real PostgreSQL: staging, dedupe, DNC scrub, rejections, undo. */
describe('ImportRunner (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let dir: string;
  let em: EntityManager;

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = await mkdtemp(path.join(tmpdir(), 'import-runner-'));
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(ctx.config, 'test'), DbModule.forRoot(), AuditModule, LeadsModule],
    }).compile();
    app = await moduleRef.init();
    em = app.get(MikroORM).em.fork() as EntityManager;
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  const inContext = <T>(work: () => Promise<T>) => RequestContext.create(app.get(MikroORM).em, work);
  let files = 0;

  async function importFile(listId: string, content: string | Buffer, request = {}) {
    const file = path.join(dir, `upload-${++files}.csv`);
    await writeFile(file, content);
    const job = await inContext(() =>
      app.get(ImportsService).createLeadImport(listId, { path: file, fileName: 'leads.csv', size: content.length }, request, SYSTEM_ACTOR),
    );
    const outcome = await inContext(() => app.get(ImportRunner).run(job.id));
    const view = await inContext(async () => app.get(ImportsService).view(await app.get(ImportsService).get(job.id)));
    return { outcome, view, file };
  }

  const createList = (input: Partial<NewLeadList> = {}) =>
    inContext(() => app.get(LeadListsService).create({ name: 'list', defaultCountry: 'US', ...input }, SYSTEM_ACTOR));

  const leadsOf = (importId: string) =>
    em.execute(
      `select import_row, phone, phone_type, alt_phones, status, blocked_reason, timezone, timezone_source, timezone_candidates,
              first_name, external_id, custom_fields from leads where import_id = ? order by import_row`,
      [importId],
    );
  const rejectionsOf = (importId: string) =>
    em.execute(`select row_number, reason_code, message, cells from import_rejections where job_id = ? order by row_number`, [importId]);

  it('imports a dirty US file: normalises, dedupes, scrubs DNC, flags unknown zones, explains every rejection', async () => {
    const list = await createList();
    await em.execute(`insert into dnc_entries (phone, scope, source) values ('+12125550103', 'global', 'manual')`);
    const csv = [
      'First Name,Phone,Mobile,Zip,Account ID,Notes',
      'Ann,(212) 555-0101,,,A1,vip',
      'Bob,212-555-0102,(415) 555-0199,94105,A2,',
      'Cid,212.555.0103,,,A3,on dnc',
      'Dee,(212) 555-0101,,,A1,duplicate of row 1',
      'Eve,12345,,,A5,bad number',
      'Fay,1-800-555-0100,,,A6,toll free: no zone',
      'Gus,"(907) 555-0107",,,A7,"Alaska, two zones"',
      'Hal,(212) 555-0101,,,A8,same phone other account',
      'Ivy,(212) 555-0109,,,A9',
      '',
    ].join('\r\n');
    const { outcome, view, file } = await importFile(list.id, csv);

    expect(outcome).toBe('completed');
    expect(view).toMatchObject({
      state: 'completed',
      progress: 100,
      counts: { rowsRead: 9, accepted: 6, rejected: 2, duplicates: 1, dncFlagged: 1, noTimezone: 1 },
    });
    expect(view.durationMs).toBeGreaterThanOrEqual(0);

    const leads = await leadsOf(view.id);
    expect(leads.map((l) => [l.import_row, l.phone, l.status, l.blocked_reason])).toEqual([
      [1, '+12125550101', 'new', null],
      [2, '+12125550102', 'new', null],
      [3, '+12125550103', 'blocked', 'dnc'],
      [6, '+18005550100', 'blocked', 'no_timezone'],
      [7, '+19075550107', 'new', null],
      [8, '+12125550101', 'new', null],
    ]);
    expect(leads[0]).toMatchObject({ first_name: 'Ann', external_id: 'A1', timezone: 'America/New_York', timezone_source: 'area_code', custom_fields: { Notes: 'vip' } });
    expect(leads[1]).toMatchObject({ alt_phones: ['+14155550199'], timezone: 'America/Los_Angeles', timezone_source: 'postal_code' });
    expect(leads[4]).toMatchObject({ timezone: null, timezone_candidates: ['America/Adak', 'America/Anchorage'] });

    const rejections = await rejectionsOf(view.id);
    expect(rejections.map((r) => [r.row_number, r.reason_code])).toEqual([
      [4, 'DUPLICATE'],
      [5, 'INVALID_PHONE'],
      [9, 'RAGGED_ROW'],
    ]);
    expect(rejections[0].message).toMatch(/same phone number and account as row 1/);
    expect(rejections[1]).toMatchObject({ cells: ['Eve', '12345', '', '', 'A5', 'bad number'], message: expect.stringMatching(/too short/) });
    expect(rejections[2].message).toMatch(/5 cells but the header has 6/);
    await expect(import('node:fs/promises').then((fs) => fs.stat(file))).rejects.toThrow(/ENOENT/); // the upload is removed
  });

  it('never imports a finished import twice', async () => {
    const list = await createList();
    const { view } = await importFile(list.id, 'phone\n2125550111\n2125550112\n');
    expect(await inContext(() => app.get(ImportRunner).run(view.id))).toBe('skipped');
    expect(await leadsOf(view.id)).toHaveLength(2);
  });

  it('dedupes against the list, then against the lists of the same campaign', async () => {
    const first = await createList({ dedupeScope: 'list' });
    await importFile(first.id, 'phone\n2125550121\n2125550122\n');
    const again = await importFile(first.id, 'phone\n2125550121\n2125550123\n');
    expect(again.view.counts).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await rejectionsOf(again.view.id))[0].message).toMatch(/already a lead in this list/);

    const other = await createList({ dedupeScope: 'campaign' });
    const [{ id: campaignId }] = await em.execute(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('c', 'telemarketing', 'progressive', 'US') returning id`,
    );
    await em.execute(`insert into campaign_lists (campaign_id, list_id) values (?, ?), (?, ?)`, [campaignId, first.id, campaignId, other.id]);
    await em.execute(`insert into dnc_entries (phone, scope, campaign_id, source) values ('+12125550125', 'campaign', ?, 'manual')`, [campaignId]);
    const scoped = await importFile(other.id, 'phone\n2125550122\n2125550124\n2125550125\n');
    expect(scoped.view.counts).toMatchObject({ accepted: 2, duplicates: 1, dncFlagged: 1 });

    const unscoped = await createList({ dedupeScope: 'none' });
    const none = await importFile(unscoped.id, 'phone\n2125550121\n2125550121\n');
    expect(none.view.counts).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('reads a Japanese Shift_JIS file with a JP default country', async () => {
    const list = await createList({ defaultCountry: 'JP' });
    const csv = '氏名,フリガナ,電話番号,携帯電話,郵便番号,都道府県\r\n山田太郎,ヤマダタロウ,03-1234-5678,090-1234-5678,100-0001,東京都\r\n';
    const { view } = await importFile(list.id, encode(csv, 'cp932'));
    expect(view).toMatchObject({ encoding: 'shift_jis', counts: { accepted: 1 } });
    const [lead] = await leadsOf(view.id);
    expect(lead).toMatchObject({
      phone: '+81312345678',
      phone_type: 'fixed_line',
      alt_phones: ['+819012345678'],
      timezone: 'Asia/Tokyo',
      timezone_source: 'country',
      custom_fields: { full_name: '山田太郎', name_kana: 'ヤマダタロウ' },
    });
  });

  it('fails a file whose quote never closes and commits nothing', async () => {
    const list = await createList();
    const csv = `phone,note\n2125550131,fine\n2125550132,"never closed\n${'x'.repeat(5 * 1024 * 1024)}\n`;
    const { outcome, view } = await importFile(list.id, csv);
    expect(outcome).toBe('failed');
    expect(view).toMatchObject({ state: 'failed', error: { code: 'UNCLOSED_QUOTE' } });
    expect(await leadsOf(view.id)).toHaveLength(0);
    expect(await rejectionsOf(view.id)).toHaveLength(0);
  });

  it('undoes an import whose leads were not dialed, and refuses once one was', async () => {
    const list = await createList();
    const { view } = await importFile(list.id, 'phone\n2125550141\n2125550142\n');
    await em.execute(`update leads set status = 'dialing', attempt_count = 1 where import_id = ? and import_row = 1`, [view.id]);
    await expect(inContext(() => app.get(ImportsService).undo(view.id, SYSTEM_ACTOR))).rejects.toThrow(/1 lead\(s\) of this import have been dialed/);
    expect(await leadsOf(view.id)).toHaveLength(2);

    await em.execute(`update leads set status = 'new', attempt_count = 0 where import_id = ?`, [view.id]);
    const undone = await inContext(() => app.get(ImportsService).undo(view.id, SYSTEM_ACTOR));
    expect(undone.removed).toBe(2);
    expect(await leadsOf(view.id)).toHaveLength(0);
    await expect(inContext(() => app.get(ImportsService).undo(view.id, SYSTEM_ACTOR))).rejects.toThrow(/undone/);
  });
});
