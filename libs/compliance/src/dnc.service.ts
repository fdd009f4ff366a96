import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@dialer/core';
import { pgArrayLiteral } from '@dialer/db';
import { Actor, AuditService } from '@dialer/audit';
import { dialableStatusSql } from './dialable-leads';
import { dncMatchSql } from './dnc-match';
import { DncEntry, DncScope, DncSource } from './entities/dnc-entry.entity';

export interface NewDncEntry {
  /** E.164. */
  phone: string;
  scope: DncScope;
  /** For a campaign entry. */
  campaignId?: string;
  /** For a product entry. */
  product?: string;
  source: DncSource;
  reason?: string;
}

/** Which list an entry is on: global, one campaign's, or one product's. */
export interface DncList {
  scope: DncScope;
  campaignId?: string;
  product?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function checkE164(phone: string): void {
  if (!E164.test(phone)) throw new DomainError('DNC_PHONE_NOT_E164', `${phone} is not an E.164 number`, 'invalid');
}

function checkList({ scope, campaignId, product }: DncList): void {
  if ((scope === 'campaign') !== (campaignId !== undefined) || (scope === 'product') !== (product !== undefined)) {
    throw new DomainError(
      'DNC_SCOPE_MISMATCH',
      'A campaign entry needs a campaignId and a product entry a product; no other entry has either',
      'invalid',
    );
  }
}

const listFilter = ({ scope, campaignId, product }: DncList) => ({ scope, campaignId: campaignId ?? null, product: product ?? null });

/** Do-not-call lists: lookups for the dialer and the import scrub, and audited changes. */
@Injectable()
export class DncService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Whether a number may not be called, everywhere or by this campaign. */
  async isBlocked(phone: string, campaignId?: string): Promise<boolean> {
    return (await this.blockedAmong([phone], campaignId ? [campaignId] : [])).has(phone);
  }

  /** Which of these numbers are on a DNC list that applies to any of these campaigns (or globally). */
  async blockedAmong(phones: readonly string[], campaignIds: readonly string[] = []): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    // The campaign ids are bound once and used twice (campaign and product entries).
    const rows = await this.em.execute<{ phone: string }[]>(
      `with campaign as (select ?::uuid[] as ids)
       select distinct d.phone from dnc_entries d, campaign
       where d.phone = any(?::text[]) and ${dncMatchSql('d', 'campaign.ids')}`,
      [pgArrayLiteral(campaignIds), pgArrayLiteral(phones)],
    );
    return new Set(rows.map((row) => row.phone));
  }

  find(phone: string): Promise<DncEntry[]> {
    return this.em.find(DncEntry, { phone }, { orderBy: { createdAt: 'asc' } });
  }

  /**
   * Adds a number; adding one that is already there returns the existing entry.
   * An entry an import loaded, asked for again by anything but an import (an
   * agent's DNC, an IVR opt-out, a manual add), now stands on that newer
   * request: it is detached from the import (audited), so undoing the import
   * does not take the number off the list. Pass the caller's transaction to
   * commit the entry (and its audit) with the rest.
   */
  async add(entry: NewDncEntry, actor: Actor, em: EntityManager = this.em): Promise<{ entry: DncEntry; created: boolean }> {
    checkE164(entry.phone);
    checkList(entry);
    // One transaction, the entry locked: an undo of its import either ran before (the entry is gone
    // and is added anew) or waits for the detach (and leaves the entry alone).
    if (!em.isInTransaction()) return em.transactional((tx) => this.add(entry, actor, tx));
    const existing = await em.findOne(DncEntry, { phone: entry.phone, ...listFilter(entry) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (existing) {
      if (existing.importId && entry.source !== 'import') this.detachFromImport(existing, entry, actor, em);
      await em.flush();
      return { entry: existing, created: false };
    }
    const created = em.create(DncEntry, { ...entry, createdBy: actor.id ?? undefined });
    this.audit.record(
      actor,
      {
        action: 'dnc.added',
        entityType: 'dnc_entry',
        entityId: created.id,
        data: { phone: entry.phone, scope: entry.scope, campaignId: entry.campaignId, product: entry.product, source: entry.source, reason: entry.reason },
      },
      em,
    );
    await em.flush();
    return { entry: created, created: true };
  }

  private detachFromImport(existing: DncEntry, entry: NewDncEntry, actor: Actor, em: EntityManager): void {
    const previous = { importId: existing.importId, source: existing.source, reason: existing.reason };
    existing.importId = undefined;
    existing.source = entry.source;
    if (entry.reason !== undefined) existing.reason = entry.reason;
    this.audit.record(
      actor,
      {
        action: 'dnc.import_detached',
        entityType: 'dnc_entry',
        entityId: existing.id,
        data: { phone: entry.phone, scope: entry.scope, campaignId: entry.campaignId, product: entry.product, source: entry.source, reason: entry.reason, previous },
      },
      em,
    );
  }

  /**
   * Takes a number just put on a DNC list out of the hopper at once: every other
   * lead with that number still waiting to be dialed (new, a retry, a booked
   * callback) becomes `blocked`, its callback cancelled. Scoped like the entry:
   * a global entry reaches every lead; a campaign or product entry only leads
   * whose lists are dialed by no campaign outside it (elsewhere the dial-time
   * check still skips the number for the campaigns it covers). Pass the
   * caller's transaction to commit it with the entry. Returns how many leads.
   */
  async suppressLeads(entry: DncList & { phone: string }, options: { exceptLeadId?: string; reason?: string } = {}, em: EntityManager = this.em): Promise<number> {
    checkList(entry);
    const blockedReason = entry.scope === 'product' ? 'refused' : 'dnc';
    const covered =
      entry.scope === 'campaign' ? `c.id = ?::uuid` : entry.scope === 'product' ? `c.settings->>'product' = ?` : null;
    const scopeSql = covered
      ? `and exists (select 1 from campaign_lists cl where cl.list_id = l.list_id)
         and not exists (select 1 from campaign_lists cl join campaigns c on c.id = cl.campaign_id
                          where cl.list_id = l.list_id and c.status not in ('completed', 'archived') and not (${covered}))`
      : '';
    const rows = await em.execute<{ id: string }[]>(
      `update leads l set status = 'blocked', blocked_reason = ?, next_attempt_at = null, callback_agent_id = null,
              skip_code = 'ON_DNC', skip_reason = ?, skipped_at = now(), updated_at = now()
        where l.phone = ? and ${dialableStatusSql('l')} and l.id is distinct from ?::uuid ${scopeSql}
        returning l.id`,
      [
        blockedReason,
        options.reason ?? `${entry.phone} was put on a do-not-call list`,
        entry.phone,
        options.exceptLeadId ?? null,
        ...(covered ? [entry.scope === 'campaign' ? entry.campaignId : entry.product] : []),
      ],
    );
    return rows.length;
  }

  /** Removes a number from one list; says how many entries went (0 or 1). */
  async remove(phone: string, list: DncList, actor: Actor): Promise<number> {
    checkList(list);
    const entry = await this.em.findOne(DncEntry, { phone, ...listFilter(list) });
    if (!entry) return 0;
    this.em.remove(entry);
    this.audit.record(actor, {
      action: 'dnc.removed',
      entityType: 'dnc_entry',
      entityId: entry.id,
      data: { phone, ...list, source: entry.source },
    });
    await this.em.flush();
    return 1;
  }
}
