import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface SeededAttempt {
  id: string;
  campaignId: string;
  leadId: string;
  phone: string;
}

export interface SeedAttemptsOptions {
  campaigns?: number;
  attemptsPerCampaign: number;
  /** Numbers to dial, in order (cycled); defaults to distinct +1500555xxxx numbers. */
  phones?: readonly string[];
  callerId?: string;
}

/**
 * Campaigns, one list, leads and `queued` call attempts, straight in SQL
 * (multi-row inserts), for tests and benchmarks of the call webhooks.
 */
export async function seedAttempts(databaseUrl: string, options: SeedAttemptsOptions): Promise<SeededAttempt[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [list] = (await client.query<{ id: string }>(`insert into lead_lists (name, default_country) values ('seeded', 'US') returning id`)).rows;
    const attempts: SeededAttempt[] = [];
    for (let c = 0; c < (options.campaigns ?? 1); c += 1) {
      const [campaign] = (
        await client.query<{ id: string }>(
          `insert into campaigns (name, kind, dialing_mode, jurisdiction, status) values ($1, 'telemarketing', 'predictive', 'US', 'active') returning id`,
          [`seeded ${c + 1}`],
        )
      ).rows;
      for (let start = 0; start < options.attemptsPerCampaign; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, options.attemptsPerCampaign - start) }, (_, i) => {
          const n = attempts.length + i;
          // Distinct numbers unless the caller cycles its own: a number has one live call per campaign.
          const phone = options.phones?.length ? options.phones[n % options.phones.length]! : `+1500${String(n).padStart(7, '0')}`;
          return { id: randomUUID(), leadId: randomUUID(), campaignId: campaign!.id, phone };
        });
        await client.query(
          `insert into leads (id, list_id, phone, status) select unnest($1::uuid[]), $2, unnest($3::text[]), 'dialing'`,
          [batch.map((a) => a.leadId), list!.id, batch.map((a) => a.phone)],
        );
        await client.query(
          `insert into call_attempts (id, campaign_id, lead_id, phone, caller_id)
           select unnest($1::uuid[]), $2, unnest($3::uuid[]), unnest($4::text[]), $5`,
          [batch.map((a) => a.id), campaign!.id, batch.map((a) => a.leadId), batch.map((a) => a.phone), options.callerId ?? '+15005550006'],
        );
        attempts.push(...batch);
      }
    }
    return attempts;
  } finally {
    await client.end();
  }
}
