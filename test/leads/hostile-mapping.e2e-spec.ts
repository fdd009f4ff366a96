import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { RunningApi, SignedIn, signInAs } from '../support/apps';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';
import { auth, createList, importFile, upload } from './lead-import-helpers';

/**
 * Column names that are also Object.prototype's members, through the real
 * api and worker: in the file's header and as keys of the `mapping` JSON,
 * they map like any other name, and a wrong one is a 4xx naming it.
 */
describe('lead import with column names like constructor and __proto__ (e2e)', () => {
  const HOSTILE = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];
  let stack: StackWithUploads;
  let api: RunningApi;
  let manager: SignedIn;

  beforeAll(async () => {
    stack = await startStackWithUploads('e2e-uploads-');
    ({ api } = stack);
    manager = await signInAs(api, 'manager');
  });

  afterAll(() => stack?.close());

  const leadsOf = (importId: string) =>
    (api.app.get(MikroORM).em.fork() as EntityManager).execute<{ phone: string; first_name: string | null; email: string | null; custom_fields: object }[]>(
      `select phone, first_name, email, custom_fields from leads where import_id = ? order by import_row`,
      [importId],
    );

  it('keeps columns named constructor, toString, hasOwnProperty and __proto__ as custom fields when the mapping is suggested', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = [`phone,${HOSTILE.join(',')}`, '(212) 555-0171,a,b,c,d'].join('\n');

    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).attach('file', Buffer.from(csv), 'odd.csv').expect(200);
    expect(preview.body).toMatchObject({ header: ['phone', ...HOSTILE], mapping: { phone: 'phone' }, counts: { accepted: 1 } });

    const done = await importFile(api, manager, listId, csv);
    expect(done).toMatchObject({ state: 'completed', counts: { rowsRead: 1, accepted: 1 } });
    const [lead] = await leadsOf(done.id);
    expect(Object.entries(lead.custom_fields)).toEqual([
      ['toString', 'b'],
      ['__proto__', 'd'],
      ['constructor', 'a'],
      ['hasOwnProperty', 'c'],
    ]);
  });

  it('maps columns named like Object.prototype members through an explicit mapping, none dropped', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = [HOSTILE.join(','), '(212) 555-0172,Ann,ann@example.com,vip'].join('\n');
    // JSON.parse makes "__proto__" an own key, as a client sending this mapping means it.
    const mapping = JSON.stringify({ constructor: 'phone', toString: 'firstName', hasOwnProperty: 'email' });

    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).field('mapping', mapping).attach('file', Buffer.from(csv), 'odd.csv').expect(200);
    expect(preview.body.mapping).toEqual(JSON.parse(mapping));
    expect(preview.body.rows[0]).toMatchObject({ outcome: 'lead', lead: { phone: '+12125550172' } });

    const done = await importFile(api, manager, listId, csv, { mapping });
    expect(done).toMatchObject({ state: 'completed', mapping: JSON.parse(mapping), counts: { rowsRead: 1, accepted: 1 } });
    expect(await leadsOf(done.id)).toEqual([{ phone: '+12125550172', first_name: 'Ann', email: 'ann@example.com', custom_fields: { ['__proto__']: 'vip' } }]);

    const withProto = `{"__proto__": "phone"}`;
    const csvProto = ['__proto__,name', '(212) 555-0173,Bob'].join('\n');
    const protoDone = await importFile(api, manager, listId, csvProto, { mapping: withProto });
    expect(protoDone).toMatchObject({ state: 'completed', counts: { accepted: 1 } });
    expect(Object.keys(protoDone.mapping as object)).toEqual(['__proto__']);
    expect((await leadsOf(protoDone.id))[0]).toMatchObject({ phone: '+12125550173' });
  });

  it.each(HOSTILE)('answers 4xx naming a mapping key %s that is not a column, or a field name that is not a field', async (key) => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const csv = ['phone,name', '(212) 555-0174,Cid'].join('\n');

    const unknownColumn = await upload(api, manager, listId, csv, { mapping: `{"phone": "phone", ${JSON.stringify(key)}: "firstName"}` });
    expect(unknownColumn.status).toBe(400);
    expect(JSON.stringify(unknownColumn.body)).toContain(`column \\"${key}\\" is not in the file`);

    const unknownField = await upload(api, manager, listId, csv, { mapping: `{"phone": ${JSON.stringify(key)}}` });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toContain(`\\"${key}\\" is not a field`);

    const preview = await api.http().post(`/lists/${listId}/imports/preview`).set(auth(manager)).field('mapping', `{${JSON.stringify(key)}: "phone"}`).attach('file', Buffer.from(csv), 'odd.csv');
    expect(preview.status).toBe(400);
    expect(JSON.stringify(preview.body)).toContain(key);
  });

  it('answers 400 for a multipart field named like an Object.prototype member, naming it', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    for (const key of HOSTILE) {
      const response = await upload(api, manager, listId, 'phone\n(212) 555-0175\n', { [key]: 'x' });
      expect({ key, status: response.status }).toEqual({ key, status: 400 });
      expect(JSON.stringify(response.body)).toContain(key);
    }
  });
});
