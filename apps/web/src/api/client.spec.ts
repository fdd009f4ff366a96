/**
 * @jest-environment node
 */
import { ApiError, createApiClient, unwrap } from './client';

/** A fetch that records the request and answers as the api would. */
function fakeApi(status: number, body: unknown) {
  const seen: Request[] = [];
  const fetcher = async (input: Request) => {
    seen.push(input);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetch: fetcher as unknown as typeof fetch };
}

describe('the typed api client', () => {
  it('sends the signed-in user’s token and the typed body to the route, and returns the typed answer', async () => {
    const api = fakeApi(200, { attemptId: 'a-1' });
    let token: string | null = 'tok-1';
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => token, fetch: api.fetch });
    const answer = await unwrap(client.POST('/agent/dial', { body: { leadId: '0196a1b2-0000-7000-8000-000000000001' } }));
    expect(answer.attemptId).toBe('a-1');
    expect(api.seen[0].url).toBe('http://api.test/agent/dial');
    expect(api.seen[0].headers.get('authorization')).toBe('Bearer tok-1');
    expect(await api.seen[0].json()).toEqual({ leadId: '0196a1b2-0000-7000-8000-000000000001' });
    token = null;
    await unwrap(client.GET('/agent/campaigns'));
    expect(api.seen[1].headers.get('authorization')).toBeNull();
  });

  it('fills path parameters', async () => {
    const api = fakeApi(200, { attemptId: 'a-2', code: 'SALE', settlement: 'settled' });
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => null, fetch: api.fetch });
    await unwrap(client.POST('/agent/calls/{attemptId}/disposition', { params: { path: { attemptId: 'a-2' } }, body: { code: 'SALE' } }));
    expect(api.seen[0].url).toBe('http://api.test/agent/calls/a-2/disposition');
  });

  it('turns a refusal into an ApiError with the server’s code, message and fields', async () => {
    const api = fakeApi(422, { statusCode: 422, code: 'LEAD_NOT_DIALABLE', message: 'Not dialable now: outside calling hours', details: [{ field: 'leadId', messages: ['closed'] }] });
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => 't', fetch: api.fetch });
    const failure = await unwrap(client.POST('/agent/dial', { body: { leadId: 'x' } })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 422, code: 'LEAD_NOT_DIALABLE', fields: [{ field: 'leadId', messages: ['closed'] }] });
    expect((failure as ApiError).message).toBe('Not dialable now: outside calling hours (leadId: closed)');
  });

  it('keeps the refusal’s other details, such as the gate’s reason code', async () => {
    const api = fakeApi(422, { statusCode: 422, code: 'LEAD_NOT_DIALABLE', message: 'Not dialable now: on a do-not-call list', details: { reasonCode: 'ON_DNC', retryAt: null } });
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => 't', fetch: api.fetch });
    const failure = await unwrap(client.POST('/agent/dial', { body: { leadId: 'x' } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'LEAD_NOT_DIALABLE', details: { reasonCode: 'ON_DNC', retryAt: null } });
  });

  it('reads the fields of a validation failure as the api sends them (details.fields)', async () => {
    const fields = [{ field: 'settings.callerIds.numbers', messages: ['each caller id must be an E.164 phone number'] }];
    const api = fakeApi(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'settings.callerIds.numbers: each caller id must be an E.164 phone number', details: { fields } });
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => 't', fetch: api.fetch });
    const failure = await unwrap(client.PATCH('/campaigns/{id}', { params: { path: { id: 'c' } }, body: {} })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'settings.callerIds.numbers: each caller id must be an E.164 phone number', fields });
  });

  it('gives the problems of a domain refusal as fields, so each shows beside its field', async () => {
    const problems = [
      { field: 'lists', code: 'NO_LISTS', message: 'Attach at least one lead list' },
      { field: 'settings.callerIds.numbers', code: 'NO_CALLER_ID', message: 'Add at least one caller id' },
      { field: 'lists', code: 'OTHER', message: 'Another' },
      { field: 'settings.ringTimeoutSec', code: 'RING_TOO_SHORT', message: 'Ring at least 15 s before giving up (US rule)', params: { seconds: 15, profile: 'US' } },
    ];
    const api = fakeApi(422, { statusCode: 422, code: 'CAMPAIGN_NOT_READY', message: 'The campaign cannot dial yet: …', details: { problems, warnings: [] } });
    const client = createApiClient({ baseUrl: 'http://api.test', getToken: () => 't', fetch: api.fetch });
    const failure = await unwrap(client.POST('/campaigns/{id}/{action}', { params: { path: { id: 'c', action: 'start' } } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'CAMPAIGN_NOT_READY',
      message: 'The campaign cannot dial yet: …',
      fields: [
        { field: 'lists', messages: ['Attach at least one lead list', 'Another'] },
        { field: 'settings.callerIds.numbers', messages: ['Add at least one caller id'] },
        // A problem's figures travel with its rule, so its sentence keeps them in another language.
        { field: 'settings.ringTimeoutSec', messages: ['Ring at least 15 s before giving up (US rule)'], rules: ['RING_TOO_SHORT'], params: [{ seconds: 15, profile: 'US' }] },
      ],
    });
  });

  it('reports a refused token (401 to a signed request) so the session can end, but not a failed sign-in', async () => {
    let ended = 0;
    const refused = fakeApi(401, { statusCode: 401, code: 'UNAUTHORIZED', message: 'Unauthorized' });
    const signed = createApiClient({ baseUrl: 'http://api.test', getToken: () => 'expired', fetch: refused.fetch, onUnauthorized: () => ended++ });
    await expect(unwrap(signed.GET('/lists'))).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    const anonymous = createApiClient({ baseUrl: 'http://api.test', getToken: () => null, fetch: refused.fetch, onUnauthorized: () => ended++ });
    await expect(unwrap(anonymous.POST('/auth/login', { body: { email: 'a@example.com', password: 'wrong' } }))).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    const forbidden = fakeApi(403, { statusCode: 403, code: 'FORBIDDEN', message: 'Forbidden' });
    const wrongRole = createApiClient({ baseUrl: 'http://api.test', getToken: () => 't', fetch: forbidden.fetch, onUnauthorized: () => ended++ });
    await expect(unwrap(wrongRole.GET('/users'))).rejects.toMatchObject({ status: 403 });
    expect(ended).toBe(1);
  });
});
