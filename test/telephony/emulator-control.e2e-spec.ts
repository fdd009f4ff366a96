import request from 'supertest';
import { loadConfig } from '@dialer/core';
import { createTwilioClient } from '@dialer/telephony';
import { EmulatorHandle, startEmulator } from '../../apps/twilio-emulator/src/start-emulator';
import { spawnEntryPoint } from '../support/processes';

/** The emulator's own control API, its auth, and its entry point as a separate process. */
const { accountSid, authToken } = loadConfig({}).twilio;

describe('Twilio emulator control API', () => {
  let emulator: EmulatorHandle;
  const control = () => request(emulator.url);

  beforeAll(async () => {
    emulator = await startEmulator({ accountSid, authToken, scenario: { timeScale: 0.02, seed: 42 } });
  });

  afterAll(() => emulator.close());

  it('shows the scenario: the defaults with the starting settings merged in', async () => {
    const { body } = await control().get('/_emulator/scenario').expect(200);
    expect(body).toMatchObject({ seed: 42, timeScale: 0.02, cps: 1, answerProbability: 0.4, webhooks: { shuffle: false } });
  });

  it('refuses an invalid scenario, naming every problem', async () => {
    const { body } = await control()
      .put('/_emulator/scenario')
      .send({ timeScale: 0, answeredMix: { human: -1 }, callee: { digits: ['1', 'x'] }, bogus: true, numbers: { '+15005550501': { outcome: 'maybe' } } })
      .expect(400);
    expect(body).toMatchObject({ code: 'SCENARIO_INVALID', status: 400 });
    expect(body.problems).toEqual([
      'timeScale must be a number from 0.0001 to 100',
      'answeredMix.human must be a number from 0 to 1000000',
      'callee.digits must be a list of key strings such as ["1", "", "5"]',
      'bogus is not a scenario setting',
      'numbers.+15005550501.outcome must be one of human, machine, fax, busy, no-answer, failed',
    ]);
    expect((await control().get('/_emulator/scenario')).body.seed).toBe(42); // unchanged
  });

  it('patches the current scenario and replaces it with PUT', async () => {
    const patched = await control()
      .patch('/_emulator/scenario')
      .send({ numbers: { '+15005550501': { outcome: 'busy' } }, webhooks: { duplicateProbability: 0.5 } })
      .expect(200);
    expect(patched.body).toMatchObject({ seed: 42, numbers: { '+15005550501': { outcome: 'busy' } }, webhooks: { shuffle: false, duplicateProbability: 0.5 } });

    const replaced = await control().put('/_emulator/scenario').send({ seed: 7, answerProbability: 1 }).expect(200);
    expect(replaced.body).toMatchObject({ seed: 7, answerProbability: 1, timeScale: 1, numbers: {} });
  });

  it('lists calls with their event log, and forgets them on reset', async () => {
    await control().patch('/_emulator/scenario').send({ timeScale: 0.02, numbers: { '+15005550502': { outcome: 'failed' } } });
    const twilio = createTwilioClient({ ...loadConfig({}).twilio, apiBaseUrl: emulator.url });
    const call = await twilio.calls.create({ to: '+15005550502', from: '+15005550006', twiml: '<Response/>' });

    const { body: calls } = await control().get('/_emulator/calls').query({ to: '+15005550502' }).expect(200);
    expect(calls).toEqual([expect.objectContaining({ sid: call.sid, direction: 'outbound-api', outcome: 'failed' })]);
    const { body: one } = await control().get(`/_emulator/calls/${call.sid}`).expect(200);
    expect(one.events[0]).toMatchObject({ type: 'status', status: 'queued' });
    await control().get('/_emulator/calls/CA00000000000000000000000000000000').expect(404);

    const { body: scenario } = await control().post('/_emulator/reset').expect(200);
    expect(scenario).toMatchObject({ seed: 42, timeScale: 0.02 });
    expect((await control().get('/_emulator/calls').expect(200)).body).toEqual([]);
  });

  it('answers the REST API only to the configured account, as Twilio does', async () => {
    const path = `/2010-04-01/Accounts/${accountSid}/Calls.json`;
    const refused = await control().get(path).auth(accountSid, 'wrong-token').expect(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic/);
    expect(refused.body).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    await control().get(path).expect(401);
    await control().get('/2010-04-01/Accounts/AC11111111111111111111111111111111/Calls.json').auth(accountSid, authToken).expect(401);
    await control().get(path).auth(accountSid, authToken).expect(200);
    const unknown = await control().get(`/2010-04-01/Accounts/${accountSid}/Queues.json`).auth(accountSid, authToken).expect(404);
    expect(unknown.body).toMatchObject({ code: 20404, status: 404 });
  });
});

describe('Twilio emulator process (npm run start:emulator)', () => {
  it('listens where configured, accepts the configured credentials and stops on SIGTERM', async () => {
    const token = 'process-test-auth-token-0000';
    const emulatorProcess = spawnEntryPoint('apps/twilio-emulator/src/main.ts', {
      EMULATOR_PORT: '0',
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: token,
      LOG_LEVEL: 'info',
    });
    try {
      const line = await emulatorProcess.waitFor(/Twilio emulator listening/);
      const { url } = JSON.parse(line) as { url: string };
      await request(url).get('/_emulator/health').expect(200, { ok: true, liveCalls: 0 });
      await request(url).get(`/2010-04-01/Accounts/${accountSid}/Calls.json`).auth(accountSid, token).expect(200);
    } finally {
      emulatorProcess.kill('SIGTERM');
    }
    const exit = await emulatorProcess.exited();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });
});
