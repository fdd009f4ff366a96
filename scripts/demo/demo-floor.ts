import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_CAMPAIGN_NAME } from '../../apps/cli/src/seeder';
import { DemoApi } from './demo-api';
import { sampleLeads } from './sample-leads';

export const DEMO_AGENT_PASSWORD = 'demo-agent-password';
/** Calls per second of the demo campaign (the seeded one says so; an older seed is brought up to it). */
export const DEMO_CAMPAIGN_CPS = 5;

export interface DemoFloor {
  campaignId: string;
  campaignName: string;
  listId: string;
  agentEmails: string[];
}

interface CampaignView {
  id: string;
  name: string;
  status: string;
  kind: string;
  dialingMode: string;
  jurisdiction: string;
  settings: Record<string, unknown>;
}

interface ImportView {
  id: string;
  state: string;
  counts: Record<string, number>;
  error?: { message?: string } | string | null;
}

/**
 * Sets the floor up through the api, as a manager, an administrator and a
 * compliance officer would: agent accounts, a fresh sample list imported and
 * scrubbed, do-not-call entries before and after the import, and the seeded
 * predictive campaign with the list attached, started. `onCampaign` hears
 * which campaign as soon as it is known, before the import: the simulated
 * agents' desks boot and sign in meanwhile, and join once it starts.
 */
export async function prepareDemoFloor(
  api: DemoApi,
  options: { agents: number; leads: number; onCampaign?: (campaignId: string, agentEmails: string[]) => void },
  log: (line: string) => void,
): Promise<DemoFloor> {
  const agentEmails = await ensureAgents(api, options.agents);
  log(`${agentEmails.length} agent accounts (password "${DEMO_AGENT_PASSWORD}")`);
  const campaign = await demoCampaign(api);
  // The agents sign in now and wait for the start while the list imports (their desks boot meanwhile).
  options.onCampaign?.(campaign.id, agentEmails);

  const sample = sampleLeads(options.leads, new Date(), Date.now() % 100_000);
  await inBatches(sample.dncBeforeImport, (phone) => api.post('/dnc', { phone, scope: 'global', reason: 'demo: on the registry' }));

  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const list = await api.post<{ id: string }>('/lists', { name: `Demo leads ${stamp}`, defaultCountry: 'US', dedupeScope: 'list' });
  const queued = await api.upload<ImportView>(`/lists/${list.id}/imports`, { name: 'demo-leads.csv', content: sample.csv });
  const imported = await waitForImport(api, queued.id, options.leads);
  const c = imported.counts;
  log(
    `imported ${c.rowsRead} rows: ${c.accepted} leads (${c.dncFlagged} on do-not-call), ${c.rejected} rejected, ${c.duplicates} duplicates` +
      ` — see /imports/${imported.id}/rejections.csv`,
  );
  log(`callees in calling hours now: ${sample.openZones.join(', ') || 'none'}; closed: ${sample.closedZones.join(', ') || 'none'}`);

  // Asked not to be called after the import: the dialer must refuse these at dial time.
  await inBatches(sample.dncAfterImport, (phone) => api.post('/dnc', { phone, scope: 'global', reason: 'demo: asked by letter' }));

  // A campaign seeded before it had its own rate dials one call a second: a ten-agent floor's start would crawl.
  if (campaign.settings.cps === undefined) await api.patch(`/campaigns/${campaign.id}`, { settings: { cps: DEMO_CAMPAIGN_CPS } });
  await api.put(`/campaigns/${campaign.id}/lists/${list.id}`, {});
  if (campaign.status !== 'active') {
    const started = await api.post<{ warnings?: { message: string }[] }>(`/campaigns/${campaign.id}/${campaign.status === 'paused' ? 'resume' : 'start'}`);
    // Said at the moment of starting, before the simulated agents (signed in, waiting) join.
    for (const warning of started.warnings ?? []) log(`on starting: ${warning.message}`);
  }
  log(`campaign "${campaign.name}" (${campaign.dialingMode}) is active`);
  return { campaignId: campaign.id, campaignName: campaign.name, listId: list.id, agentEmails };
}

/** A few requests at a time: a hundred one after another cost seconds of the demo's start. */
async function inBatches<T>(items: readonly T[], send: (item: T) => Promise<unknown>, size = 8): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(send));
}

async function ensureAgents(api: DemoApi, count: number): Promise<string[]> {
  const existing = new Set((await api.get<{ email: string }[]>('/users?role=agent')).map((user) => user.email));
  const emails = Array.from({ length: count }, (_, i) => `agent${String(i + 1).padStart(2, '0')}@example.com`);
  const missing = [...emails.entries()].filter(([, email]) => !existing.has(email));
  await inBatches(missing, ([i, email]) => api.post('/users', { email, displayName: `Demo agent ${i + 1}`, password: DEMO_AGENT_PASSWORD, role: 'agent' }), 4);
  return emails;
}

/** The seeded campaign, or a fresh copy of it when an earlier demo completed or archived it. */
async function demoCampaign(api: DemoApi): Promise<CampaignView> {
  const campaigns = await api.get<CampaignView[]>('/campaigns');
  const usable = campaigns.find((c) => c.name.startsWith(DEMO_CAMPAIGN_NAME) && ['draft', 'active', 'paused'].includes(c.status));
  if (usable) return usable;
  const seeded = campaigns.find((c) => c.name === DEMO_CAMPAIGN_NAME);
  if (!seeded) throw new Error(`the seeded campaign "${DEMO_CAMPAIGN_NAME}" is missing: run npm run db:seed`);
  const { kind, dialingMode, jurisdiction, settings } = seeded;
  return api.post<CampaignView>('/campaigns', { name: `${DEMO_CAMPAIGN_NAME} ${new Date().toISOString().slice(0, 10)}`, kind, dialingMode, jurisdiction, settings });
}

/** A 2,000-row import takes a second or two; a minute means the worker is not taking jobs (larger lists, as the soak's, get longer). */
const IMPORT_DEADLINE_MS = 60_000;
const IMPORT_DEADLINE_PER_ROW_MS = 30;

async function waitForImport(api: DemoApi, importId: string, rows: number): Promise<ImportView> {
  const started = Date.now();
  const deadline = started + Math.max(IMPORT_DEADLINE_MS, rows * IMPORT_DEADLINE_PER_ROW_MS);
  for (;;) {
    const current = await api.get<ImportView>(`/imports/${importId}`);
    if (current.state === 'completed') return current;
    if (current.state === 'failed') throw new Error(`the sample import failed: ${JSON.stringify(current.error)}`);
    if (Date.now() > deadline) throw new Error(`the sample import is still ${current.state} after ${Math.round((Date.now() - started) / 1000)} s: is the worker taking jobs?`);
    await sleep(300);
  }
}
