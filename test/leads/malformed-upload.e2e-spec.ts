import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { RunningApi, SignedIn, signInAs } from '../support/apps';
import { pollUntil } from '../support/poll';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';
import { auth, createList } from './lead-import-helpers';

const BOUNDARY = 'xx-malformed';
const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (name = 'file') => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`;

/**
 * Multipart bodies no browser sends, through the real api: cut short, cut off
 * mid-file, with a field twice, a second file, a NUL, a field over its limit.
 * Each is a 400 naming what is wrong; the api lives on and keeps no file.
 */
describe('malformed multipart uploads (e2e)', () => {
  let stack: StackWithUploads;
  let api: RunningApi;
  let manager: SignedIn;
  let compliance: SignedIn;
  let listId: string;

  beforeAll(async () => {
    stack = await startStackWithUploads('e2e-malformed-');
    ({ api } = stack);
    manager = await signInAs(api, 'manager');
    compliance = await signInAs(api, 'compliance');
    listId = await createList(api, manager, { defaultCountry: 'US' });
  });

  afterAll(() => stack?.close());

  /** POSTs `body` as it is (its length declared), answering status and parsed JSON. */
  async function postRaw(path: string, user: SignedIn, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const request = httpRequest(`${api.url}${path}`, {
      method: 'POST',
      headers: { ...auth(user), 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': Buffer.byteLength(body) },
    });
    request.end(body);
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    let text = '';
    for await (const chunk of response) text += chunk;
    return { status: response.statusCode!, body: JSON.parse(text) as Record<string, unknown> };
  }

  const apiIsAlive = () => api.http().get(`/lists/${listId}`).set(auth(manager)).expect(200);

  describe('a body cut short (no closing boundary): 400 UPLOAD_MALFORMED, no file kept, the api lives on', () => {
    const routes = (): [string, string, SignedIn, string][] => [
      ['lead import', `/lists/${listId}/imports`, manager, ''],
      ['lead import preview', `/lists/${listId}/imports/preview`, manager, ''],
      ['DNC import', '/dnc/imports', compliance, fieldPart('country', 'US')],
      ['DNC import preview', '/dnc/imports/preview', compliance, fieldPart('country', 'US')],
      ['consent import', '/consents/imports', compliance, fieldPart('country', 'US')],
      ['consent import preview', '/consents/imports/preview', compliance, fieldPart('country', 'US')],
    ];

    it.each([0, 1, 2, 3, 4, 5])('route %#', async (index) => {
      const [, path, user, fields] = routes()[index];
      for (const body of [`${fields}${fileHead()}phone\n212`, `${fields}${fileHead()}`, `${fields}${fileHead().slice(0, 40)}`, fields.slice(0, 20) || '--xx']) {
        const response = await postRaw(path, user, body);
        expect(response).toMatchObject({ status: 400, body: { code: 'UPLOAD_MALFORMED', message: expect.stringMatching(/could not be read/) } });
        expect(await readdir(stack.uploads)).toEqual([]);
      }
      await apiIsAlive();
    });
  });

  it('removes the partial file when the client goes away mid-file, and lives on', async () => {
    const request = httpRequest(`${api.url}/lists/${listId}/imports`, {
      method: 'POST',
      headers: { ...auth(manager), 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': 10_000_000 },
    });
    request.on('error', () => undefined); // the client itself hangs up
    request.write(`${fileHead()}phone\n${'2125550100\n'.repeat(10_000)}`);
    await pollUntil(
      () => readdir(stack.uploads),
      (files) => files.length === 1,
    );
    request.destroy();
    await pollUntil(
      () => readdir(stack.uploads),
      (files) => files.length === 0,
    );
    await apiIsAlive();
  });

  it('refuses a NUL in a text field of the form, naming the field (400, nothing stored)', async () => {
    const csv = Buffer.from('phone\n2125550100\n');
    for (const path of ['/dnc/imports', '/dnc/imports/preview']) {
      const response = await api
        .http()
        .post(path)
        .set(auth(compliance))
        .field('country', 'US')
        .field('scope', 'product')
        .field('product', 'loans\u0000x')
        .attach('file', csv, 'dnc.csv')
        .expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'product', messages: ['product must not contain a NUL character (\\u0000)'] }] } });
    }
    expect(await readdir(stack.uploads)).toEqual([]);
  });

  it('refuses two files, or a file in another field, naming the field, rather than dropping one', async () => {
    for (const path of [`/lists/${listId}/imports`, `/lists/${listId}/imports/preview`]) {
      const two = await api.http().post(path).set(auth(manager)).attach('file', Buffer.from('phone\n2125550101\n'), 'a.csv').attach('file', Buffer.from('phone\n2125550102\n'), 'b.csv').expect(400);
      expect(two.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'file', messages: ['send one file only, in the field "file"'] }] } });
      const other = await api.http().post(path).set(auth(manager)).attach('file', Buffer.from('phone\n2125550101\n'), 'a.csv').attach('extra', Buffer.from('x'), 'x.csv').expect(400);
      expect(other.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'extra', messages: [expect.stringMatching(/not a file field/)] }] } });
    }
    const many = await postRaw(`/lists/${listId}/imports`, manager, `${[1, 2, 3, 4, 5, 6].map(() => `${fileHead()}phone\n2125550101\r\n`).join('')}--${BOUNDARY}--\r\n`);
    expect(many).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'file', messages: ['send one file only, in the field "file"'] }] } } });
    expect(await readdir(stack.uploads)).toEqual([]);
    expect((await api.http().get(`/lists/${listId}/imports`).set(auth(manager)).expect(200)).body).toEqual([]);
  });

  it('refuses a field sent twice (the last no longer wins silently)', async () => {
    const csv = Buffer.from('phone\n2125550100\n');
    const twice = await api.http().post(`/lists/${listId}/imports`).set(auth(manager)).field('encoding', 'utf-8').field('encoding', 'shift_jis').attach('file', csv, 'a.csv').expect(400);
    expect(twice.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'encoding', messages: ['encoding was sent more than once; send it once'] }] } });
    expect(await readdir(stack.uploads)).toEqual([]);
  });

  it('says a field over its size limit is too large, naming it and the limit, not that it is not JSON', async () => {
    const mapping = JSON.stringify({ phone: 'phone', ...Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`column${i}`, 'firstName'])) });
    expect(mapping.length).toBeGreaterThan(1_000_000);
    for (const path of [`/lists/${listId}/imports`, `/lists/${listId}/imports/preview`]) {
      const response = await api.http().post(path).set(auth(manager)).field('mapping', mapping).attach('file', Buffer.from('phone\n2125550100\n'), 'a.csv').expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'mapping', messages: ['mapping is larger than the 256 KiB a field may hold'] }] } });
    }
    expect(await readdir(stack.uploads)).toEqual([]);
  });
});
