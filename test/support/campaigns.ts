import { Floor } from './floor';

export const READY_SETTINGS = {
  callerIds: { numbers: ['+14155550100', '+12125550100'] },
  abandon: { message: { callerName: 'Example Energy', callbackNumber: '+18005550199', optOut: 'To stop our calls, call us and say stop' } },
  wrapUp: { seconds: 5, autoReady: true },
  cps: 20,
};

/** Creates, configures, attaches and starts a campaign through the api, as a manager would. */
export async function launchCampaign(
  floor: Floor,
  body: { name?: string; kind?: string; dialingMode: string; jurisdiction?: string; settings?: Record<string, unknown>; locale?: 'ja' | 'en' },
  listIds: string[],
): Promise<string> {
  const auth = { Authorization: `Bearer ${floor.manager.token}` };
  const created = await floor.api
    .http()
    .post('/campaigns')
    .set(auth)
    .send({
      name: body.name ?? `E2E ${body.dialingMode}`,
      kind: body.kind ?? 'telemarketing',
      dialingMode: body.dialingMode,
      jurisdiction: body.jurisdiction ?? 'US',
      settings: { ...READY_SETTINGS, ...body.settings },
      ...(body.locale && { locale: body.locale }),
    })
    .expect(201);
  for (const listId of listIds) await floor.api.http().put(`/campaigns/${created.body.id}/lists/${listId}`).set(auth).send({}).expect(200);
  const started = await floor.api.http().post(`/campaigns/${created.body.id}/start`).set(auth);
  if (started.status !== 200) throw new Error(`start refused: ${JSON.stringify(started.body)}`);
  return created.body.id as string;
}
