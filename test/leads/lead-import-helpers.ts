import Papa from 'papaparse';
import { RunningApi, SignedIn } from '../support/apps';
import { pollUntil } from '../support/poll';

export interface ImportBody {
  id: string;
  state: string;
  counts: { rowsRead: number; accepted: number; rejected: number; duplicates: number; dncFlagged: number; noTimezone: number };
  error: { code: string; message: string } | null;
  [key: string]: unknown;
}

export const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });

export async function createList(api: RunningApi, user: SignedIn, body: Record<string, unknown>): Promise<string> {
  const response = await api.http().post('/lists').set(auth(user)).send({ name: 'e2e list', ...body }).expect(201);
  return response.body.id as string;
}

/** Uploads a file to a list and returns the api's answer (not awaiting the import). */
export function upload(api: RunningApi, user: SignedIn, listId: string, content: Buffer | string, fields: Record<string, string> = {}, name = 'leads.csv') {
  let request = api.http().post(`/lists/${listId}/imports`).set(auth(user));
  for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
  return request.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);
}

export async function waitForImport(api: RunningApi, user: SignedIn, id: string): Promise<ImportBody> {
  return pollUntil(
    async () => (await api.http().get(`/imports/${id}`).set(auth(user))).body as ImportBody,
    (body) => ['completed', 'failed', 'undone'].includes(body.state),
  );
}

/** Upload, expect 202, wait until the worker is done with it. */
export async function importFile(
  api: RunningApi,
  user: SignedIn,
  listId: string,
  content: Buffer | string,
  fields: Record<string, string> = {},
): Promise<ImportBody> {
  const accepted = await upload(api, user, listId, content, fields).expect(202);
  expect(accepted.body).toMatchObject({ state: 'queued' });
  return waitForImport(api, user, accepted.body.id as string);
}

/** A CSV as the rejection report serves it, parsed back into rows. */
export function csvRows(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
}
