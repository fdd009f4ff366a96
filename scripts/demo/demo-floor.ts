import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_CAMPAIGN_NAME } from '../../apps/cli/src/seeder';
import { DemoApi } from './demo-api';
import { sampleLeads } from './sample-leads';

export const DEMO_AGENT_PASSWORD = 'demo-agent-password';

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
 * predictive campaign with the list attached, started.
 */
export async function prepareDemoFloor(api: DemoApi, options: { agents: number; leads: number }, log: (line: string) => void): Promise<DemoFloor> {
  const agentEmails = await ensureAgents(api, options.agents);
  log(`${agentEmails.length} agent accounts (password "${DEMO_AGENT_PASSWORD}")`);

  const sample = sampleLeads(options.leads, new Date(), Date.now() % 100_000);
  for (const phone of sample.dncBeforeImport) await api.post('/dnc', { phone, scope: 'global', reason: 'demo: on the registry' });

  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const list = await api.post<{ id: string }>('/lists', { name: `Demo leads ${stamp}`, defaultCountry: 'US', dedupeScope: 'list' });
  const queued = await api.upload<ImportView>(`/lists/${list.id}/imports`, { name: 'demo-leads.csv', content: sample.csv });
  const imported = await waitForImport(api, queued.id);
  const c = imported.counts;
  log(
    `imported ${c.rowsRead} rows: ${c.accepted} leads (${c.dncFlagged} on do-not-call), ${c.rejected} rejected, ${c.duplicates} duplicates` +
      ` — see /imports/${imported.id}/rejections.csv`,
  );
  log(`callees in calling hours now: ${sample.openZones.join(', ') || 'none'}; closed: ${sample.closedZones.join(', ') || 'none'}`);

  // Asked not to be called after the import: the dialer must refuse these at dial time.
  for (const phone of sample.dncAfterImport) await api.post('/dnc', { phone, scope: 'global', reason: 'demo: asked by letter' });

  const campaign = await demoCampaign(api);
  await api.put(`/campaigns/${campaign.id}/lists/${list.id}`, {});
  if (campaign.status !== 'active') {
    const started = await api.post<{ warnings?: { message: string }[] }>(`/campaigns/${campaign.id}/${campaign.status === 'paused' ? 'resume' : 'start'}`);
    // Said at the moment of starting, before the simulated agents sign in.
    for (const warning of started.warnings ?? []) log(`on starting: ${warning.message}`);
  }
  log(`campaign "${campaign.name}" (${campaign.dialingMode}) is active`);
  return { campaignId: campaign.id, campaignName: campaign.name, listId: list.id, agentEmails };
}

async function ensureAgents(api: DemoApi, count: number): Promise<string[]> {
  const existing = new Set((await api.get<{ email: string }[]>('/users?role=agent')).map((user) => user.email));
  const emails = Array.from({ length: count }, (_, i) => `agent${String(i + 1).padStart(2, '0')}@example.com`);
  for (const [i, email] of emails.entries()) {
    if (existing.has(email)) continue;
    await api.post('/users', { email, displayName: `Demo agent ${i + 1}`, password: DEMO_AGENT_PASSWORD, role: 'agent' });
  }
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

/** A 2,000-row import takes a second or two; a minute means the worker is not taking jobs. */
const IMPORT_DEADLINE_MS = 60_000;

async function waitForImport(api: DemoApi, importId: string): Promise<ImportView> {
  const deadline = Date.now() + IMPORT_DEADLINE_MS;
  for (;;) {
    const current = await api.get<ImportView>(`/imports/${importId}`);
    if (current.state === 'completed') return current;
    if (current.state === 'failed') throw new Error(`the sample import failed: ${JSON.stringify(current.error)}`);
    if (Date.now() > deadline) throw new Error(`the sample import is still ${current.state} after a minute: is the worker taking jobs?`);
    await sleep(300);
  }
}
