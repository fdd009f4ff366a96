import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { encode } from 'iconv-lite';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { TestContext } from '@dialer/testing';
import { pollUntil } from '../support/poll';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';
import { auth, createList, csvRows, importFile, upload } from './lead-import-helpers';

/** Lead import over HTTP, through the real api, Redis and worker, with files made here. */
describe('lead import (e2e)', () => {
  let stack: StackWithUploads;
  let ctx: TestContext;
  let uploads: string;
  let api: RunningApi;
  let manager: SignedIn;

  beforeAll(async () => {
    stack = await startStackWithUploads('e2e-uploads-');
    ({ ctx, uploads, api } = stack);
    manager = await signInAs(api, 'manager');
  });

  afterAll(() => stack?.close());

  const leadsOf = async (listId: string) =>
    (await api.http().get(`/lists/${listId}`).set(auth(manager)).expect(200)).body.leadCount as number;

  it('previews and imports a Japanese Excel file (Shift_JIS): encoding, mapping, E.164 numbers, Tokyo time', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'JP' });
    const file = encode(
      [
        '氏名,フリガナ,電話番号,携帯電話,郵便番号,都道府県,備考',
        '山田太郎,ヤマダタロウ,03-1234-5678,090-1234-5678,100-0001,東京都,至急',
        '佐藤花子,サトウハナコ,06-6123-4567,,530-0001,大阪府,',
        '鈴木一郎,スズキイチロウ,1234,,060-0001,北海道,番号が短い',
      ].join('\r\n'),
      'cp932',
    );

    const preview = await api
      .http()
      .post(`/lists/${listId}/imports/preview`)
      .set(auth(manager))
      .attach('file', file, '顧客リスト.csv')
      .expect(200);
    expect(preview.body).toMatchObject({
      encoding: 'shift_jis',
      delimiter: ',',
      hasHeader: true,
      header: ['氏名', 'フリガナ', '電話番号', '携帯電話', '郵便番号', '都道府県', '備考'],
      suggestedMapping: { 氏名: 'fullName', フリガナ: 'nameKana', 電話番号: 'phone', 携帯電話: 'phone2', 郵便番号: 'postalCode', 都道府県: 'region' },
    });
    expect(preview.body.rows).toHaveLength(3);
    expect(preview.body.rows[0]).toMatchObject({
      row: 1,
      outcome: 'lead',
      lead: {
        phone: '+81312345678',
        phoneType: 'fixed_line',
        altPhones: ['+819012345678'],
        timezone: 'Asia/Tokyo',
        timezoneSource: 'country',
        status: 'new',
      },
    });
    expect(preview.body.rows[2]).toMatchObject({ row: 3, outcome: 'rejected', rejection: { code: 'INVALID_PHONE' } });
    expect(await readdir(uploads)).toEqual([]); // a preview keeps nothing

    const done = await importFile(api, manager, listId, file);
    expect(done).toMatchObject({ state: 'completed', encoding: 'shift_jis', counts: { rowsRead: 3, accepted: 2, rejected: 1 } });
    expect(await leadsOf(listId)).toBe(2);
    // The upload is removed once imported, just after the commit that says completed (removed before, an import that
    // crashed before its commit could not run again from it): looked at until it goes.
    await pollUntil(() => readdir(uploads), (files) => files.length === 0, { timeoutMs: 5_000 });

    const report = await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200);
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    expect(csvRows(report.text)).toEqual([
      ['row', 'reason_code', 'message', '氏名', 'フリガナ', '電話番号', '携帯電話', '郵便番号', '都道府県', '備考'],
      ['3', 'INVALID_PHONE', expect.stringMatching(/"1234" is too short/), '鈴木一郎', 'スズキイチロウ', '1234', '', '060-0001', '北海道', '番号が短い'],
    ]);
  });

  it('reads UTF-8 with a BOM, semicolons, quoted delimiters and quoted newlines', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = '\ufeffPhone;Name;Notes;Balance\r\n(212) 555-0101;"Smith; John";"line one\nline two";"1,50"\r\n212-555-0102;Ann;;2\r\n';
    const done = await importFile(api, manager, listId, csv);
    expect(done).toMatchObject({ state: 'completed', encoding: 'utf-8', delimiter: ';', columns: ['Phone', 'Name', 'Notes', 'Balance'] });
    expect(done.counts).toMatchObject({ rowsRead: 2, accepted: 2, rejected: 0 });
    expect(done.mapping).toEqual({ Phone: 'phone', Name: 'fullName', Balance: 'amountDue' });
    const [first] = await (api.app.get(MikroORM).em.fork() as EntityManager).execute(
      `select phone, custom_fields from leads where import_id = ? order by import_row limit 1`,
      [done.id],
    );
    expect(first).toEqual({ phone: '+12125550101', custom_fields: { full_name: 'Smith; John', Notes: 'line one\nline two', amount_due: '1,50' } });
  });

  it('detects Shift_JIS holding only half-width katakana (ｱｲｳ: single bytes 0xB1 0xB2 0xB3), preview and import alike', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'JP' });
    const file = encode('tel,name\n0311112224,ｱｲｳ\n', 'cp932');
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', file, 'kana.csv').expect(200);
    expect(preview.body).toMatchObject({ encoding: 'shift_jis', encodingSource: 'detected', rows: [{ outcome: 'lead', cells: ['0311112224', 'ｱｲｳ'] }] });
    const done = await importFile(api, manager, listId, file);
    expect(done).toMatchObject({ state: 'completed', encoding: 'shift_jis', counts: { rowsRead: 1, accepted: 1 } });
    const [lead] = await (api.app.get(MikroORM).em.fork() as EntityManager).execute(`select phone, custom_fields from leads where import_id = ?`, [done.id]);
    expect(lead).toEqual({ phone: '+81311112224', custom_fields: { full_name: 'ｱｲｳ' } });
  });

  it('reads Excel "Unicode text" (UTF-16LE, tab-delimited)', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'GB' });
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Tel\tName\r\n020 7946 0958\tJones\r\n07911 123456\tTaylor\r\n', 'utf16le')]);
    const done = await importFile(api, manager, listId, file);
    expect(done).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', counts: { accepted: 2 } });
  });

  it('dedupes within the file and against the list, scrubs DNC, flags unknown zones, and the report is formula-safe', async () => {
    const compliance = await signInAs(api, 'compliance');
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '(212) 555-0113', country: 'US', scope: 'global' }).expect(201);
    const listId = await createList(api, manager, { defaultCountry: 'US', dedupeScope: 'list' });
    await importFile(api, manager, listId, 'phone\n2125550111\n');

    const csv = [
      'phone,name,comment',
      '212-555-0111,Already,in the list',
      '212-555-0112,First,ok',
      '(212) 555-0112,Second,"=HYPERLINK(""http://evil"")"',
      '212-555-0113,Blocked,on DNC',
      '1-800-555-0100,Nowhere,toll free',
      '@SUM(1+1),Bad,-2+3',
    ].join('\n');
    const done = await importFile(api, manager, listId, csv);
    expect(done.counts).toEqual({ rowsRead: 6, accepted: 3, rejected: 1, duplicates: 2, dncFlagged: 1, noTimezone: 1 });

    const report = await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200);
    const rows = csvRows(report.text);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['1', 'DUPLICATE', 'already a lead in this list'],
      ['3', 'DUPLICATE', 'same phone number as row 2'],
      ['6', 'INVALID_PHONE', expect.stringMatching(/not a phone number|not a valid/)],
    ]);
    expect(rows[2][5]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[3].slice(3)).toEqual(["'@SUM(1+1)", 'Bad', "'-2+3"]);
  });

  it('rejects only the row holding a stray NUL, not the whole file as binary, preview and import alike', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = 'phone,name\n2125550141,Ann\n2125550142,B\u0000ob\n2125550143,Cid\n';
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'nul.csv').expect(200);
    expect(preview.body).toMatchObject({ encoding: 'utf-8', counts: { rowsRead: 3, accepted: 2, rejected: 1 } });
    expect(preview.body.rows[1]).toMatchObject({ outcome: 'rejected', rejection: { code: 'INVALID_CHARACTERS' } });
    const done = await importFile(api, manager, listId, csv);
    expect(done).toMatchObject({ state: 'completed', counts: { rowsRead: 3, accepted: 2, rejected: 1 } });
    const report = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
    expect(report.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['2', 'INVALID_CHARACTERS', 'row 2 holds a NUL character, which cannot be stored']]);
  });

  it('rejects a row whose zone cell names no zone, and reads one with an RTL mark, preview and import alike', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = 'phone,zip,timezone\n2125550151,10001,Mars/Olympus\n2125550152,10001,Asia/Tokyo\u200f\n';
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'tz.csv').expect(200);
    expect(preview.body.rows).toMatchObject([
      { outcome: 'rejected', rejection: { code: 'INVALID_TIMEZONE', message: expect.stringContaining('"Mars/Olympus" is not a time zone') } },
      { outcome: 'lead', lead: { timezone: 'Asia/Tokyo' } },
    ]);
    const done = await importFile(api, manager, listId, csv);
    expect(done).toMatchObject({ state: 'completed', counts: { rowsRead: 2, accepted: 1, rejected: 1 } });
    const report = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
    expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([['1', 'INVALID_TIMEZONE']]);
  });

  it('rejects a ragged row, a 1 MB line and a quote never closed, and imports the rest', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = [
      'phone,name,note',
      '2125550121,Ok,fine',
      '2125550122,Short',
      `2125550124,Huge,${'x'.repeat(1024 * 1024)}`,
      '2125550125,Ok,fine',
      '2125550126,Open,"this quote never closes',
      '2125550127,Swallowed,by the open quote',
    ].join('\n');
    const done = await importFile(api, manager, listId, csv);
    expect(done).toMatchObject({ state: 'completed', counts: { rowsRead: 6, accepted: 3, rejected: 3 } });
    const report = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
    expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['2', 'RAGGED_ROW'],
      ['3', 'ROW_TOO_LONG'],
      ['5', 'BROKEN_QUOTE'],
    ]);
    expect(report[2][5]).toHaveLength(32 * 1024 - '2125550124Huge'.length); // a huge row is kept up to 32 KiB
    expect(report[3][2]).toMatch(/never closed.*this line was rejected as written and reading resumed on the next line/);
    expect(report[3].slice(3)).toEqual(['2125550126', 'Open', '"this quote never closes']); // the line as written
    expect(await leadsOf(listId)).toBe(3); // the row after the open quote is a lead, not swallowed
  });

  it('rejects a row with a 200,000-character cell in the preview as in the import, quoted or not', async () => {
    const big = 'x'.repeat(200_000);
    for (const [cell, code] of [[big, 'ROW_TOO_LONG'], [`"${big}"`, 'BROKEN_QUOTE']]) {
      const listId = await createList(api, manager, { defaultCountry: 'US' });
      const csv = `phone,name,note\n2125550131,Huge,${cell}\n2125550132,Ok,fine\n`;
      const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'huge.csv').expect(200);
      expect(preview.body.counts).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
      expect(preview.body.rows.map((r: { outcome: string; rejection?: { code: string } }) => r.rejection?.code ?? r.outcome)).toEqual([code, 'lead']);
      const done = await importFile(api, manager, listId, csv);
      expect(done.counts).toMatchObject({ rowsRead: 2, rejected: 1 });
      const report = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
      expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([['1', code]]);
    }
  });

  it('imports every row of issue 9\'s files: a stray quote ("Bob" Smith), mixed CRLF and LF endings, and warns at preview', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US', dedupeScope: 'none' });
    const rows = ['name,phone,city', 'Ann,+1 917 555 0501,NYC', '"Bob" Smith,+1 917 555 0502,NYC'];
    for (let i = 0; i < 9000; i++) rows.push(`P${i},+1 718 555 ${String(i).padStart(4, '0')},NYC`);
    const quoted = `${rows.join('\n')}\n`;
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(quoted), 'q.csv').expect(200);
    expect(preview.body.warnings).toEqual([
      { code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'Row 2: column 1 has text after its closing quote, read as written, quotes included', params: { row: 2, column: 1 } },
    ]);
    expect(preview.body.rows[1]).toMatchObject({ row: 2, outcome: 'lead', cells: ['"Bob" Smith', '+1 917 555 0502', 'NYC'] });
    expect(await importFile(api, manager, listId, quoted)).toMatchObject({ state: 'completed', counts: { rowsRead: 9_002, accepted: 9_002, rejected: 0 } });

    const mixed = Array.from({ length: 3000 }, (_, i) => `P${i},+1 646 555 ${String(i).padStart(4, '0')},NYC`);
    const pasted = `name,phone,city\r\n${mixed.slice(0, 2000).join('\r\n')}\r\n${mixed.slice(2000).join('\n')}\n`;
    expect(await importFile(api, manager, listId, pasted)).toMatchObject({ state: 'completed', counts: { rowsRead: 3_000, accepted: 3_000, rejected: 0 } });
    expect(await leadsOf(listId)).toBe(12_002);
  });

  it('accepts a header with the trailing empty columns Excel writes', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const pad = ','.repeat(250);
    const done = await importFile(api, manager, listId, `phone,name${pad}\r\n2125550181,Ann${pad}\r\n2125550182,Bob${pad}\r\n`);
    expect(done).toMatchObject({ state: 'completed', columns: ['phone', 'name'], counts: { rowsRead: 2, accepted: 2 } });
  });

  describe('refuses a bad file with a clear 4xx, keeping nothing', () => {
    let listId: string;
    beforeAll(async () => {
      listId = await createList(api, manager, { defaultCountry: 'US' });
    });

    it.each([
      ['an empty file', '', 422, 'EMPTY_FILE'],
      ['an Excel workbook', Buffer.from('PK\u0003\u0004 workbook bytes'), 422, 'NOT_A_CSV'],
      ['binary data', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)), 422, 'NOT_A_CSV'],
      ['a header with no rows', 'phone,name\r\n', 422, 'NO_ROWS'],
      ['more than 200 columns', `phone,${Array.from({ length: 200 }, (_, i) => `c${i}`).join(',')}\n2125550100${',x'.repeat(200)}\n`, 422, 'TOO_MANY_COLUMNS'],
      // UTF-16BE is read (its header decoded), so a header without rows is what is wrong with it.
      ['UTF-16BE, a header without rows', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('\u0000p\u0000h\u0000o\u0000n\u0000e')]), 422, 'NO_ROWS'],
      ['EUC-JP', encode('電話番号,氏名\n0312345678,山田太郎\n', 'eucjp'), 422, 'UNSUPPORTED_ENCODING'],
      ['one comma', ',\n', 422, 'NO_ROWS'],
      ['only delimiters', ',,,\n,,,\n', 422, 'NO_ROWS'],
      ['only empty quotes', '""\n""\n', 422, 'NO_ROWS'],
      ['only semicolons', ';;;\r\n;;;\r\n', 422, 'NO_ROWS'],
      ['only pipes', '|\n|\n', 422, 'NO_ROWS'],
    ])('%s', async (_what, content, status, code) => {
      const response = await upload(api, manager, listId, content as string | Buffer).expect(status);
      expect(response.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
      // An encoding it cannot tell: the way out that keeps the file as it is, naming it in the upload, is offered first.
      if (code === 'UNSUPPORTED_ENCODING') expect(response.body.message).toMatch(/choose Shift_JIS as its encoding in the upload.*re-save it as UTF-8/);
      const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(content), 'leads.csv').expect(status);
      expect(preview.body).toMatchObject({ code });
      expect(await readdir(uploads)).toEqual([]);
      expect(await leadsOf(listId)).toBe(0);
    });

    it('UTF-8 with one bad byte, saying which byte and where', async () => {
      const head = Buffer.from('phone,name\n2125550191,José\n2125550192,Ann');
      const response = await upload(api, manager, listId, Buffer.concat([head, Buffer.from([0xff]), Buffer.from('\n')])).expect(422);
      expect(response.body).toMatchObject({
        code: 'INVALID_CHARACTERS',
        message: `The file is UTF-8 but byte 0xFF on line 3 (byte offset ${head.length}) is not valid UTF-8: fix or remove it, or re-save the file as UTF-8`,
      });
      // Not even the two good rows before the bad byte were kept.
      expect(await leadsOf(listId)).toBe(0);
    });

    it('an encoding it does not know', async () => {
      const response = await upload(api, manager, listId, 'phone\n2125550100\n', { encoding: 'ebcdic' }).expect(422);
      expect(response.body).toMatchObject({ code: 'UNSUPPORTED_ENCODING', message: expect.stringMatching(/utf-8, utf-16le, utf-16be, shift_jis/) });
      expect(await leadsOf(listId)).toBe(0);
    });

    it('a mapping naming a column that is not there', async () => {
      const response = await upload(api, manager, listId, 'phone\n2125550100\n', { mapping: '{"tel":"phone"}' }).expect(400);
      expect(response.body).toMatchObject({ code: 'INVALID_MAPPING' });
      expect(await leadsOf(listId)).toBe(0);
    });

    it('no file at all, or not multipart', async () => {
      await api.http().post(`/lists/${listId}/imports`).set(auth(manager)).field('encoding', 'utf-8').expect(400, /UPLOAD_FILE_MISSING/);
      await api.http().post(`/lists/${listId}/imports`).set(auth(manager)).send({ phone: '1' }).expect(400, /UPLOAD_NOT_MULTIPART/);
      expect(await leadsOf(listId)).toBe(0);
    });

    afterAll(async () => {
      expect(await leadsOf(listId)).toBe(0);
    });
  });

  it('answers 413 for a file over the size limit and deletes what it had written', async () => {
    const small = await startApi({ ...ctx.config, uploads: { ...ctx.config.uploads, maxBytes: 4096 } });
    try {
      const listId = await createList(small, manager, { defaultCountry: 'US' });
      // Read past the limit while streaming, then (a declared length far over it) refused before reading.
      for (const lines of [2_000, 20_000]) {
        const response = await upload(small, manager, listId, `phone\n${'2125550100\n'.repeat(lines)}`).expect(413);
        expect(response.body).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: expect.stringMatching(/4 KiB limit/) });
        expect(await readdir(uploads)).toEqual([]);
      }
    } finally {
      await small.close();
    }
  });

  it('previews a file whose phone header it does not recognise with its columns and the problem, refuses its import until a column is mapped to phone, then imports it', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'JP', dedupeScope: 'list' });
    const csv = '氏名,Contact number\n山田,03-1234-5678\n佐藤,06-6123-4567\n';
    const preview = () => api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager));

    // Not a refusal: the columns, the suggestion and the rows as read, for the uploader to choose the phone column.
    const unmapped = await preview().attach('file', Buffer.from(csv), 'crm.csv').expect(200);
    expect(unmapped.body).toMatchObject({
      columns: ['氏名', 'Contact number'],
      suggestedMapping: { 氏名: 'fullName' },
      mapping: { 氏名: 'fullName' },
      rows: [
        { row: 1, cells: ['山田', '03-1234-5678'], outcome: 'unmapped' },
        { row: 2, cells: ['佐藤', '06-6123-4567'], outcome: 'unmapped' },
      ],
      counts: { rowsRead: 2, accepted: 0, rejected: 0, duplicates: 0 },
      problems: [{ code: 'NO_PHONE_COLUMN', params: { columns: ['氏名', 'Contact number'] }, message: expect.stringContaining('Choose "Phone"') }],
    });
    expect(unmapped.body.rows[0]).not.toHaveProperty('rejection');
    // A mapping that leaves phone out is the same problem, not a refusal.
    const stillNone = await preview().field('mapping', JSON.stringify({ 氏名: 'fullName' })).attach('file', Buffer.from(csv), 'crm.csv').expect(200);
    expect(stillNone.body.problems).toMatchObject([{ code: 'NO_PHONE_COLUMN' }]);

    // The import still refuses it, in words for a person, naming the columns.
    const refused = await upload(api, manager, listId, csv).expect(422);
    expect(refused.body).toMatchObject({ code: 'NO_PHONE_COLUMN', details: { columns: ['氏名', 'Contact number'] } });
    expect(refused.body.message).toContain('氏名, Contact number');
    expect(refused.body.message).not.toMatch(/send a mapping/);
    expect(await leadsOf(listId)).toBe(0);

    const mapping = JSON.stringify({ 氏名: 'fullName', 'Contact number': 'phone' });
    const mapped = await preview().field('mapping', mapping).attach('file', Buffer.from(csv), 'crm.csv').expect(200);
    expect(mapped.body).toMatchObject({ problems: [], counts: { rowsRead: 2, accepted: 2 }, rows: [{ outcome: 'lead', lead: { phone: '+81312345678' } }, { outcome: 'lead' }] });
    const done = await importFile(api, manager, listId, csv, { mapping });
    expect(done).toMatchObject({ state: 'completed', counts: { rowsRead: 2, accepted: 2 } });
  });

  it('gives a preview row’s figures (cell counts, the country cell) and serves the rejection report in Japanese on request', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US', dedupeScope: 'list' });
    const csv = ['phone,name,country', '2125550171,Ann,US,extra', '2125550172,=cmd,ナルニア', '2125550173,Cid,US'].join('\n');
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'p.csv').expect(200);
    expect(preview.body.rows.map((r: { rejection?: unknown }) => r.rejection ?? null)).toEqual([
      { code: 'RAGGED_ROW', message: 'the row has 4 cells but the header has 3', params: { cellCount: 4, columnCount: 3 } },
      { code: 'INVALID_COUNTRY', message: expect.stringContaining('"ナルニア"'), params: { value: 'ナルニア' } },
      null,
    ]);
    expect(preview.body.problems).toEqual([]);

    const done = await importFile(api, manager, listId, csv);
    expect(done.counts).toMatchObject({ rowsRead: 3, accepted: 1, rejected: 2 });
    const english = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
    expect(english[0]).toEqual(['row', 'reason_code', 'message', 'phone', 'name', 'country']);
    const japanese = await api.http().get(`/imports/${done.id}/rejections.csv?lang=ja`).set(auth(manager)).expect(200);
    expect(japanese.text.startsWith('\ufeff')).toBe(true);
    expect(csvRows(japanese.text)).toEqual([
      ['行', '理由コード', '理由', '説明（英語）', 'phone', 'name', 'country'],
      ['1', 'RAGGED_ROW', '列の数がヘッダーと合いません', 'the row has 4 cells but the header has 3', '2125550171', 'Ann', 'US', 'extra'],
      // Formula-safe as the English one: a cell that would start a formula is written as text.
      ['2', 'INVALID_COUNTRY', '国が不明です', expect.stringContaining('"ナルニア" is not a country we know'), '2125550172', "'=cmd", 'ナルニア'],
    ]);
    await api.http().get(`/imports/${done.id}/rejections.csv?lang=fr`).set(auth(manager)).expect(400);
  });

  it('imports with an explicit mapping sent with the file: it replaces the suggestion, unmapped columns are custom fields', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US', dedupeScope: 'list' });
    const csv = ['Contact,Kunde,Vorname,Notiz,Ort', '(212) 555-0161,K-1,Ann,vip,NYC', '(212) 555-0161,K-2,Bob,,LA', '(212) 555-0162,K-1,Cid,x,SF'].join('\n');
    const mapping = JSON.stringify({ Contact: 'phone', Kunde: 'externalId', Vorname: 'firstName', Ort: 'region' });

    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).field('mapping', mapping).attach('file', Buffer.from(csv), 'crm.csv').expect(200);
    expect(preview.body).toMatchObject({ mapping: JSON.parse(mapping), counts: { rowsRead: 3, accepted: 3 } });
    expect(preview.body.suggestedMapping).not.toEqual(JSON.parse(mapping));

    const done = await importFile(api, manager, listId, csv, { mapping });
    expect(done).toMatchObject({ state: 'completed', mapping: JSON.parse(mapping), counts: { rowsRead: 3, accepted: 3, duplicates: 0 } });
    const leads = await (api.app.get(MikroORM).em.fork() as EntityManager).execute(
      `select phone, external_id, first_name, region, custom_fields from leads where import_id = ? order by import_row`,
      [done.id],
    );
    expect(leads).toEqual([
      { phone: '+12125550161', external_id: 'K-1', first_name: 'Ann', region: 'NYC', custom_fields: { Notiz: 'vip' } },
      { phone: '+12125550161', external_id: 'K-2', first_name: 'Bob', region: 'LA', custom_fields: {} },
      { phone: '+12125550162', external_id: 'K-1', first_name: 'Cid', region: 'SF', custom_fields: { Notiz: 'x' } },
    ]);
  });

  it('previews a first data row bigger than the 256 KiB sample as the import rejects it, not as "0 rows"', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = `name,phone,note\nBig,+1 212 555 0001,"${'x'.repeat(400_000)}"\nB,+1 212 555 0002,n\n`;
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'huge.csv').expect(200);
    expect(preview.body.rows).toEqual([expect.objectContaining({ row: 1, outcome: 'rejected', rejection: expect.objectContaining({ code: 'BROKEN_QUOTE', params: { column: 3, reason: 'ROW_TOO_LONG' } }) })]);
    expect(preview.body.warnings).toEqual([expect.objectContaining({ code: 'BROKEN_QUOTE', params: { row: 1, column: 3, reason: 'ROW_TOO_LONG' } })]);
    const done = await importFile(api, manager, listId, csv);
    const report = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(manager)).expect(200)).text);
    expect(report.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['1', 'BROKEN_QUOTE', preview.body.rows[0].rejection.message]]);
  });

  it('imports a Windows-1252 file from English Excel that opens with a sep=; line', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const file = encode('sep=;\r\nName;Phone;Note\r\nJosé Müller;+1 212 555 0181;Crème – 5 €\r\nFrançois;+1 212 555 0182;\r\n', 'windows-1252');
    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', file, 'leads.csv').expect(200);
    expect(preview.body).toMatchObject({ encoding: 'windows-1252', encodingSource: 'detected', delimiter: ';', header: ['Name', 'Phone', 'Note'] });
    const done = await importFile(api, manager, listId, file);
    expect(done).toMatchObject({ state: 'completed', encoding: 'windows-1252', counts: { rowsRead: 2, accepted: 2 } });
    const leads = await (api.app.get(MikroORM).em.fork() as EntityManager).execute(`select phone, custom_fields from leads where import_id = ? order by import_row`, [done.id]);
    expect(leads[0]).toEqual({ phone: '+12125550181', custom_fields: { full_name: 'José Müller', Note: 'Crème – 5 €' } });
  });

  it('refuses a file whose first line is 1 MB long (no header within the first 256 KiB), upload and preview alike', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = `phone,${'h'.repeat(1024 * 1024)}\n2125550171,x\n`;
    const uploaded = await upload(api, manager, listId, csv).expect(422);
    expect(uploaded.body).toMatchObject({ code: 'NOT_A_CSV', message: expect.stringMatching(/first line is longer than 256 KiB/) });
    const previewed = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'wide.csv').expect(422);
    expect(previewed.body).toMatchObject({ code: 'NOT_A_CSV' });
    expect(await readdir(uploads)).toEqual([]);
    expect(await leadsOf(listId)).toBe(0);
  });

  it('previews a large file from its first 256 KiB, answering without reading the rest of the body', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const boundary = '----preview-boundary';
    const bodyBytes = 64 * 1024 * 1024;
    const line = '2125550181,a row of a very large file\n';
    const chunk = Buffer.from(line.repeat(Math.floor((64 * 1024) / line.length)));
    let sent = 0;
    const body = Readable.from(
      (function* () {
        yield Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="encoding"\r\n\r\nutf-8\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\nphone,note\n`,
        );
        while (sent < bodyBytes) {
          sent += chunk.length;
          yield chunk;
        }
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
    const request = httpRequest(`${api.url}/lists/${listId}/imports/preview`, {
      method: 'POST',
      headers: { ...auth(manager), 'content-type': `multipart/form-data; boundary=${boundary}` }, // chunked: no length to refuse up front
    });
    request.on('error', () => undefined); // the api closes the connection once it has answered and dropped a little more
    body.pipe(request);
    const [response] = (await once(request, 'response')) as [import('node:http').IncomingMessage];
    let text = '';
    for await (const part of response) text += part;
    await once(request, 'close');
    body.destroy();

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ encoding: 'utf-8', header: ['phone', 'note'], counts: { rowsRead: 20, accepted: 1, duplicates: 19 } });
    expect(sent).toBeLessThan(bodyBytes / 2); // the sample, socket buffers and a little dropped after the answer
    await api.http().get(`/lists/${listId}`).set(auth(manager)).expect(200); // the api is fine
    expect(await readdir(uploads)).toEqual([]);
  });

  it('undoes an import whose leads have not been dialed', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const done = await importFile(api, manager, listId, 'phone\n2125550131\n2125550132\n');
    const undone = await api.http().post(`/imports/${done.id}/undo`).set(auth(manager)).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', removed: 2 });
    expect(await leadsOf(listId)).toBe(0);
    await api.http().post(`/imports/${done.id}/undo`).set(auth(manager)).expect(409, /IMPORT_NOT_UNDOABLE/);
    // The refused second undo changed nothing.
    expect((await api.http().get(`/imports/${done.id}`).set(auth(manager)).expect(200)).body).toMatchObject({ state: 'undone' });
    expect(await leadsOf(listId)).toBe(0);
  });

  it('undoes an import one of whose leads was erased at the person\'s request, never dialed (not "dialed already")', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const done = await importFile(api, manager, listId, 'phone\n2125550133\n2125550134\n');
    const compliance = await signInAs(api, 'compliance');
    await api.http().post(`/subjects/${encodeURIComponent('+12125550133')}/erase`).set(auth(compliance)).expect(200);
    const undone = await api.http().post(`/imports/${done.id}/undo`).set(auth(manager)).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', removed: 2 });
    expect(await leadsOf(listId)).toBe(0);
  });

  it('keeps lists and imports to managers and admins', async () => {
    const agent = await signInAs(api, 'agent');
    const name = `refused ${randomUUID()}`;
    await api.http().post('/lists').set(auth(agent)).send({ name, defaultCountry: 'US' }).expect(403);
    await api.http().post('/lists').set(auth(manager)).send({ name, defaultCountry: 'XX' }).expect(400, /defaultCountry/);
    await api.http().post('/lists').set(auth(manager)).send({ name, defaultCountry: 'US', dedupeScope: 'galaxy' }).expect(400, /dedupeScope/);
    // None of the refused requests created a list.
    const lists = await api.http().get('/lists').set(auth(manager)).expect(200);
    expect(lists.body.length).toBeGreaterThan(0);
    expect(lists.body.filter((list: { name: string }) => list.name === name)).toEqual([]);
    await api.http().get('/imports/00000000-0000-4000-8000-000000000000').set(auth(manager)).expect(404);
  });
});
