import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { RunningApi, SignedIn, signInAs } from '../support/apps';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';
import { auth, createList, csvRows, ImportBody, importFile, waitForImport } from './lead-import-helpers';

/** Do-not-call lists: loaded through the same pipeline (registry extracts are just numbers), and single numbers. */
describe('do-not-call lists (e2e)', () => {
  let stack: StackWithUploads;
  let api: RunningApi;
  let compliance: SignedIn;
  let manager: SignedIn;

  beforeAll(async () => {
    stack = await startStackWithUploads('e2e-dnc-');
    ({ api } = stack);
    compliance = await signInAs(api, 'compliance');
    manager = await signInAs(api, 'manager');
  });

  afterAll(() => stack?.close());

  const uploadDnc = async (content: string, fields: Record<string, string>) => {
    let request = api.http().post('/dnc/imports').set(auth(compliance));
    for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
    const accepted = await request.attach('file', Buffer.from(content), 'registry.txt').expect(202);
    return waitForImport(api, compliance, accepted.body.id as string);
  };

  it('loads a registry extract of bare numbers, then scrubs a lead import against it', async () => {
    const extract = ['2125550201', '212-555-0202', '2125550201', 'not a number', ''].join('\n');
    const loaded: ImportBody = await uploadDnc(extract, { country: 'US', source: 'registry' });
    expect(loaded).toMatchObject({ state: 'completed', target: 'dnc', hasHeader: false, counts: { accepted: 2, duplicates: 1, rejected: 1 } });
    const report = csvRows((await api.http().get(`/imports/${loaded.id}/rejections.csv`).set(auth(compliance)).expect(200)).text);
    expect(report.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['3', 'DUPLICATE'],
      ['4', 'INVALID_PHONE'],
    ]);

    const again = await uploadDnc('2125550201\n2125550203\n', { country: 'US', source: 'registry' });
    expect(again.counts).toMatchObject({ accepted: 1, duplicates: 1 });

    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const leads = await importFile(api, manager, listId, 'phone,name\n(212) 555-0201,A\n(212) 555-0204,B\n');
    expect(leads.counts).toMatchObject({ accepted: 2, dncFlagged: 1 });
    const [blocked] = await sql().execute(`select status, blocked_reason from leads where import_id = ? and import_row = 1`, [leads.id]);
    expect(blocked).toEqual({ status: 'blocked', blocked_reason: 'dnc' });
  });

  it('blocks the undialed leads already imported that a DNC list loaded later covers; undoing it unblocks them', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const leads = await importFile(api, manager, listId, 'phone\n2125550251\n2125550252\n');
    const loaded = await uploadDnc('2125550252\n', { country: 'US' });
    expect(loaded.counts).toMatchObject({ accepted: 1, dncFlagged: 1 });
    const statuses = () => sql().execute(`select import_row, status, blocked_reason from leads where import_id = ? order by import_row`, [leads.id]);
    expect(await statuses()).toEqual([
      { import_row: 1, status: 'new', blocked_reason: null },
      { import_row: 2, status: 'blocked', blocked_reason: 'dnc' },
    ]);
    const undone = await api.http().post(`/imports/${loaded.id}/undo`).set(auth(compliance)).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', removed: 1, leadsUnflagged: 1 });
    expect((await statuses())[1]).toEqual({ import_row: 2, status: 'new', blocked_reason: null });
  });

  it('applies a campaign or product DNC list only to lists of campaigns it concerns', async () => {
    const [{ id: campaignId }] = await sql().execute(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('c', 'collections', 'preview', 'JP') returning id`,
    );
    const loaded = await uploadDnc('電話番号\n090-1111-2222\n', { country: 'JP', scope: 'campaign', campaignId });
    expect(loaded.counts.accepted).toBe(1);

    const inCampaign = await createList(api, manager, { defaultCountry: 'JP' });
    const elsewhere = await createList(api, manager, { defaultCountry: 'JP' });
    await sql().execute(`insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [campaignId, inCampaign]);
    expect((await importFile(api, manager, inCampaign, '電話番号\n09011112222\n')).counts.dncFlagged).toBe(1);
    expect((await importFile(api, manager, elsewhere, '電話番号\n09011112222\n')).counts.dncFlagged).toBe(0);

    // A product list (JP: a refusal bars the product for good) reaches every campaign selling it.
    await sql().execute(`update campaigns set settings = settings || '{"product":"光回線"}' where id = ?`, [campaignId]);
    const product = await uploadDnc('09033334444\n', { country: 'JP', scope: 'product', product: '光回線' });
    expect(product.counts.accepted).toBe(1);
    expect((await importFile(api, manager, inCampaign, '電話番号\n09033334444\n')).counts.dncFlagged).toBe(1);
    expect((await importFile(api, manager, elsewhere, '電話番号\n09033334444\n')).counts.dncFlagged).toBe(0);
  });

  it('adds, finds and removes single numbers, each change audited', async () => {
    const added = await api.http().post('/dnc').set(auth(compliance)).send({ phone: '03-9999-0000', country: 'JP', scope: 'global', reason: 'letter' }).expect(201);
    expect(added.body).toMatchObject({ created: true, entry: { phone: '+81399990000', scope: 'global', source: 'manual' } });
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+81399990000', scope: 'global' }).expect(201, /"created":false/);

    const found = await api.http().get('/dnc').query({ phone: '03-9999-0000', country: 'JP' }).set(auth(compliance)).expect(200);
    expect(found.body.entries).toHaveLength(1);
    await api.http().delete('/dnc/+81399990000').query({ scope: 'global', reason: 'registered in error' }).set(auth(compliance)).expect(200, /"removed":1/);
    expect((await api.http().get('/dnc').query({ phone: '+81399990000' }).set(auth(compliance)).expect(200)).body.entries).toEqual([]);

    const audit = await sql().execute<{ action: string }[]>(`select action from audit_log where entity_type = 'dnc_entry' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['dnc.added', 'dnc.requested_again', 'dnc.removed']);
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '12', scope: 'global' }).expect(400, /phone/);
    await api.http().post('/dnc').set(auth(manager)).send({ phone: '+81399990000', scope: 'global' }).expect(403);
  });

  it('adds a number written with its extension, 内線 as ext., by the number alone', async () => {
    for (const phone of ['03-2222-1111 内線 5', '03-2222-1111（内線12）', '03-2222-1111 ext.12']) {
      const added = await api.http().post('/dnc').set(auth(compliance)).send({ phone, country: 'JP', scope: 'global' }).expect(201);
      expect(added.body).toMatchObject({ entry: { phone: '+81322221111', scope: 'global' } });
    }
  });

  it('keeps a number on DNC, and its leads blocked, when it was added again after an import that is then undone', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const leads = await importFile(api, manager, listId, 'phone\n2125550261\n2125550262\n');
    const loaded = await uploadDnc('2125550261\n2125550262\n', { country: 'US' });
    expect(loaded.counts).toMatchObject({ accepted: 2, dncFlagged: 2 });
    // Later, the callee of the first number asks not to be called: the entry now stands on that request.
    const added = await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+12125550261', scope: 'global', reason: 'asked by phone' }).expect(201);
    expect(added.body).toMatchObject({ created: false, entry: { source: 'manual', reason: 'asked by phone' } });

    const undone = await api.http().post(`/imports/${loaded.id}/undo`).set(auth(compliance)).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', removed: 1, leadsUnflagged: 1 });
    const entries = (await api.http().get('/dnc').query({ phone: '+12125550261' }).set(auth(compliance)).expect(200)).body.entries;
    expect(entries).toEqual([expect.objectContaining({ scope: 'global', source: 'manual' })]);
    expect(await sql().execute(`select import_row, status, blocked_reason from leads where import_id = ? order by import_row`, [leads.id])).toEqual([
      { import_row: 1, status: 'blocked', blocked_reason: 'dnc' },
      { import_row: 2, status: 'new', blocked_reason: null },
    ]);
  });

  it('blocks the waiting leads of a number put on the list by hand', async () => {
    const first = await importFile(api, manager, await createList(api, manager, { defaultCountry: 'US' }), 'phone\n2125550271\n2125550272\n');
    const second = await importFile(api, manager, await createList(api, manager, { defaultCountry: 'US' }), 'phone\n2125550271\n');
    await sql().execute(`update leads set status = 'callback', next_attempt_at = now() + interval '1 day' where import_id = ?`, [second.id]);
    const added = await api.http().post('/dnc').set(auth(compliance)).send({ phone: '(212) 555-0271', country: 'US', scope: 'global' }).expect(201);
    expect(added.body).toMatchObject({ created: true, leadsBlocked: 2 });
    const leads = await sql().execute(
      `select phone, status, blocked_reason, skip_code, next_attempt_at from leads where import_id in (?, ?) order by import_id = ?, import_row`,
      [first.id, second.id, second.id],
    );
    expect(leads).toEqual([
      { phone: '+12125550271', status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC', next_attempt_at: null },
      { phone: '+12125550272', status: 'new', blocked_reason: null, skip_code: null, next_attempt_at: null },
      { phone: '+12125550271', status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC', next_attempt_at: null }, // a booked callback, cancelled
    ]);
  });

  const sql = () => api.app.get(MikroORM).em.fork() as EntityManager;
});
