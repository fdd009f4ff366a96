import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SimScheduler } from '../clock/sim-scheduler';
import { DEFAULT_SCENARIO, Scenario } from '../scenario/scenario';
import { mergeScenario } from '../scenario/scenario-input';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookDelivery } from './webhook-delivery';

/** The fault knobs the fault suite turns (issue 13): notifications dropped and delayed, in order per call unless shuffled. */
describe('WebhookDispatcher faults', () => {
  let server: http.Server;
  let url: string;
  const received: { status: string; atMs: number }[] = [];
  let dispatcher: WebhookDispatcher | undefined;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ status: new URLSearchParams(body).get('CallStatus') ?? '', atMs: Date.now() });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
  });

  afterEach(() => {
    dispatcher?.close();
    received.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const start = (webhooks: Partial<Scenario['webhooks']>) => {
    const scenario = mergeScenario(DEFAULT_SCENARIO, { webhooks });
    dispatcher = new WebhookDispatcher('token', new SimScheduler(1), () => scenario);
    return dispatcher;
  };
  const notify = (d: WebhookDispatcher, status: string, log: WebhookDelivery[]) =>
    d.notify({ kind: 'status-callback', url, method: 'POST', params: { CallStatus: status } }, (delivery) => log.push(delivery), 'CA1');

  it('drops a notification: recorded as dropped in the call log, never sent', async () => {
    const d = start({ dropProbability: 1 });
    const log: WebhookDelivery[] = [];
    notify(d, 'completed', log);
    await d.drain();
    expect(log.map((delivery) => delivery.outcome)).toEqual(['dropped']);
    expect(received).toEqual([]);
  });

  it('delays every notification by delayMs and keeps their order per call', async () => {
    const d = start({ delayMs: 150 });
    const log: WebhookDelivery[] = [];
    const sentAt = Date.now();
    for (const status of ['initiated', 'ringing', 'in-progress', 'completed']) notify(d, status, log);
    await d.drain();
    expect(received.map((r) => r.status)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(received[0].atMs - sentAt).toBeGreaterThanOrEqual(140);
    expect(log.every((delivery) => delivery.outcome === 'delivered')).toBe(true);
  });

  it('refuses knobs out of range, naming them', () => {
    expect(() => mergeScenario(DEFAULT_SCENARIO, { webhooks: { dropProbability: 2, delayMs: -1 } })).toThrow(
      /webhooks\.dropProbability must be a number from 0 to 1; webhooks\.delayMs must be a number from 0 to 60000/,
    );
  });
});
