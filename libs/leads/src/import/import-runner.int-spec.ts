import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { access, rm, writeFile } from 'node:fs/promises';
import { Client } from 'pg';
import path from 'node:path';
import { encode } from 'iconv-lite';
import type { JobLiveness, QueuedWorkProbe } from '@dialer/core';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { BootedWithTempDir, bootModulesWithTempDir, TestContext, withOrmContext } from '@dialer/testing';
import { LeadsModule } from '../leads.module';
import { LeadListsService, NewLeadList } from '../lead-lists.service';
import { SNIFF_BYTES } from '../parsing/csv-sniffer';
import { ImportRunner } from './import-runner.service';
import { ImportRequest, ImportsService } from './imports.service';

/** The import job against the real PostgreSQL: staging, dedupe, DNC scrub, rejections, undo. */
describe('ImportRunner (integration)', () => {
  let booted: BootedWithTempDir;
  let ctx: TestContext;
  let app: INestApplicationContext;
  let dir: string;
  let em: EntityManager;

  beforeAll(async () => {
    booted = await bootModulesWithTempDir([AuditModule, LeadsModule], 'import-runner-');
    ({ ctx, app, dir } = booted);
    em = app.get(MikroORM).em.fork() as EntityManager;
  });

  afterAll(() => booted?.close());

  const inContext = <T>(work: () => Promise<T>) => withOrmContext(app, work);
  let files = 0;

  async function importFile(listId: string, content: string | Buffer, request: ImportRequest = {}) {
    const file = path.join(dir, `upload-${++files}.csv`);
    await writeFile(file, content);
    const job = await inContext(() =>
      app.get(ImportsService).createLeadImport(listId, { path: file, fileName: 'leads.csv', size: content.length }, request, SYSTEM_ACTOR),
    );
    const outcome = await inContext(() => app.get(ImportRunner).run(job.id));
    const view = await inContext(async () => app.get(ImportsService).view(await app.get(ImportsService).get(job.id)));
    return { outcome, view, file };
  }

  async function importDnc(content: string, request: { scope?: 'global' | 'campaign' | 'product'; campaignId?: string; product?: string } = {}) {
    const file = path.join(dir, `dnc-${++files}.txt`);
    await writeFile(file, content);
    const job = await inContext(() =>
      app
        .get(ImportsService)
        .createDncImport({ path: file, fileName: 'dnc.txt', size: content.length }, { country: 'US', scope: 'global', ...request }, SYSTEM_ACTOR),
    );
    expect(await inContext(() => app.get(ImportRunner).run(job.id))).toBe('completed');
    return inContext(async () => app.get(ImportsService).view(await app.get(ImportsService).get(job.id)));
  }

  const preview = (listId: string, content: string | Buffer, request: ImportRequest = {}) => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    return inContext(() => app.get(ImportsService).preview(listId, { bytes: bytes.subarray(0, SNIFF_BYTES), complete: bytes.length <= SNIFF_BYTES }, request));
  };

  const statusOf = async (importId: string) =>
    (await em.execute<{ import_row: number; status: string; blocked_reason: string | null }[]>(
      `select import_row, status, blocked_reason from leads where import_id = ? order by import_row`,
      [importId],
    )).map((l) => [l.import_row, l.status, l.blocked_reason]);

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

  it('imports every row of a file with a stray quote: "Bob" Smith, read as written (issue 9: Ann, Bob and 9,000 more)', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const rows = ['name,phone,city', 'Ann,+1 917 555 0501,NYC', '"Bob" Smith,+1 917 555 0502,NYC'];
    for (let i = 0; i < 9000; i++) rows.push(`P${i},+1 718 555 ${String(i).padStart(4, '0')},NYC`);
    const csv = `${rows.join('\n')}\n`;
    const seen = await preview(list.id, csv);
    expect(seen.warnings).toEqual([
      { code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'Row 2: column 1 has text after its closing quote, read as written, quotes included', params: { row: 2, column: 1 } },
    ]);
    const { view } = await importFile(list.id, csv);
    expect(view).toMatchObject({ state: 'completed', counts: { rowsRead: 9_002, accepted: 9_002, rejected: 0 } });
    const [bob] = await em.execute(`select custom_fields from leads where import_id = ? and import_row = 2`, [view.id]);
    expect(bob.custom_fields).toEqual({ full_name: '"Bob" Smith', city: 'NYC' });
  });

  it('reads an unquoted =HYPERLINK("x","y") cell as its own row and imports every row after it', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const rows = ['name,phone,city', 'Ann,2125559511,NYC', '=HYPERLINK("x","y"),2125559512,NYC', '=HYPERLINK("x"),2125559513,NYC'];
    for (let i = 0; i < 500; i++) rows.push(`P${i},+1 347 555 ${String(i).padStart(4, '0')},NYC`);
    const { view } = await importFile(list.id, `${rows.join('\n')}\n`);
    expect(view).toMatchObject({ state: 'completed', counts: { rowsRead: 503, accepted: 502, rejected: 1 } });
    expect(await rejectionsOf(view.id)).toEqual([
      {
        row_number: 2,
        reason_code: 'RAGGED_ROW',
        message: 'the row has 4 cells but the header has 3; column 1 holds a quote inside an unquoted cell, read as text',
        cells: ['=HYPERLINK("x"', '"y")', '2125559512', 'NYC'],
      },
    ]);
    const [link] = await em.execute(`select custom_fields from leads where import_id = ? and import_row = 3`, [view.id]);
    expect(link.custom_fields).toEqual({ full_name: '=HYPERLINK("x")', city: 'NYC' });
  });

  it('takes the first line that holds anything as the header, skipping blank lines before it, numbered as the preview numbers them', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const { view } = await importFile(list.id, '\r\n,,\r\nname,phone,city\r\nAnn,2125559611,NYC\r\nBob,not a number,NYC\r\n');
    expect(view).toMatchObject({ state: 'completed', counts: { rowsRead: 2, accepted: 1, rejected: 1 } });
    expect((await rejectionsOf(view.id)).map((r) => [r.row_number, r.reason_code])).toEqual([[2, 'INVALID_PHONE']]);
    const [ann] = await em.execute(`select import_row, custom_fields from leads where import_id = ?`, [view.id]);
    expect(ann).toMatchObject({ import_row: 1, custom_fields: { full_name: 'Ann', city: 'NYC' } });
  });

  it('imports 2,000 CRLF rows followed by 1,000 LF rows as 3,000 rows (two exports pasted together)', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const rows = Array.from({ length: 3000 }, (_, i) => `P${i},+1 646 555 ${String(i).padStart(4, '0')},NYC`);
    const csv = `name,phone,city\r\n${rows.slice(0, 2000).join('\r\n')}\r\n${rows.slice(2000).join('\n')}\n`;
    const { view } = await importFile(list.id, csv);
    expect(view).toMatchObject({ state: 'completed', counts: { rowsRead: 3_000, accepted: 3_000, rejected: 0 } });
  });

  it('rejects the line of a quote that never closes, as written, and imports the rest of the file', async () => {
    const list = await createList();
    const csv = `phone,note\n2125559131,fine\n2125559132,"never closed\n${'x'.repeat(5 * 1024 * 1024)}\n2125559133,after\r2125559134,"a ""real"" note,\non two lines"\n`;
    const { outcome, view } = await importFile(list.id, csv);
    expect(outcome).toBe('completed');
    expect(view).toMatchObject({ state: 'completed', counts: { rowsRead: 5, accepted: 3, rejected: 2 } });
    const rejections = await rejectionsOf(view.id);
    expect(rejections.map((r) => [r.row_number, r.reason_code])).toEqual([
      [2, 'BROKEN_QUOTE'],
      [3, 'ROW_TOO_LONG'],
    ]);
    expect(rejections[0]).toMatchObject({
      cells: ['2125559132', '"never closed'],
      message: 'the quote that opens column 2 is broken (its row runs over 32 KiB): this line was rejected as written and reading resumed on the next line',
    });
    expect(rejections[1].cells[0]).toHaveLength(32 * 1024);
    const leads = await em.execute(`select import_row, custom_fields from leads where import_id = ? order by import_row`, [view.id]);
    expect(leads).toEqual([
      { import_row: 1, custom_fields: { note: 'fine' } },
      { import_row: 4, custom_fields: { note: 'after' } },
      { import_row: 5, custom_fields: { note: 'a "real" note,\non two lines' } },
    ]);
  });

  it('keeps the whole text of rejected rows: cells over 1,000 characters, rows over 250 cells', async () => {
    const list = await createList();
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const long = 'n'.repeat(5_000);
    const { view } = await importFile(list.id, `phone,note\n${wide.join(',')}\nnot a phone,${long}\n`);
    expect(await rejectionsOf(view.id)).toEqual([
      expect.objectContaining({ row_number: 1, reason_code: 'RAGGED_ROW', cells: wide }),
      expect.objectContaining({ row_number: 2, reason_code: 'INVALID_PHONE', cells: ['not a phone', long] }),
    ]);
  });

  it('refuses files of only delimiters or empty quotes at preview and at import, with NO_ROWS', async () => {
    const list = await createList();
    for (const csv of [',\n', ',,,\n,,,\n', '""\n""\n', ';;;\r\n;;;\r\n', '|\n|\n']) {
      await expect(preview(list.id, csv)).rejects.toMatchObject({ code: 'NO_ROWS', kind: 'unprocessable' });
      await expect(importFile(list.id, csv)).rejects.toMatchObject({ code: 'NO_ROWS', kind: 'unprocessable' });
    }
  });

  it('accepts a header with the trailing empty columns Excel writes', async () => {
    const list = await createList();
    const pad = ','.repeat(250);
    const { view } = await importFile(list.id, `phone,name${pad}\r\n2125559171,Ann${pad}\r\n2125559172,Bob${pad}\r\n`);
    expect(view).toMatchObject({ state: 'completed', columns: ['phone', 'name'], counts: { rowsRead: 2, accepted: 2 } });
  });

  it('finalises a file of several batches as one: repeats across batches, leads already there, DNC, bad rows, one transaction', async () => {
    // 60,000 rows: three batches (BATCH_ROWS 25,000), so keys meet across batches and the last batch is short.
    const list = await createList({ dedupeScope: 'list' });
    const before = await importFile(list.id, ['name,phone', 'Old,(212) 555-0007', ''].join('\n'));
    expect(before.view.counts.accepted).toBe(1);
    await em.execute(`insert into dnc_entries (phone, scope, source) values ('+13125550011', 'global', 'manual')`);
    const ROWS = 60_000;
    const phone = (i: number) => `(312) 555-${String(i % 10_000).padStart(4, '0')}`;
    const lines = ['name,phone'];
    for (let i = 0; i < ROWS; i++) {
      if (i === 30_000) lines.push('Known,212-555-0007'); // row 30,001: a lead the list had already
      else if (i % 7_919 === 0) lines.push(`Bad ${i},12345`);
      else lines.push(`P${i},${phone(i)}`); // 10,000 numbers, each on six rows
    }
    const { view } = await importFile(list.id, `${lines.join('\n')}\n`);

    const bad = Math.floor((ROWS - 1) / 7_919) + 1;
    expect(view.counts).toMatchObject({ rowsRead: ROWS, accepted: 10_000, rejected: bad, dncFlagged: 1 });
    expect(view.counts.accepted + view.counts.rejected + view.counts.duplicates).toBe(ROWS);
    const [{ leads, phones }] = await em.execute<{ leads: string; phones: string }[]>(
      `select count(*) as leads, count(distinct phone) as phones from leads where import_id = ?`,
      [view.id],
    );
    expect({ leads: Number(leads), phones: Number(phones) }).toEqual({ leads: 10_000, phones: 10_000 });
    // Each number's lead is its first row; a repeat in a later batch names that row.
    const rejections = await em.execute<{ row_number: number; reason_code: string; message: string; duplicate_of: string | null }[]>(
      `select row_number, reason_code, message, duplicate_of from import_rejections where job_id = ? and row_number in (1, 10002, 50002, 30001)
       order by row_number`,
      [view.id],
    );
    const [{ id: known }] = await em.execute<{ id: string }[]>(`select id from leads where import_id = ?`, [before.view.id]);
    expect(rejections).toEqual([
      { row_number: 1, reason_code: 'INVALID_PHONE', message: expect.any(String), duplicate_of: null },
      { row_number: 10002, reason_code: 'DUPLICATE', message: 'same phone number as row 2', duplicate_of: null },
      { row_number: 30001, reason_code: 'DUPLICATE', message: 'already a lead in this list', duplicate_of: known },
      { row_number: 50002, reason_code: 'DUPLICATE', message: 'same phone number as row 2', duplicate_of: null },
    ]);
    expect(await statusOf(view.id).then((rows) => rows.filter(([, status]) => status === 'blocked'))).toEqual([[12, 'blocked', 'dnc']]);
  }, 120_000);

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

  it('dedupes against every list with scope global', async () => {
    const elsewhere = await createList({ dedupeScope: 'none' });
    await importFile(elsewhere.id, 'phone\n2125550151\n');
    const global = await createList({ dedupeScope: 'global' });
    const { view } = await importFile(global.id, 'phone\n2125550151\n2125550152\n2125550152\n');
    expect(view.counts).toMatchObject({ rowsRead: 3, accepted: 1, duplicates: 2 });
    expect((await rejectionsOf(view.id)).map((r) => [r.row_number, r.message])).toEqual([
      [1, 'already a lead in another list'],
      [3, 'same phone number as row 2'],
    ]);
  });

  it('previews rows exactly as the import then stores them: dedupe by number and account, DNC, no zone', async () => {
    const list = await createList({ dedupeScope: 'list' });
    await importFile(list.id, 'phone,account\n2125550301,A1\n');
    await em.execute(`insert into dnc_entries (phone, scope, source) values ('+12125550302', 'global', 'manual'), ('+18005550303', 'global', 'manual')`);
    const csv = [
      'phone,account,name',
      '2125550301,A1,already a lead (same number and account)',
      '2125550301,A2,same number and another account: a lead',
      '2125550302,A3,on DNC',
      '(212) 555-0302,A3,repeats row 3',
      '1-800-555-0303,A4,on DNC and no zone',
      '1-800-555-0304,A5,no zone',
      'not a number,A6,invalid',
    ].join('\n');
    const seen = await preview(list.id, csv);
    const { view } = await importFile(list.id, csv);

    const counts = { rowsRead: 7, accepted: 4, rejected: 1, duplicates: 2, dncFlagged: 2, noTimezone: 2 };
    expect(view.counts).toEqual(counts);
    expect(seen.counts).toEqual(counts);
    const leads = await leadsOf(view.id);
    expect(seen.rows.filter((r) => r.outcome === 'lead').map((r) => [r.row, r.lead!.phone, r.lead!.status, r.lead!.blockedReason])).toEqual(
      leads.map((l) => [l.import_row, l.phone, l.status, l.blocked_reason]),
    );
    expect(leads.map((l) => [l.import_row, l.blocked_reason])).toEqual([
      [2, null],
      [3, 'dnc'],
      [5, 'dnc'],
      [6, 'no_timezone'],
    ]);
    const rejections = await rejectionsOf(view.id);
    expect(seen.rows.filter((r) => r.outcome === 'rejected').map((r) => [r.row, r.rejection!.code, r.rejection!.message])).toEqual(
      rejections.map((r) => [r.row_number, r.reason_code, r.message]),
    );
    expect(rejections.map((r) => [r.row_number, r.message])).toEqual([
      [1, 'already a lead in this list'],
      [4, 'same phone number and account as row 3'],
      [7, expect.any(String)],
    ]);
    // The preview says which kind of duplicate each is, for a client to word: the earlier row it repeats, or the scope it is in.
    expect(seen.rows.filter((r) => r.rejection?.code === 'DUPLICATE').map((r) => [r.row, r.rejection!.params])).toEqual([
      [1, { scope: 'list' }],
      [4, { row: 3 }],
    ]);
  });

  it('previews a broken quote’s rejection with its column and reason', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const seen = await preview(list.id, 'name,phone\nAnn,2125550401\n"Bob,2125550402\n');
    expect(seen.rows.find((r) => r.outcome === 'rejected')?.rejection).toMatchObject({ code: 'BROKEN_QUOTE', params: { column: 1, reason: 'NEVER_CLOSED' } });
  });

  it('rejects a row whose bytes past the first 256 KiB are not valid in the file encoding, naming row and encoding', async () => {
    const list = await createList({ dedupeScope: 'none' });
    const padding = (phone: string) => Array.from({ length: 3_000 }, (_, i) => `${phone},filler ${i} ${'x'.repeat(80)}\n`).join('');
    const utf8 = Buffer.concat([
      Buffer.from(`phone,note\n${padding('2125550161')}`),
      Buffer.from('2125550162,caf'),
      Buffer.from([0xe9]), // Latin-1 é: not UTF-8
      Buffer.from('\n2125550163,a real \ufffd is text\n2125550164,fine\n'),
    ]);
    expect(utf8.indexOf(0xe9)).toBeGreaterThan(SNIFF_BYTES); // the upload's checks never saw it
    const { view } = await importFile(list.id, utf8);
    expect(view).toMatchObject({ state: 'completed', encoding: 'utf-8', counts: { rowsRead: 3_003, accepted: 3_002, rejected: 1 } });
    expect(await rejectionsOf(view.id)).toEqual([
      { row_number: 3_001, reason_code: 'INVALID_CHARACTERS', message: 'row 3001 has bytes that are not valid UTF-8', cells: ['2125550162', 'caf\ufffd'] },
    ]);
    const [kept] = await em.execute(`select custom_fields from leads where import_id = ? and import_row = 3002`, [view.id]);
    expect(kept.custom_fields).toEqual({ note: 'a real \ufffd is text' });

    const sjis = Buffer.concat([
      encode(`電話番号,備考\n${padding('0312345600')}`, 'cp932'),
      encode('0312345678,', 'cp932'),
      Buffer.from([0x85, 0x40]), // a Shift_JIS pair with no character
      encode('\n0312345679,正常\n', 'cp932'),
    ]);
    const jp = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
    const sjisImport = await importFile(jp.id, sjis);
    expect(sjisImport.view).toMatchObject({ encoding: 'shift_jis', counts: { rowsRead: 3_002, accepted: 3_001, rejected: 1 } });
    expect(await rejectionsOf(sjisImport.view.id)).toEqual([
      expect.objectContaining({ row_number: 3_001, reason_code: 'INVALID_CHARACTERS', message: 'row 3001 has bytes that are not valid Shift_JIS (CP932)' }),
    ]);
  });

  describe('a file whose first 256 KiB are plain ASCII (QA1 finding 2)', () => {
    const ascii = Array.from({ length: 12_000 }, (_, i) => `Taro ${i},03-1234-${String(i % 10_000).padStart(4, '0')}\r\n`).join('');
    const japanese = Array.from({ length: 500 }, (_, i) => `山田 花子${i},06-1234-${String(i).padStart(4, '0')}\r\n`).join('');
    const file = (encoding: string) => encode(`name,phone\r\n${ascii}${japanese}`, encoding);

    it('reads it in the encoding its first other bytes show: a Shift_JIS file loses no row, and the preview says the encoding is not decided yet', async () => {
      const list = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
      const bytes = file('cp932');
      expect(bytes.indexOf(encode('山', 'cp932'))).toBeGreaterThan(SNIFF_BYTES);
      expect(await preview(list.id, bytes)).toMatchObject({ encoding: 'utf-8', encodingSource: 'ascii' });
      const { view } = await importFile(list.id, bytes);
      expect(view).toMatchObject({ state: 'completed', encoding: 'shift_jis', counts: { rowsRead: 12_500, accepted: 12_500, rejected: 0 } });
      const [last] = await em.execute(`select custom_fields, phone from leads where import_id = ? and import_row = 12500`, [view.id]);
      expect(last).toEqual({ custom_fields: { full_name: '山田 花子499' }, phone: '+81612340499' });
    });

    it('obeys an encoding the uploader named', async () => {
      const list = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
      const { view } = await importFile(list.id, file('cp932'), { encoding: 'utf-8' });
      expect(view).toMatchObject({ encoding: 'utf-8', counts: { rowsRead: 12_500, accepted: 12_000, rejected: 500 } });
      expect((await rejectionsOf(view.id))[0]).toMatchObject({ row_number: 12_001, message: 'row 12001 has bytes that are not valid UTF-8' });
    });

    it('reads bytes it cannot tell as UTF-8, as before, and each rejection says to choose the encoding', async () => {
      const list = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
      const korean = Array.from({ length: 500 }, (_, i) => `김철수 서울특별시${i},06-1234-${String(i).padStart(4, '0')}\r\n`).join('');
      const { view } = await importFile(list.id, encode(`name,phone\r\n${ascii}${korean}`, 'euc-kr'));
      expect(view).toMatchObject({ encoding: 'utf-8', counts: { rowsRead: 12_500, accepted: 12_000, rejected: 500 } });
      expect((await rejectionsOf(view.id))[0]).toMatchObject({
        row_number: 12_001,
        reason_code: 'INVALID_CHARACTERS',
        message:
          'row 12001 has bytes that are not valid UTF-8: the file began with plain ASCII, and the bytes after it match no encoding that could be detected; ' +
          'if it is Shift_JIS or Windows-1252, import it again choosing its encoding',
      });
    });

    it('reads Windows-1252 apostrophes after it as windows-1252, never as CP932 kanji (O’Brien, not O達rien), and refuses no row (QA4 F1)', async () => {
      const list = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
      const names = ['O\u2019Brien', 'D\u2019Arcy', '\u201cBob\u201d Smith', 'Ann\u2014Marie'];
      const rows = names.map((name, i) => `${name},+1 212 555 ${String(i).padStart(4, '0')}\r\n`).join('');
      const { view } = await importFile(list.id, encode(`name,phone\r\n${ascii}${rows}`, 'windows-1252'));
      expect(view).toMatchObject({ state: 'completed', encoding: 'windows-1252', counts: { rowsRead: 12_004, accepted: 12_004, rejected: 0 } });
      const stored = await em.execute(`select custom_fields from leads where import_id = ? and import_row > 12000 order by import_row`, [view.id]);
      expect(stored.map((row) => (row.custom_fields as { full_name: string }).full_name)).toEqual(names);
    });

    it('reads EUC-JP after it as UTF-8, rejecting its rows, not as half-width katakana (QA4 F3)', async () => {
      const list = await createList({ dedupeScope: 'none', defaultCountry: 'JP' });
      const rows = Array.from({ length: 10 }, (_, i) => `山田太郎,090-1111-${String(i).padStart(4, '0')}\r\n`).join('');
      const { view } = await importFile(list.id, encode(`name,phone\r\n${ascii}${rows}`, 'eucjp'));
      expect(view).toMatchObject({ encoding: 'utf-8', counts: { rowsRead: 12_010, accepted: 12_000, rejected: 10 } });
      expect((await rejectionsOf(view.id))[0]).toMatchObject({ row_number: 12_001, reason_code: 'INVALID_CHARACTERS' });
    });
  });

  it('previews a first data row bigger than the 256 KiB sample as the import rejects it, quoted or not (QA1 finding 4)', async () => {
    const big = 'x'.repeat(400_000);
    for (const note of [big, `"${big}"`]) {
      const list = await createList({ dedupeScope: 'none' });
      const csv = `name,phone,note\nBig,+1 212 555 0001,${note}\nB,+1 212 555 0002,n\n`;
      const seen = await preview(list.id, csv);
      const { view } = await importFile(list.id, csv);
      expect(view.counts).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
      const [rejected] = await rejectionsOf(view.id);
      expect(seen.rows).toEqual([expect.objectContaining({ row: 1, outcome: 'rejected', cells: rejected.cells, rejection: expect.objectContaining({ code: rejected.reason_code, message: rejected.message }) })]);
      expect(seen.counts).toMatchObject({ rowsRead: 1, rejected: 1 });
    }
  });

  it("imports a file opening with Excel's sep= line: the line skipped, its delimiter used (QA1 finding 5)", async () => {
    for (const csv of ['sep=;\r\nname;phone\r\nAnn, Jr;+1 212 555 0101\r\n', '\ufeff"sep=|"\nname|phone\nAnn, Jr|+1 212 555 0101\n']) {
      const list = await createList({ dedupeScope: 'none' });
      const seen = await preview(list.id, csv);
      expect(seen).toMatchObject({ header: ['name', 'phone'], rows: [{ row: 1, outcome: 'lead', cells: ['Ann, Jr', '+1 212 555 0101'] }] });
      const { view } = await importFile(list.id, csv);
      expect(view).toMatchObject({ state: 'completed', delimiter: seen.delimiter, columns: ['name', 'phone'], counts: { rowsRead: 1, accepted: 1 } });
      expect(await leadsOf(view.id)).toEqual([expect.objectContaining({ import_row: 1, phone: '+12125550101', custom_fields: { full_name: 'Ann, Jr' } })]);
    }
  });

  it('imports Windows-1252 (Latin-1) files, detected or named (QA1 finding 6)', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `José ${i},+1 212 555 ${String(100 + i).padStart(4, '0')},Crème – 5 €`).join('\r\n');
    const bytes = encode(`name,phone,note\r\n${rows}\r\n`, 'windows-1252');
    for (const request of [{}, { encoding: 'windows-1252' }]) {
      const list = await createList({ dedupeScope: 'none' });
      expect(await preview(list.id, bytes, request)).toMatchObject({ encoding: 'windows-1252', rows: expect.arrayContaining([expect.objectContaining({ cells: ['José 0', '+1 212 555 0100', 'Crème – 5 €'] })]) });
      const { view } = await importFile(list.id, bytes, request);
      expect(view).toMatchObject({ state: 'completed', encoding: 'windows-1252', counts: { rowsRead: 20, accepted: 20 } });
      const [first] = await em.execute(`select custom_fields from leads where import_id = ? and import_row = 1`, [view.id]);
      expect(first).toEqual({ custom_fields: { full_name: 'José 0', note: 'Crème – 5 €' } });
    }
  });

  it('refuses to undo a DNC import whose numbers a later DNC import found already listed, until that one is undone', async () => {
    const numbers = '+13105550181\n+13105550182\n';
    const first = await importDnc(numbers);
    const second = await importDnc(numbers);
    expect(second.counts).toMatchObject({ accepted: 0, duplicates: 2 });
    await expect(inContext(() => app.get(ImportsService).undo(first.id, SYSTEM_ACTOR))).rejects.toThrow(
      `2 row(s) of import ${second.id} were rejected as duplicates of numbers this import added to the do-not-call list`,
    );
    const listed = async () =>
      Number((await em.execute<{ count: string }[]>(`select count(*) from dnc_entries where phone in ('+13105550181', '+13105550182')`))[0].count);
    expect(await listed()).toBe(2);
    await inContext(() => app.get(ImportsService).undo(second.id, SYSTEM_ACTOR));
    expect((await inContext(() => app.get(ImportsService).undo(first.id, SYSTEM_ACTOR))).removed).toBe(2);
    expect(await listed()).toBe(0);
  });

  it('flags the undialed leads a DNC list loaded later covers, in its transaction; undoing it unflags them', async () => {
    const [{ id: campaignId }] = await em.execute(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('dnc later', 'telemarketing', 'progressive', 'US') returning id`,
    );
    const inCampaign = await createList({ dedupeScope: 'none' });
    const elsewhere = await createList({ dedupeScope: 'none' });
    await em.execute(`insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [campaignId, inCampaign.id]);
    const rows = 'phone\n2125550171\n2125550172\n2125550173\n1-800-555-0174\n2125550175\n';
    const leads = (await importFile(inCampaign.id, rows)).view;
    const other = (await importFile(elsewhere.id, rows)).view;
    await em.execute(`update leads set status = 'retry', attempt_count = 1 where import_id = ? and import_row = 3`, [leads.id]); // dialed once
    await em.execute(`insert into dnc_entries (phone, scope, source) values ('+12125550175', 'global', 'manual')`); // no lead flagged yet

    const campaignDnc = await importDnc('2125550171\n2125550173\n8005550174\n2125550175\n', { scope: 'campaign', campaignId });
    expect(campaignDnc.counts).toMatchObject({ accepted: 4, dncFlagged: 3 });
    expect(await statusOf(leads.id)).toEqual([
      [1, 'blocked', 'dnc'],
      [2, 'new', null],
      [3, 'retry', null], // dialed: left to the dial-time check
      [4, 'blocked', 'dnc'], // was blocked for want of a zone: DNC comes first
      [5, 'blocked', 'dnc'],
    ]);
    // A list outside the campaign is out of scope; the global entry loaded by hand flags nothing by itself.
    expect(await statusOf(other.id)).toEqual([
      [1, 'new', null],
      [2, 'new', null],
      [3, 'new', null],
      [4, 'blocked', 'no_timezone'],
      [5, 'new', null],
    ]);
    const global = await importDnc('2125550172\n');
    expect(global.counts).toMatchObject({ dncFlagged: 2 });
    expect((await statusOf(other.id))[1]).toEqual([2, 'blocked', 'dnc']);

    const undone = await inContext(() => app.get(ImportsService).undo(campaignDnc.id, SYSTEM_ACTOR));
    expect(undone).toMatchObject({ removed: 4, leadsUnflagged: 2 });
    expect(await statusOf(leads.id)).toEqual([
      [1, 'new', null],
      [2, 'blocked', 'dnc'], // the global list's
      [3, 'retry', null],
      [4, 'blocked', 'no_timezone'],
      [5, 'blocked', 'dnc'], // still on the global list (entered by hand)
    ]);
  });

  describe('tidy-up of imports the queue no longer runs', () => {
    const probe = (states: Record<string, JobLiveness>) => {
      const requeued: string[] = [];
      const port: QueuedWorkProbe = { liveness: async (id) => states[id] ?? { state: 'live' }, requeue: async (id) => void requeued.push(id) };
      return { port, requeued };
    };
    const queuedImport = async (listId: string, content = 'phone\n2125550181\n') => {
      const file = path.join(dir, `stale-${++files}.csv`);
      await writeFile(file, content);
      const job = await inContext(() =>
        app.get(ImportsService).createLeadImport(listId, { path: file, fileName: 'stale.csv', size: content.length }, {}, SYSTEM_ACTOR),
      );
      return { id: job.id, file };
    };
    const stateOf = async (id: string) => (await em.execute(`select state, error from import_jobs where id = ?`, [id]))[0];
    const fileExists = (file: string) => access(file).then(() => true, () => false);

    it('queues again an import never queued, fails one whose job died or whose upload is gone, leaves live ones', async () => {
      const list = await createList();
      const neverQueued = await queuedImport(list.id);
      const uploadGone = await queuedImport(list.id);
      await rm(uploadGone.file);
      const stalled = await queuedImport(list.id);
      await em.execute(`update import_jobs set state = 'running' where id = ?`, [stalled.id]);
      const live = await queuedImport(list.id);
      const young = await queuedImport(list.id);
      await em.execute(`update import_jobs set created_at = now() - interval '10 minutes' where id <> ?`, [young.id]);

      const { port, requeued } = probe({
        [neverQueued.id]: { state: 'missing' },
        [uploadGone.id]: { state: 'missing' },
        [stalled.id]: { state: 'dead', reason: 'job stalled more than allowable limit' },
        [young.id]: { state: 'missing' },
      });
      const report = await inContext(() => app.get(ImportRunner).tidyUp(port, 5 * 60_000));
      expect(requeued).toEqual([neverQueued.id]);
      expect(report).toEqual({ requeued: [neverQueued.id], failed: expect.arrayContaining([uploadGone.id, stalled.id]) });
      expect(report.failed).toHaveLength(2);
      expect(await stateOf(neverQueued.id)).toMatchObject({ state: 'queued' });
      expect(await stateOf(uploadGone.id)).toMatchObject({ state: 'failed', error: { code: 'UPLOAD_MISSING' } });
      expect(await stateOf(stalled.id)).toMatchObject({
        state: 'failed',
        error: { code: 'IMPORT_ABANDONED', message: expect.stringMatching(/stalled more than allowable limit/) },
      });
      expect(await fileExists(stalled.file)).toBe(false);
      expect(await stateOf(live.id)).toMatchObject({ state: 'queued' });
      expect(await stateOf(young.id)).toMatchObject({ state: 'queued' }); // within the grace period
      expect(await fileExists(young.file)).toBe(true);

      // The re-queued import then runs as any other.
      expect(await inContext(() => app.get(ImportRunner).run(neverQueued.id))).toBe('completed');
    });

    it('leaves an import a worker is running (it holds the import lock), and a failed import stays failed if a worker starts it late', async () => {
      const list = await createList();
      const running = await queuedImport(list.id);
      await em.execute(`update import_jobs set state = 'running', created_at = now() - interval '10 minutes' where id = ?`, [running.id]);
      const holder = new Client({ connectionString: ctx.config.database.url });
      await holder.connect();
      try {
        await holder.query('select pg_advisory_lock(hashtext($1))', [`import:${running.id}`]);
        const { port } = probe({ [running.id]: { state: 'dead', reason: 'lost' } });
        expect(await inContext(() => app.get(ImportRunner).tidyUp(port, 0))).toEqual({ requeued: [], failed: [] });
        expect(await stateOf(running.id)).toMatchObject({ state: 'running' });
      } finally {
        await holder.end();
      }
      const { port } = probe({ [running.id]: { state: 'dead', reason: 'lost' } });
      expect((await inContext(() => app.get(ImportRunner).tidyUp(port, 0))).failed).toEqual([running.id]);
      expect(await inContext(() => app.get(ImportRunner).run(running.id))).toBe('skipped');
      expect(await stateOf(running.id)).toMatchObject({ state: 'failed' });
    });
  });
});
