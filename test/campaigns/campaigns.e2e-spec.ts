import { MikroORM } from '@mikro-orm/core';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';

describe('campaigns API (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let manager: SignedIn;
  let listId: string;
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    manager = await signInAs(api, 'manager');
    const em = api.app.get(MikroORM).em.fork();
    [{ id: listId }] = await em.getConnection().execute(`insert into lead_lists (name, default_country) values ('Spring list', 'US') returning id`);
    await em.getConnection().execute(
      `insert into leads (list_id, phone, timezone, timezone_candidates) values (?, '+14155550123', 'America/Los_Angeles', '{America/Los_Angeles}')`,
      [listId],
    );
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const create = (body: object) => api.http().post('/campaigns').set(auth(manager)).send(body);
  /** What a US campaign needs to start besides a list: a caller id and the abandon message. */
  const lawful = (callerName: string) => ({
    callerIds: { numbers: ['+14155550100'] },
    abandon: { message: { callerName, callbackNumber: '+18005550100', optOut: 'To stop our calls, press 9' } },
  });
  /** A US progressive campaign with what it needs and the list attached, started: as created, and as started. */
  async function startedCampaign(name: string) {
    const { body: created } = await create({ name, kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US', settings: lawful(name) }).expect(201);
    await api.http().put(`/campaigns/${created.id}/lists/${listId}`).set(auth(manager)).send({}).expect(200);
    const { body: started } = await api.http().post(`/campaigns/${created.id}/start`).set(auth(manager)).expect(200);
    return { created, started };
  }

  it('refuses a ring timeout under 15 seconds, naming the field', async () => {
    const response = await create({
      name: 'Too quick',
      kind: 'telemarketing',
      dialingMode: 'progressive',
      jurisdiction: 'US',
      settings: { ringTimeoutSec: 10, callingHours: { weekly: { mon: { start: '8am', end: '21:00' } } } },
    }).expect(400);
    const fields = response.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['settings.ringTimeoutSec', 'settings.callingHours.weekly.mon.start']));
    expect(response.body.message).toMatch(/at least 15 seconds/);
  });

  it('creates a draft whose effective settings come from its jurisdiction, with the kind’s dispositions', async () => {
    const created = await create({ name: 'UK energy', kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'UK' }).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      effective: { abandon: { capRate: 0.03, windowHours: 24 }, ringTimeoutSec: 20, jurisdiction: 'UK' },
    });
    const dispositions = await api.http().get(`/campaigns/${created.body.id}/dispositions`).set(auth(manager)).expect(200);
    expect(dispositions.body.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['SALE', 'DNC', 'CALLBACK']));
  });

  it('labels a new campaign’s outcomes in its creator’s language: Japanese with locale ja, English without', async () => {
    const labels = async (id: string) =>
      Object.fromEntries(
        (await api.http().get(`/campaigns/${id}/dispositions`).set(auth(manager)).expect(200)).body.map((d: { code: string; label: string }) => [d.code, d.label]),
      );
    const ja = await create({ name: '光回線 冬', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'JP', locale: 'ja' }).expect(201);
    expect(await labels(ja.body.id)).toMatchObject({ SALE: '成約', APPOINTMENT: 'アポイント獲得', CALLBACK: '再架電予約', NOT_INTERESTED: 'お断り（再勧誘の禁止）', WRONG_NUMBER: '番号違い' });
    const en = await create({ name: 'Fiber winter', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'JP' }).expect(201);
    expect(await labels(en.body.id)).toMatchObject({ SALE: 'Sale', APPOINTMENT: 'Appointment set', CALLBACK: 'Call back later' });
    await create({ name: 'Fiber', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'JP', locale: 'fr' }).expect(400);
  });

  it('explains every problem when a start is refused, then starts once they are fixed', async () => {
    const { body: campaign } = await create({ name: 'Solar', kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'US' }).expect(201);
    const refused = await api.http().post(`/campaigns/${campaign.id}/start`).set(auth(manager)).expect(422);
    expect(refused.body.code).toBe('CAMPAIGN_NOT_READY');
    expect(refused.body.details.problems.map((p: { code: string }) => p.code).sort()).toEqual(
      ['ABANDON_MESSAGE_MISSING', 'NO_CALLER_ID', 'NO_LISTS'].sort(),
    );

    await api.http().put(`/campaigns/${campaign.id}/lists/${listId}`).set(auth(manager)).send({ priority: 1 }).expect(200);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings: lawful('Sunny Solar') }).expect(200);

    const started = await api.http().post(`/campaigns/${campaign.id}/start`).set(auth(manager)).expect(200);
    expect(started.body.status).toBe('active');
    expect(started.body.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['PREDICTIVE_FEW_AGENTS', 'NO_AGENTS']),
    );
    // The figures of a warning's sentence travel beside its code, for a page to word it in its language.
    expect(started.body.warnings.find((w: { code: string }) => w.code === 'PREDICTIVE_FEW_AGENTS')).toMatchObject({ params: { min: 10, agents: 0 } });

    await api.http().post(`/campaigns/${campaign.id}/pause`).set(auth(manager)).expect(200, /"status":"paused"/);
    await api.http().post(`/campaigns/${campaign.id}/resume`).set(auth(manager)).expect(200, /"status":"active"/);
    const invalid = await api.http().post(`/campaigns/${campaign.id}/start`).set(auth(manager)).expect(409);
    expect(invalid.body.message).toBe('Cannot start a campaign that is active (only one that is draft)');
    await api.http().post(`/campaigns/${campaign.id}/complete`).set(auth(manager)).expect(200, /"status":"completed"/);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: 'late' }).expect(409);
    // The refused edit changed nothing.
    const after = await api.http().get(`/campaigns/${campaign.id}`).set(auth(manager)).expect(200);
    expect(after.body).toMatchObject({ name: 'Solar', status: 'completed' });
  });

  it('refuses a change that would leave an active or paused campaign unable to dial lawfully, naming each problem', async () => {
    const settings = lawful('Live edits');
    const { created: campaign } = await startedCampaign('Live edits');

    for (const status of ['active', 'paused']) {
      // Replacing the abandon section without its message, and emptying the caller ids.
      const refused = await api
        .http()
        .patch(`/campaigns/${campaign.id}`)
        .set(auth(manager))
        .send({ settings: { abandon: { capRate: 0.02 }, callerIds: { numbers: [] } } })
        .expect(422);
      expect(refused.body).toMatchObject({ code: 'CAMPAIGN_CHANGE_REFUSED', message: expect.stringMatching(new RegExp(`${status} campaign`)) });
      expect(refused.body.details.problems.map((p: { code: string; field: string }) => `${p.code} ${p.field}`).sort()).toEqual([
        'ABANDON_MESSAGE_MISSING settings.abandon.message',
        'NO_CALLER_ID settings.callerIds.numbers',
      ]);
      // A change that keeps it lawful goes through; the refused one changed nothing.
      const renamed = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: `Live edits (${status})` }).expect(200);
      expect(renamed.body.settings).toEqual(settings);
      if (status === 'active') await api.http().post(`/campaigns/${campaign.id}/pause`).set(auth(manager)).expect(200);
    }
    // Switching a paused campaign to agentless without a survey is refused too.
    const agentless = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ dialingMode: 'agentless' }).expect(422);
    expect(agentless.body.details.problems.map((p: { code: string }) => p.code)).toContain('SURVEY_MISSING');
    const after = await api.http().get(`/campaigns/${campaign.id}`).set(auth(manager)).expect(200);
    expect(after.body).toMatchObject({ dialingMode: 'progressive', status: 'paused', name: 'Live edits (paused)', settings });
  });

  it('measures the abandon rate over the jurisdiction’s window: a campaign stating another is refused, naming the field', async () => {
    const refused = await create({
      name: 'Short window',
      kind: 'telemarketing',
      dialingMode: 'predictive',
      jurisdiction: 'UK',
      settings: { abandon: { windowHours: 1 } },
    }).expect(400);
    expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['settings.abandon.windowHours']);
    expect(refused.body.message).toMatch(/measured over 24 h/);
    const created = await create({
      name: 'Stated window',
      kind: 'telemarketing',
      dialingMode: 'predictive',
      jurisdiction: 'UK',
      settings: { abandon: { windowHours: 24 } },
    }).expect(201);
    expect(created.body.effective.abandon).toMatchObject({ windowHours: 24 });
  });

  it('puts a setting back to its default when a change sends it as null (the form’s emptied field), keeping the others', async () => {
    const created = await create({
      name: 'Own pauses',
      kind: 'telemarketing',
      dialingMode: 'progressive',
      jurisdiction: 'US',
      settings: { pauseReasons: ['break', 'coaching'], cps: 20, script: 'Hello {{firstName}}', product: 'Fibre', ringTimeoutSec: 25 },
    }).expect(201);
    const patched = await api
      .http()
      .patch(`/campaigns/${created.body.id}`)
      .set(auth(manager))
      .send({ settings: { pauseReasons: null, cps: null, script: null, product: null, ringTimeoutSec: 30 } });
    expect({ status: patched.status, body: patched.body }).toMatchObject({ status: 200 });
    expect(patched.body.settings).toEqual({ ringTimeoutSec: 30 });
    expect(patched.body.effective.cps).not.toBe(20);
    expect(patched.body.effective.pauseReasons).toEqual(['break', 'lunch', 'meeting', 'training', 'end_of_shift', 'other']);
  });

  it('lets managers edit dispositions, compliance read, and agents only read the codes', async () => {
    const { body: campaign } = await create({ name: 'Debts', kind: 'collections', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    await api
      .http()
      .post(`/campaigns/${campaign.id}/dispositions`)
      .set(auth(manager))
      .send({ code: 'PARTIAL_PAYMENT', label: 'Partial payment', isFinal: true, isSuccess: true, isContact: true })
      .expect(201);
    // "Refused to pay" is no refusal to be solicited; a manager may flag one that is.
    const codes = await api.http().get(`/campaigns/${campaign.id}/dispositions`).set(auth(manager)).expect(200);
    expect(codes.body.find((d: { code: string }) => d.code === 'REFUSED')).toMatchObject({ isRefusal: false });
    await api.http().patch(`/campaigns/${campaign.id}/dispositions/WRONG_PARTY`).set(auth(manager)).send({ isRefusal: true }).expect(200, /"isRefusal":true/);
    await api
      .http()
      .post(`/campaigns/${campaign.id}/dispositions`)
      .set(auth(manager))
      .send({ code: 'PARTIAL_PAYMENT', label: 'Again' })
      .expect(409);
    const kept = await api.http().get(`/campaigns/${campaign.id}/dispositions`).set(auth(manager)).expect(200);
    expect(kept.body.filter((d: { code: string }) => d.code === 'PARTIAL_PAYMENT')).toEqual([
      expect.objectContaining({ label: 'Partial payment', isFinal: true, isSuccess: true, isContact: true }),
    ]);

    const compliance = await signInAs(api, 'compliance');
    await api.http().get(`/campaigns/${campaign.id}`).set(auth(compliance)).expect(200);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(compliance)).send({ name: 'x' }).expect(403);
    expect((await api.http().get(`/campaigns/${campaign.id}`).set(auth(manager)).expect(200)).body.name).toBe('Debts');
    const agent = await signInAs(api, 'agent');
    await api.http().get(`/campaigns/${campaign.id}/dispositions`).set(auth(agent)).expect(200, /PARTIAL_PAYMENT/);
    await api.http().get(`/campaigns/${campaign.id}`).set(auth(agent)).expect(403);
  });

  it('takes edits and new codes sent at once without a 500: each lands or is refused for what it is', async () => {
    const { body: campaign } = await create({ name: 'Busy', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    const requests = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: `Busy ${i}` })
        : i % 3 === 1
          ? api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings: { ringTimeoutSec: 20 + i } })
          : api.http().post(`/campaigns/${campaign.id}/dispositions`).set(auth(manager)).send({ code: `CODE_${i}`, label: `Code ${i}` }),
    );
    const statuses = (await Promise.all(requests)).map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status, i) => i % 3 === 2 && status === 201)).toHaveLength(4);
  });

  it('previews a talk script for a sample lead, says why a template does not parse, and refuses a bad sample naming the field', async () => {
    const preview = (body: object) => api.http().post('/campaigns/script-preview').set(auth(manager)).send(body);
    const rendered = await preview({ script: '{{lastName}} 様、{{agent.name}} です（{{custom.plan}}）{{nickname}}', sample: { lastName: '山田', custom: { plan: 'ゴールド' } } }).expect(200);
    expect(rendered.body).toEqual({ text: '山田 様、Sato です（ゴールド）', problem: null, problems: [], unknownFields: ['nickname'] });
    const broken = await preview({ script: 'Hello {{#vip}}' }).expect(200);
    expect(broken.body).toMatchObject({ text: null, problem: expect.stringMatching(/Unclosed section "vip"/) });
    const refused = await preview({ script: 'x', sample: { custom: { plan: 3 } } }).expect(400);
    expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['sample.custom']);
    const agent = await signInAs(api, 'agent');
    await api.http().post('/campaigns/script-preview').set(auth(agent)).send({ script: 'x' }).expect(403);
  });

  it('refuses a change made over someone else’s: of two changes from the same version one lands, the other is told (409) and changes nothing', async () => {
    const { body: campaign } = await create({ name: 'Two tabs', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    expect(campaign.version).toEqual(expect.any(Number));
    const patch = (body: object) => api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send(body);

    // Two tabs save at once from the version they both opened.
    const both = await Promise.all([
      patch({ version: campaign.version, name: 'Tab A', dialingMode: 'preview' }),
      patch({ version: campaign.version, settings: { wrapUp: { seconds: 50 } } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const [won] = both.filter((r) => r.status === 200);
    const [lost] = both.filter((r) => r.status === 409);
    expect(lost.body).toMatchObject({ code: 'CAMPAIGN_CHANGED', message: 'The campaign was changed by someone else since you opened it', details: { currentVersion: won.body.version } });
    expect(won.body.version).toBeGreaterThan(campaign.version);

    // A stale version afterwards: refused, and nothing of it is stored or audited.
    const stale = await patch({ version: campaign.version, name: 'Stale', settings: { ringTimeoutSec: 40 } }).expect(409);
    expect(stale.body.code).toBe('CAMPAIGN_CHANGED');
    const { body: after } = await api.http().get(`/campaigns/${campaign.id}`).set(auth(manager)).expect(200);
    expect(after).toEqual(won.body);
    const em = api.app.get(MikroORM).em.fork();
    const audited = await em.getConnection().execute(`select count(*)::int as n from audit_log where entity_id = ? and action = 'campaign.updated'`, [campaign.id]);
    expect(audited[0].n).toBe(1);

    // The current version goes through, and moves the version on.
    const fresh = await patch({ version: after.version, name: 'Tab B' }).expect(200);
    expect(fresh.body).toMatchObject({ name: 'Tab B', version: after.version + 1 });
  });

  it('moves the version on with a start or a pause: a change from before either is refused', async () => {
    const { created: campaign, started } = await startedCampaign('Versioned');
    expect(started.version).toBeGreaterThan(campaign.version);
    const paused = await api.http().post(`/campaigns/${campaign.id}/pause`).set(auth(manager)).expect(200);
    expect(paused.body.version).toBeGreaterThan(started.version);
    for (const seen of [campaign.version, started.version]) {
      const refused = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ version: seen, dialingMode: 'preview' }).expect(409);
      expect(refused.body.code).toBe('CAMPAIGN_CHANGED');
    }
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ version: paused.body.version, dialingMode: 'preview' }).expect(200, /"dialingMode":"preview"/);
  });

  it('starts a campaign once when two starts race, and keeps a completed campaign closed to a change racing the completion', async () => {
    const { body: campaign } = await create({ name: 'Race', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    await api.http().put(`/campaigns/${campaign.id}/lists/${listId}`).set(auth(manager)).send({ priority: 1 }).expect(200);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings: lawful('Race Co') }).expect(200);

    const starts = await Promise.all([1, 2, 3].map(() => api.http().post(`/campaigns/${campaign.id}/start`).set(auth(manager))));
    expect(starts.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const em = api.app.get(MikroORM).em.fork();
    const audited = await em.getConnection().execute(`select count(*)::int as n from audit_log where entity_id = ? and action = 'campaign.start'`, [campaign.id]);
    expect(audited[0].n).toBe(1);

    const [completed, renamed] = await Promise.all([
      api.http().post(`/campaigns/${campaign.id}/complete`).set(auth(manager)),
      api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: 'Renamed after the end', settings: { ringTimeoutSec: 40 } }),
    ]);
    expect(completed.status).toBe(200);
    const { body: after } = await api.http().get(`/campaigns/${campaign.id}`).set(auth(manager)).expect(200);
    expect(after.status).toBe('completed');
    // Either the change came first (then it stands) or it was refused: never a completed campaign edited after the fact.
    if (renamed.status === 200) expect(renamed.body.status).not.toBe('completed');
    else expect(renamed.status).toBe(409);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: 'Too late' }).expect(409);
  });
  it('refuses a version that is no exact whole number with a 400 on version, not a 409 comparing it', async () => {
    const { body: campaign } = await create({ name: 'Huge version', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    for (const version of [1.2e29, 2 ** 53, -1, 1.5]) {
      const refused = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ version, name: 'x' }).expect(400);
      expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['version']);
    }
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ version: campaign.version, name: 'Fine' }).expect(200);
  });

  it('refuses a script naming an object or a section, naming the tag; previews such a script without a 500', async () => {
    const { body: campaign } = await create({ name: 'Scripted', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    for (const tag of ['{{custom}}', '{{agent}}', '{{.}}', '{{{custom}}}', '{{&custom}}', '{{#custom}}', '{{firstName.length}}']) {
      const script = tag === '{{#custom}}' ? 'Hi {{#custom}}{{.}}{{/custom}}' : `Hi ${tag}`;
      const refused = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings: { script } }).expect(400);
      expect(refused.body.details.fields).toEqual([expect.objectContaining({ field: 'settings.script', messages: expect.arrayContaining([expect.stringContaining(tag)]) })]);
    }
    const preview = (body: object) => api.http().post('/campaigns/script-preview').set(auth(manager)).send(body).expect(200);
    expect((await preview({ script: '{{custom}}', sample: { custom: { a: '1' } } })).body).toEqual({ text: '', problem: null, problems: [], unknownFields: ['custom'] });
    expect((await preview({ script: 'x{{#custom}}{{.}}{{/custom}}' })).body).toMatchObject({
      text: null,
      problem: expect.stringContaining('{{#custom}}'),
      problems: [expect.objectContaining({ code: 'SCRIPT_SECTION', params: { tag: '{{#custom}}' } }), expect.objectContaining({ code: 'SCRIPT_NO_FIELD_NAME' })],
    });
    // Each refusal carries its rule's code and the tag it names, for a client to word it in its own language.
    const unclosed = await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings: { script: '{{firstName' } }).expect(400);
    expect(unclosed.body.details.fields).toEqual([
      { field: 'settings.script', messages: ['script is not a valid template: Unclosed tag at 11'], rules: ['SCRIPT_UNCLOSED_TAG'], params: [{ tag: '{{firstName', position: 1 }] },
    ]);
    expect((await preview({ script: '[{{firstName.length}}|{{firstName.constructor.name}}]', sample: { firstName: 'Ann' } })).body.text).toBe('[|]');
    // An import takes any column name, so a sample's custom fields may be named toString or constructor too.
    const named = await preview({ script: '{{custom.toString}}/{{custom.constructor}}/{{custom.plan}}', sample: { custom: { toString: 'T', constructor: 'C' } } });
    expect(named.body).toEqual({ text: 'T/C/Gold', problem: null, problems: [], unknownFields: [] });
    const refused = await api.http().post('/campaigns/script-preview').set(auth(manager)).send({ script: 'x', sample: { toString: 'T' } }).expect(400);
    expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['sample.toString']);
  });

  it('gives a new campaign’s form the hours its jurisdiction would apply, and refuses a week of its own with no calling day', async () => {
    const defaults = await api.http().get('/campaigns/defaults').query({ kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'JP' }).set(auth(manager)).expect(200);
    expect(defaults.body.effective.callingHours.weekly).toMatchObject({ mon: { start: '09:00', end: '20:00' }, sun: { start: '09:00', end: '20:00' } });
    await api.http().get('/campaigns/defaults').query({ kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'XX' }).set(auth(manager)).expect(400);
    const refused = await create({ name: 'No days', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'JP', settings: { callingHours: { weekly: {} } } }).expect(400);
    expect(refused.body.details.fields).toEqual([expect.objectContaining({ field: 'settings.callingHours.weekly', rules: ['NO_CALLING_DAYS'] })]);
  });

  it('refuses an impossible holiday date and survey questions sharing an id, naming the field', async () => {
    const { body: campaign } = await create({ name: 'Dates', kind: 'survey', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    const patch = (settings: object) => api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ settings });
    const fields = (response: { body: { details: { fields: { field: string }[] } } }) => response.body.details.fields.map((f) => f.field);
    expect(fields(await patch({ callingHours: { holidays: ['2026-12-31', '2026-02-30'] } }).expect(400))).toEqual(['settings.callingHours.holidays[1]']);
    const question = (id: string) => ({ id, prompt: `Question ${id}?`, answers: ['1', '2'] });
    expect(fields(await patch({ survey: { questions: [question('q1'), question('q1')] } }).expect(400))).toEqual(['settings.survey.questions[1].id']);
    expect(fields(await patch({ survey: { questions: [question('__proto__')] } }).expect(400))).toEqual(['settings.survey.questions[0].id']);
    const repeated = await patch({ survey: { questions: [question('q1'), question('q1')] } }).expect(400);
    expect(repeated.body.details.fields[0]).toMatchObject({ rules: ['QUESTION_ID_REPEATED'], params: [{ id: 'q1' }] });
    await patch({ callingHours: { holidays: ['2028-02-29'] }, survey: { questions: [question('q1'), question('q2')] } }).expect(200);
  });

  it('refuses lists and codes on an archived campaign (409 CAMPAIGN_CLOSED), and the last list of an active one', async () => {
    const { created: active } = await startedCampaign('Keeps its list');
    const detached = await api.http().delete(`/campaigns/${active.id}/lists/${listId}`).set(auth(manager)).expect(422);
    expect(detached.body).toMatchObject({ code: 'CAMPAIGN_CHANGE_REFUSED', details: { problems: [expect.objectContaining({ code: 'NO_LISTS' })] } });

    const { body: campaign } = await create({ name: 'Shelved', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    await api.http().post(`/campaigns/${campaign.id}/archive`).set(auth(manager)).expect(200);
    const attached = await api.http().put(`/campaigns/${campaign.id}/lists/${listId}`).set(auth(manager)).send({}).expect(409);
    expect(attached.body.code).toBe('CAMPAIGN_CLOSED');
    const added = await api.http().post(`/campaigns/${campaign.id}/dispositions`).set(auth(manager)).send({ code: 'LATE', label: 'Late' }).expect(409);
    expect(added.body.code).toBe('CAMPAIGN_CLOSED');
    await api.http().delete(`/campaigns/${campaign.id}/dispositions/SALE`).set(auth(manager)).expect(409);
  });
});
