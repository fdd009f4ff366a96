import { encode } from 'iconv-lite';
import { createTestContext, query, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';
import { auth } from './lead-import-helpers';

/**
 * The previews of DNC and consent files (what the import wizard shows before
 * an import): the start of the file read by the import's own rules, nothing stored.
 */
describe('DNC and consent file previews (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let compliance: SignedIn;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    compliance = await signInAs(api, 'compliance');
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const preview = (path: string, file: Buffer, fields: Record<string, string>, user = compliance) => {
    const request = api.http().post(path).set(auth(user));
    for (const [name, value] of Object.entries(fields)) request.field(name, value);
    return request.attach('file', file, 'list.csv');
  };

  it('previews a DNC list whose number column it does not recognise with its columns to choose from, not a refusal', async () => {
    const file = Buffer.from('氏名,番号\n山田,03-1234-5678\n');
    const answer = await preview('/dnc/imports/preview', file, { country: 'JP', scope: 'global' }).expect(200);
    expect(answer.body).toMatchObject({
      columns: ['氏名', '番号'],
      rows: [{ row: 1, cells: ['山田', '03-1234-5678'], outcome: 'unmapped' }],
      problems: [{ code: 'NO_PHONE_COLUMN', params: { columns: ['氏名', '番号'] } }],
    });
    const mapped = await preview('/dnc/imports/preview', file, { country: 'JP', scope: 'global', mapping: JSON.stringify({ 番号: 'phone' }) }).expect(200);
    expect(mapped.body).toMatchObject({ problems: [], rows: [{ outcome: 'entry', entry: { phone: '+81312345678' } }] });
  });

    it('reads a Shift_JIS DNC list: its encoding detected, each number as the entry it would be, a bad one with its reason', async () => {
    const file = encode(['氏名,電話番号', '山田太郎,03-1234-5678', '鈴木一郎,1234'].join('\r\n'), 'cp932');
    const answer = await preview('/dnc/imports/preview', file, { country: 'JP', scope: 'global' }).expect(200);
    expect(answer.body).toMatchObject({ encoding: 'shift_jis', encodingSource: 'detected', header: ['氏名', '電話番号'], mapping: { 電話番号: 'phone' } });
    expect(answer.body.rows).toEqual([
      { row: 1, cells: ['山田太郎', '03-1234-5678'], outcome: 'entry', entry: { phone: '+81312345678', phoneType: 'fixed_line' } },
      { row: 2, cells: ['鈴木一郎', '1234'], outcome: 'rejected', rejection: { code: 'INVALID_PHONE', message: expect.stringContaining('1234') } },
    ]);
    expect(answer.body.counts).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
    // A chosen mapping is the one used: the name column taken for the number rejects every row.
    const remapped = await preview('/dnc/imports/preview', file, { country: 'JP', mapping: JSON.stringify({ 氏名: 'phone' }) }).expect(200);
    expect(remapped.body.rows.map((row: { outcome: string }) => row.outcome)).toEqual(['rejected', 'rejected']);
    expect(await query(api.app, `select count(*)::int as n from dnc_entries`)).toEqual([{ n: 0 }]);
    expect(await query(api.app, `select count(*)::int as n from import_jobs`)).toEqual([{ n: 0 }]);
  });

  it('reads a registry extract (bare numbers, no header) and names a country it does not know', async () => {
    const answer = await preview('/dnc/imports/preview', Buffer.from('2125550100\n2125550101\n'), { country: 'US', source: 'registry' }).expect(200);
    expect(answer.body).toMatchObject({ hasHeader: false, columns: ['column 1'], mapping: { 'column 1': 'phone' } });
    expect(answer.body.rows.map((row: { entry?: { phone: string } }) => row.entry?.phone)).toEqual(['+12125550100', '+12125550101']);
    const refused = await preview('/dnc/imports/preview', Buffer.from('2125550100\n'), { country: 'XX' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'country', messages: ['XX is not a country we know numbers of'], rules: ['UNKNOWN_COUNTRY'] }] } });
  });

  it('checks a consent list’s cells as its import does, and refuses one without the consent columns, naming them', async () => {
    const file = Buffer.from(
      ['phone,type,granted at,source', '(415) 555-0142,marketing_calls,2026-11-02T10:00:00Z,web form', '(415) 555-0143,marketing_calls,2099-01-01T00:00:00Z,web form'].join('\n'),
    );
    const answer = await preview('/consents/imports/preview', file, { country: 'US' }).expect(200);
    expect(answer.body.rows[0]).toMatchObject({ outcome: 'entry', entry: { phone: '+14155550142' } });
    expect(answer.body.rows[1]).toMatchObject({ outcome: 'rejected', rejection: { code: 'INVALID_CONSENT' } });
    const missing = await preview('/consents/imports/preview', Buffer.from('phone\n4155550142\n'), { country: 'US' }).expect(422);
    expect(missing.body).toMatchObject({ code: 'CONSENT_COLUMNS_MISSING', details: { missing: ['type', 'grantedAt', 'source'] } });
    // Compliance's routes: a manager may not read them.
    const manager = await signInAs(api, 'manager');
    await preview('/consents/imports/preview', file, { country: 'US' }, manager).expect(403);
  });
});
