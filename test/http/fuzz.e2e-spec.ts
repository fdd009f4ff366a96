import fc from 'fast-check';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';
import {
  Body,
  bodyWithLeafAt,
  fieldPathsOf,
  hostileBody,
  hostileLeaf,
  OpenApiDocument,
  Operation,
  operationsOf,
  SWEEP_LEAVES,
  valueOf,
} from '../support/openapi-arbitraries';

/** Wall-clock budget for the generated requests (the setup comes on top). */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);
const RUNS_PER_OPERATION = 60;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface Sent {
  method: string;
  url: string;
  body?: string;
}

interface Failure extends Sent {
  status: number;
  answer: string;
}

/** Percent-encodes a path segment; half a surrogate pair goes as the bytes a careless client sends (not UTF-8). */
const encodeSegment = (value: string) =>
  Array.from(value, (char) => (/^[\ud800-\udfff]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');

const clip = (text: string | undefined, max = 300) => (text === undefined || text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`);

/**
 * Every route of the api's own OpenAPI document, against the real api and
 * database: bodies generated from the document's schemas, then bent (hostile
 * leaves, prototype keys, other JSON types, JSON thousands deep, NULs), path
 * and query parameters likewise. No answer may be a 5xx (issue 13, defect 8).
 * Reproduce a run with FUZZ_SEED=<seed printed on failure>.
 */
/**
 * A 503 the domain raised on purpose (a DomainError of kind `unavailable`, with
 * its code): a dependency is down, not a bug an input found. The fuzz runs
 * without the Twilio emulator, so the desk's emulated audio answers that.
 */
function dependencyDown(status: number, answer: string): boolean {
  if (status !== 503) return false;
  try {
    const code = (JSON.parse(answer) as { code?: unknown }).code;
    return typeof code === 'string' && code !== 'INTERNAL_ERROR';
  } catch {
    return false;
  }
}

describe('no 5xx from any input (e2e fuzzing, fast-check)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let operations: Operation[];
  let document: OpenApiDocument;
  const tokenFor = new Map<Operation, string | undefined>();
  const ids = new Map<string, string[]>();

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    const people: SignedIn[] = await Promise.all((['admin', 'manager', 'compliance', 'agent'] as const).map((role) => signInAs(api, role)));
    const [admin, manager] = people;
    const bearer = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
    // Things for the path parameters to name: a campaign, a list, and a user no token belongs to (the fuzz may deactivate it).
    const campaign = await api.http().post('/campaigns').set(bearer(manager!)).send({ name: 'Fuzzed', kind: 'telemarketing', dialingMode: 'preview', jurisdiction: 'US' }).expect(201);
    const list = await api.http().post('/lists').set(bearer(manager!)).send({ name: 'Fuzzed', defaultCountry: 'US' }).expect(201);
    const user = await api.http().post('/users').set(bearer(admin!)).send({ email: 'fuzzed@example.com', displayName: 'Fuzzed', password: 'fuzzed-password-1', role: 'agent' }).expect(201);
    ids.set('campaign', [campaign.body.id]);
    ids.set('list', [list.body.id]);
    ids.set('user', [user.body.id]);

    document = (await (await fetch(`${api.url}/docs-json`)).json()) as OpenApiDocument;
    operations = operationsOf(document);
    // Each route with the first role it lets in (else no token), so the fuzz reaches its validation and its service.
    for (const operation of operations) {
      const url = api.url + operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => idsFor(name)[0]!);
      let chosen: string | undefined;
      for (const person of people) {
        const response = await fetch(url, { method: operation.method.toUpperCase(), headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' }, body: operation.method === 'get' ? undefined : '{}' });
        await response.arrayBuffer();
        if (response.status !== 401 && response.status !== 403) {
          chosen = person.token;
          break;
        }
      }
      tokenFor.set(operation, chosen);
    }
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  function idsFor(name: string): string[] {
    if (/^(id|campaignId)$/.test(name)) return [...(ids.get('campaign') ?? []), ...(ids.get('list') ?? []), ...(ids.get('user') ?? [])];
    if (name === 'listId') return ids.get('list') ?? [];
    if (name === 'code') return ['SALE', 'DNC'];
    if (name === 'action') return ['start', 'pause', 'complete'];
    return ['00000000-0000-4000-8000-000000000000'];
  }

  /** A path or query value: a real one, one the schema allows, or a hostile one (sent percent-encoded). */
  function parameterValue(name: string, schema: Parameters<typeof valueOf>[0] | undefined): fc.Arbitrary<string> {
    const known = idsFor(name);
    return fc.oneof(
      { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.uuid() },
      { weight: 2, arbitrary: valueOf(schema ?? { type: 'string' }, document).map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '')) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileLeaf.map((leaf) => (typeof leaf === 'string' ? leaf : JSON.stringify(leaf) ?? 'null')) },
    );
  }

  function requestOf(operation: Operation): fc.Arbitrary<Sent> {
    const pathParameters = operation.parameters.filter((p) => p.in === 'path');
    const queryParameters = operation.parameters.filter((p) => p.in === 'query');
    const path = fc.tuple(...pathParameters.map((p) => parameterValue(p.name, p.schema))).map((values) =>
      values.reduce((built, value, i) => built.replace(`{${pathParameters[i]!.name}}`, encodeSegment(value)), operation.path),
    );
    const query = fc
      .tuple(...queryParameters.map((p) => fc.option(parameterValue(p.name, p.schema), { nil: undefined })), fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'x'), hostileLeaf.map(String)), { nil: undefined }))
      .map((values) => {
        const search = new URLSearchParams();
        queryParameters.forEach((p, i) => values[i] !== undefined && search.append(p.name, values[i] as string));
        const extra = values[queryParameters.length] as [string, string] | undefined;
        if (extra) search.append(`${extra[0]}[a]`, extra[1]);
        const text = search.toString();
        return text ? `?${text}` : '';
      });
    const valid = operation.body ? valueOf(operation.body, document) : fc.constant({});
    const body: fc.Arbitrary<Body | undefined> =
      operation.method === 'get' || operation.method === 'delete'
        ? fc.constant(undefined)
        : fc.oneof({ weight: 1, arbitrary: valid.map((json): Body => ({ json })) }, { weight: 3, arbitrary: hostileBody(valid) });
    return fc.tuple(path, query, body).map(([p, q, b]) => ({
      method: operation.method.toUpperCase(),
      url: `${p}${q}`,
      body: b === undefined ? undefined : 'text' in b ? b.text : JSON.stringify(b.json),
    }));
  }

  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;

  async function send(operation: Operation, request: Sent): Promise<void> {
    const token = tokenFor.get(operation);
    const response = await fetch(api.url + request.url, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: request.body,
    });
    const answer = await response.text();
    sent++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500 && !dependencyDown(response.status, answer)) {
      failures.push({ ...request, body: clip(request.body), status: response.status, answer: clip(answer)! });
    }
  }

  it('answers every field of every body set to null, a NUL, a lone surrogate or the wrong type without a 5xx', async () => {
    for (const operation of operations.filter((o) => o.body !== null)) {
      const url = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => idsFor(name)[0]!);
      for (const path of fieldPathsOf(operation.body!, document)) {
        for (const leaf of SWEEP_LEAVES) {
          await send(operation, { method: operation.method.toUpperCase(), url, body: JSON.stringify(bodyWithLeafAt(path, leaf)) });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every generated and hostile request without a 5xx', async () => {
    failures.length = 0;
    const deadline = Date.now() + BUDGET_MS;
    for (const [done, operation] of operations.entries()) {
      // The time left, shared by the operations left: a slow route does not starve the rest; each gets a few at least.
      const until = Date.now() + (deadline - Date.now()) / (operations.length - done);
      const requests = fc.sample(requestOf(operation), { numRuns: RUNS_PER_OPERATION, seed: SEED + done });
      for (const [i, request] of requests.entries()) {
        if (i >= 3 && Date.now() > until) break;
        await send(operation, request);
      }
    }
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`fuzz: ${sent} requests over ${operations.length} operations, seed ${SEED}, statuses ${JSON.stringify([...statuses].sort())}\n`);
    // Some of each: the budget did not starve the routes, and some bodies were good enough to be acted on.
    expect(sent).toBeGreaterThanOrEqual(operations.length * 5);
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
  });
});
