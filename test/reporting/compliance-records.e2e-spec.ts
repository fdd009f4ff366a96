import iconv from 'iconv-lite';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import request from 'supertest';
import { query } from '@dialer/testing';
import { SignedIn, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

type Row = Record<string, string>;

/** Reads a response body as bytes, whatever its content type. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const rowsOf = (text: string): Row[] => Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;

/** `'` marks a cell the shared helper made inert; the value is what follows. */
const inert = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : '');

/**
 * Compliance records on the emulator: a power-dialed campaign with one agent (so
 * some live answers are abandoned and hear the message), exported as a
 * compliance officer would, each row checked against the database and the
 * emulator's own call log; the audit trail of it all, and its chain intact.
 */
describe('compliance records: the call-results export and the audit trail (e2e on the emulator)', () => {
  let floor: Floor;
  let dir: string;
  let officer: SignedIn;
  let agentUser: SignedIn;
  let campaignId: string;
  const agents: SimulatedAgent[] = [];
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'e2e-exports-'));
    floor = await startFloor({
      env: { EXPORT_DIR: dir },
      scenario: {
        seed: 11,
        answerProbability: 1,
        answeredMix: { human: 1, machine: 0, fax: 0 },
        timing: { humanAnswerSec: { min: 2, max: 4 } },
        agents: { talkTimeSec: { min: 20, max: 30 } },
        amd: { accuracy: 1 },
      },
    });
    officer = await signInAs(floor.api, 'compliance');
    agentUser = await signInAs(floor.api, 'agent');
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('export e2e', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    for (let i = 0; i < 8; i++) {
      const name = i === 0 ? '=HYPERLINK("http://evil.example","click")' : i === 1 ? '山田 太郎' : `Lead ${i}`;
      await query(
        floor.api.app,
        `insert into leads (list_id, phone, phone_type, timezone, timezone_candidates, timezone_source, first_name) values (?, ?, 'mobile', ?, ?::text[], 'explicit', ?)`,
        [listId, `+1415555${String(3000 + i)}`, zone, `{${zone}}`, name],
      );
    }
    campaignId = await launchCampaign(
      floor,
      // Three lines for one agent: some live answers find nobody free and hear the abandon message.
      { dialingMode: 'power', settings: { amd: { mode: 'async', onMachine: 'hangup' }, pacing: { powerRatio: 3, maxLinesPerAgent: 3 }, attemptLimits: { lifetime: 1, perDay: 1 } } },
      [listId as string],
    );
    agents.push(await SimulatedAgent.start(floor, campaignId, { disposition: () => ({ code: 'SALE', data: { amount: 12_000, currency: 'USD' } }) }));
    await pollUntil(
      async () =>
        (
          await query(
            floor.api.app,
            `select (select count(*) from leads where list_id = ? and status in ('new', 'dialing'))::int as open,
                    (select count(*) from call_attempts where campaign_id = ? and (settled_at is null or (connected_at is not null and disposition_code is null)))::int as unsettled`,
            [listId, campaignId],
          )
        )[0],
      (counts) => counts.open === 0 && counts.unsettled === 0,
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    await floor.emulator.drainWebhooks();
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function exportAs(user: SignedIn, body: object): Promise<{ id: string; bytes: Buffer }> {
    const created = await floor.api.http().post('/exports').set(auth(user)).send(body).expect(202);
    expect(created.body).toMatchObject({ state: 'queued', kind: 'attempts' });
    const done = await pollUntil(
      async () => (await floor.api.http().get(`/exports/${created.body.id}`).set(auth(user)).expect(200)).body,
      (view) => view.state === 'completed' || view.state === 'failed',
      { timeoutMs: 30_000 },
    );
    expect(done).toMatchObject({ state: 'completed', progress: 100 });
    const file = await floor.api.http().get(`/exports/${created.body.id}/file`).set(auth(user)).buffer(true).parse(binary).expect(200);
    return { id: created.body.id as string, bytes: file.body as Buffer };
  }

  it('exports one row per attempt that agrees with the database and the emulator’s call log', async () => {
    const { bytes } = await exportAs(officer, { kind: 'attempts', format: 'csv', filters: { campaignIds: [campaignId] } });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = rowsOf(bytes.toString('utf8').slice(1));
    const attempts = await query(
      floor.api.app,
      `select a.*, l.first_name from call_attempts a join leads l on l.id = a.lead_id where a.campaign_id = ? order by a.created_at, a.id`,
      [campaignId],
    );
    expect(rows.map((r) => r.attempt_id)).toEqual(attempts.map((a) => a.id));
    const calls = new Map(floor.emulator.calls().map((call) => [call.sid, call]));
    let abandoned = 0;
    let connected = 0;
    for (const [i, row] of rows.entries()) {
      const attempt = attempts[i];
      expect({
        number: inert(row.called_number),
        callerId: inert(row.caller_id),
        placed: row.placed_at_utc,
        answered: row.answered_at_utc,
        connected: row.agent_connected_at_utc,
        ended: row.ended_at_utc,
        abandoned: row.abandoned,
        outcome: row.outcome,
        disposition: row.disposition_code,
        agent: row.agent_id,
        amd: row.amd_verdict,
      }).toEqual({
        number: attempt.phone,
        callerId: attempt.caller_id,
        placed: iso(attempt.initiated_at),
        answered: iso(attempt.answered_at),
        connected: iso(attempt.connected_at),
        ended: iso(attempt.ended_at),
        abandoned: String(attempt.abandoned),
        outcome: attempt.outcome,
        disposition: attempt.disposition_code ?? '',
        agent: attempt.agent_id ?? '',
        amd: attempt.answered_by ?? '',
      });
      // The emulator's view of the same call.
      const call = calls.get(row.call_sid)!;
      expect({ to: call.to, from: call.from, status: call.status }).toEqual({
        to: inert(row.called_number),
        from: inert(row.caller_id),
        status: row.twilio_status,
      });
      expect(row.callee_zone).toBe(zonesByWindow().open[0]);
      expect(row.dial_mode).toBe('power');
      expect(Number(row.dial_level)).toBeGreaterThan(0);
      expect(row.dnc_result).toBe('OK');
      expect(row.calling_hours_result).toBe('OK');
      // The abandon message is played exactly when the call is abandoned, after the answer.
      expect(row.safe_harbour_message_played).toBe(row.abandoned);
      if (row.abandoned === 'true') {
        abandoned += 1;
        expect(row.agent_connected_at_utc).toBe('');
        expect(Date.parse(row.safe_harbour_message_at_utc)).toBeGreaterThanOrEqual(Date.parse(row.answered_at_utc));
      }
      if (row.agent_connected_at_utc) {
        connected += 1;
        expect(Number(row.answer_to_agent_seconds)).toBeCloseTo((Date.parse(row.agent_connected_at_utc) - Date.parse(row.answered_at_utc)) / 1000, 2);
        expect(row).toMatchObject({ disposition_code: 'SALE', sale_amount: '12000', currency: 'USD' });
      }
    }
    expect(connected).toBeGreaterThan(0);
    expect(abandoned).toBeGreaterThan(0);
    // A formula in a lead's name comes out inert.
    const evil = rows.find((r) => r.first_name.includes('HYPERLINK'))!;
    expect(evil.first_name).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('writes a Shift_JIS export that opens with its Japanese intact', async () => {
    const { bytes } = await exportAs(officer, { kind: 'attempts', format: 'csv', encoding: 'shift_jis', filters: { campaignIds: [campaignId] } });
    const rows = rowsOf(iconv.decode(bytes, 'cp932'));
    expect(rows.map((r) => r.first_name)).toContain('山田 太郎');
  });

  it('streams a small range directly, and audits who exported what', async () => {
    const direct = await floor.api
      .http()
      .get(`/reports/attempts.csv?campaignIds=${campaignId}&outcomes=abandoned,human`)
      .set(auth(officer))
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const rows = rowsOf((direct.body as Buffer).toString('utf8').slice(1));
    const [{ n }] = await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and outcome in ('abandoned', 'human')`, [campaignId]);
    expect(rows).toHaveLength(n as number);
    await floor.api.http().get(`/reports/attempts.csv?campaignIds=not-a-uuid`).set(auth(officer)).expect(400);

    const trail = await floor.api.http().get('/audit?action=export.').set(auth(officer)).expect(200);
    const actions = trail.body.items.map((i: { action: string; actorId: string }) => `${i.action}:${i.actorId === officer.userId ? 'officer' : '?'}`);
    expect(actions).toEqual(expect.arrayContaining(['export.requested:officer', 'export.downloaded:officer', 'export.streamed:officer']));
    const started = await floor.api.http().get(`/audit?action=campaign.start&entityId=${campaignId}`).set(auth(officer)).expect(200);
    expect(started.body.items).toHaveLength(1);
    const csv = await floor.api.http().get('/audit/export.csv?entityType=export').set(auth(officer)).buffer(true).parse(binary).expect(200);
    expect(rowsOf((csv.body as Buffer).toString('utf8').slice(1)).length).toBeGreaterThanOrEqual(3);
    const verify = await floor.api.http().get('/audit/verify').set(auth(officer)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.body.checked).toBeGreaterThan(5);
  });

  it('declares the roles of every new route: wrong roles get 403', async () => {
    const cases: [string, string, SignedIn][] = [
      ['post', '/exports', agentUser],
      ['get', '/exports', agentUser],
      ['get', '/exports/00000000-0000-4000-8000-000000000000', agentUser],
      ['get', '/exports/00000000-0000-4000-8000-000000000000/file', agentUser],
      ['get', '/reports/attempts.csv', agentUser],
      // The call-results export holds every callee's personal data: compliance's and the admin's, not a manager's.
      ['post', '/exports', floor.manager],
      ['get', '/exports', floor.manager],
      ['get', '/exports/00000000-0000-4000-8000-000000000000/file', floor.manager],
      ['get', '/reports/attempts.csv', floor.manager],
      ['get', '/audit', agentUser],
      ['get', '/audit', floor.manager],
      ['get', '/audit/verify', floor.manager],
      ['get', '/audit/export.csv', floor.manager],
    ];
    for (const [method, url, user] of cases) {
      const response = await (method === 'post' ? floor.api.http().post(url).send({ kind: 'attempts', format: 'csv' }) : floor.api.http().get(url)).set(auth(user));
      expect({ method, url, status: response.status }).toEqual({ method, url, status: 403 });
    }
    await floor.api.http().get('/audit').expect(401);
    // A manager still reads the reports (aggregates, no callee's data row by row).
    const day = 24 * 3600_000;
    await floor.api
      .http()
      .get(`/reports/campaigns/${campaignId}/kpis`)
      .query({ from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString(), groupBy: 'day' })
      .set(auth(floor.manager))
      .expect(200);
  });

  it('documents every new route with its response schema', async () => {
    const document = (await floor.api.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const routes: [string, string, string][] = [
      ['/exports', 'post', '202'],
      ['/exports', 'get', '200'],
      ['/exports/{id}', 'get', '200'],
      ['/exports/{id}/file', 'get', '200'],
      ['/reports/attempts.csv', 'get', '200'],
      ['/audit', 'get', '200'],
      ['/audit/export.csv', 'get', '200'],
      ['/audit/verify', 'get', '200'],
    ];
    for (const [url, method, status] of routes) {
      const content = document.paths[url]?.[method]?.responses?.[status]?.content;
      expect({ url, method, schema: Object.values(content ?? {})[0]?.schema !== undefined }).toEqual({ url, method, schema: true });
    }
  });
});
