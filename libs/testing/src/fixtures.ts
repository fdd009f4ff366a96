import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

type Sql = (query: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

function sqlOf(app: INestApplicationContext): Sql {
  const connection = app.get(MikroORM).em.getConnection();
  return (query, params = []) => connection.execute(query, params as never[]);
}

export interface FixtureCampaign {
  id: string;
  listId: string;
}

/** A campaign with one attached list, straight in SQL (settings as stored jsonb). */
export async function seedCampaign(
  app: INestApplicationContext,
  options: {
    kind?: string;
    mode?: string;
    jurisdiction?: string;
    status?: string;
    settings?: Record<string, unknown>;
    dispositions?: { code: string; isFinal?: boolean; isContact?: boolean; isCallback?: boolean; isDnc?: boolean }[];
  } = {},
): Promise<FixtureCampaign> {
  const sql = sqlOf(app);
  const id = randomUUID();
  const listId = randomUUID();
  await sql(`insert into campaigns (id, name, kind, dialing_mode, jurisdiction, status, settings) values (?, ?, ?, ?, ?, ?, ?)`, [
    id,
    `Campaign ${id.slice(0, 8)}`,
    options.kind ?? 'telemarketing',
    options.mode ?? 'predictive',
    options.jurisdiction ?? 'US',
    options.status ?? 'active',
    JSON.stringify(options.settings ?? {}),
  ]);
  await sql(`insert into lead_lists (id, name, default_country) values (?, ?, 'US')`, [listId, `List ${listId.slice(0, 8)}`]);
  await sql(`insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [id, listId]);
  for (const [position, d] of (options.dispositions ?? []).entries()) {
    await sql(
      `insert into disposition_codes (campaign_id, code, label, is_final, is_contact, is_callback, is_dnc, position) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, d.code, d.code, d.isFinal ?? false, d.isContact ?? false, d.isCallback ?? false, d.isDnc ?? false, position],
    );
  }
  return { id, listId };
}

export interface FixtureLead {
  phone: string;
  zones?: string[];
  status?: string;
  phoneType?: string;
  externalId?: string;
  firstName?: string;
  nextAttemptAt?: Date;
  custom?: Record<string, string>;
  /** Up to two alternate numbers (E.164) and their types (fixed_line unless given). */
  altPhones?: { phone: string; type?: string }[];
}

/** Leads of a list; returns their ids in the order given. */
export async function seedLeads(app: INestApplicationContext, listId: string, leads: FixtureLead[]): Promise<string[]> {
  const sql = sqlOf(app);
  const ids: string[] = [];
  for (const lead of leads) {
    const id = randomUUID();
    const zones = lead.zones ?? ['America/New_York'];
    await sql(
      `insert into leads (id, list_id, phone, phone_type, timezone, timezone_candidates, status, external_id, first_name, next_attempt_at, custom_fields,
                          alt_phones, alt_phone_types)
       values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?::text[], ?::text[])`,
      [
        id,
        listId,
        lead.phone,
        lead.phoneType ?? 'fixed_line',
        zones.length === 1 ? zones[0] : null,
        `{${zones.join(',')}}`,
        lead.status ?? 'new',
        lead.externalId ?? null,
        lead.firstName ?? null,
        lead.nextAttemptAt ?? null,
        JSON.stringify(lead.custom ?? {}),
        `{${(lead.altPhones ?? []).map((alt) => alt.phone).join(',')}}`,
        `{${(lead.altPhones ?? []).map((alt) => alt.type ?? 'fixed_line').join(',')}}`,
      ],
    );
    ids.push(id);
  }
  return ids;
}

/** A past attempt, for limits and history. */
export async function seedAttempt(
  app: INestApplicationContext,
  attempt: { campaignId: string; leadId: string; phone: string; at: Date; state?: string; abandoned?: boolean; dispositionCode?: string },
): Promise<string> {
  const id = randomUUID();
  await sqlOf(app)(
    `insert into call_attempts (id, campaign_id, lead_id, phone, state, created_at, ended_at, abandoned, disposition_code, disposition_at, settled_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      attempt.campaignId,
      attempt.leadId,
      attempt.phone,
      attempt.state ?? 'completed',
      attempt.at,
      attempt.at,
      attempt.abandoned ?? false,
      attempt.dispositionCode ?? null,
      attempt.dispositionCode ? attempt.at : null,
      attempt.at,
    ],
  );
  return id;
}

/** An attempt row exactly as the test states it, column by column (an id generated unless given); returns its id. */
export async function insertAttemptRow(app: INestApplicationContext, columns: Record<string, unknown>): Promise<string> {
  const row = { id: randomUUID(), ...columns };
  const names = Object.keys(row);
  await sqlOf(app)(`insert into call_attempts (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`, Object.values(row));
  return row.id as string;
}

/** Runs a query on the app's database (for assertions). */
export function query(app: INestApplicationContext, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return sqlOf(app)(sql, params);
}
