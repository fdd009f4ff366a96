import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '@dialer/core';
import { pgArrayLiteral } from '@dialer/db';
import { Actor, AuditService } from '@dialer/audit';
import { dialableStatusSql, ERASED_SKIP_CODE } from './dialable-leads';
import { dncBlocksListSql, dncMatchSql } from './dnc-match';
import { checkE164 } from './phone';
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

export interface AddDncOptions {
  /** The caller's transaction: the entry, its audit and the blocked leads commit with the rest. */
  em?: EntityManager;
  /** A lead not to block (the one whose call put the number on the list: its settlement decides). */
  exceptLeadId?: string;
  /** Why the blocked leads were blocked (their skip reason). */
  leadsReason?: string;
}

export interface AddedDncEntry {
  entry: DncEntry;
  /** False when the number was on that list already. */
  created: boolean;
  /** How many other leads with the number, waiting to be dialed, were blocked. */
  leadsBlocked: number;
}

/** Which list an entry is on: global, one campaign's, or one product's. */
export interface DncList {
  scope: DncScope;
  campaignId?: string;
  product?: string;
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

/**
 * An entry that honours a callee's revocation stays while the revocation
 * stands: taking it off would make the number callable again with the
 * revocation still on file. It may come off once the callee has consented
 * again, after the revocation, to everything it covered: a consent still in
 * force, for every campaign (campaign_id null), for the revoked campaign, or
 * for a campaign selling the revoked product.
 */
async function refuseWhileRevoked(em: EntityManager, entry: DncEntry): Promise<void> {
  const [standing] = await em.execute<{ received_at: Date; channel: string }[]>(
    `select r.received_at, r.channel from consent_revocations r
      where r.dnc_entry_id = ?
        and not exists (
          select 1 from consents c left join campaigns k on k.id = c.campaign_id
           where c.phone = r.phone and c.granted_at > r.received_at and c.revoked_at is null
             and (c.campaign_id is null
                  or (r.scope = 'campaign' and c.campaign_id = r.campaign_id)
                  or (r.scope = 'product' and k.settings->>'product' = r.product)))
      order by r.received_at desc limit 1`,
    [entry.id],
  );
  if (!standing) return;
  throw new DomainError(
    'DNC_HELD_BY_REVOCATION',
    `The callee revoked consent on ${new Date(standing.received_at).toISOString()} (${standing.channel}): the number stays on this list until they give consent again`,
    'conflict',
  );
}

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

  /**
   * Which of these numbers an entry takes out of this list's dialing pool
   * (the one lead-blocking rule, dncBlocksListSql): what an import of the
   * list would block, for its preview.
   */
  async blockingList(phones: readonly string[], listId: string): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows = await this.em.execute<{ phone: string }[]>(
      `select distinct d.phone from dnc_entries d where d.phone = any(?::text[]) and ${dncBlocksListSql('d', '?::uuid')}`,
      [pgArrayLiteral(phones), listId, listId],
    );
    return new Set(rows.map((row) => row.phone));
  }

  find(phone: string): Promise<DncEntry[]> {
    return this.em.find(DncEntry, { phone }, { orderBy: { createdAt: 'asc' } });
  }

  /**
   * Adds a number; adding one that is already there returns the existing entry.
   * Either way, every other lead with that number still waiting to be dialed
   * is blocked at once, in the same transaction (see suppressLeads), so every
   * path that lists a number — an agent's DNC, a JP refusal, an IVR opt-out, a
   * manual add — takes it out of the hopper. An entry an import loaded (or one
   * with an expiry), asked for again by anything but an import, now stands on
   * that newer request: it is detached from the import and no longer lapses
   * (audited), so undoing the import or the extract's expiry does not take the
   * number off the list. Any other request for a number already listed is
   * audited too (`dnc.requested_again`: who, why, from where), the entry
   * unchanged. Concurrent adds of one number all succeed. Pass the caller's transaction (`em`) to commit
   * the entry, its audit and the blocked leads with the rest.
   */
  async add(entry: NewDncEntry, actor: Actor, options: AddDncOptions = {}): Promise<AddedDncEntry> {
    checkE164(entry.phone);
    checkList(entry);
    const em = options.em ?? this.em;
    // One transaction, the entry locked: an undo of its import either ran before (the entry is gone
    // and is added anew) or waits for the detach (and leaves the entry alone).
    if (!em.isInTransaction()) return em.transactional((tx) => this.add(entry, actor, { ...options, em: tx }));
    // A campaign's list for a campaign that does not exist would block nothing, ever (POST /dnc, a revocation): 404, as /consents answers.
    if (entry.campaignId !== undefined && (await em.execute(`select 1 from campaigns where id = ?`, [entry.campaignId])).length === 0) {
      throw new NotFoundError('Campaign', entry.campaignId);
    }
    const { entry: added, created } = await this.insertOrLock(entry, actor, em);
    if (created) {
      this.audit.record(
        actor,
        {
          action: 'dnc.added',
          entityType: 'dnc_entry',
          entityId: added.id,
          data: { phone: entry.phone, scope: entry.scope, campaignId: entry.campaignId, product: entry.product, source: entry.source, reason: entry.reason },
        },
        em,
      );
    } else if ((added.importId || added.expiresAt) && entry.source !== 'import') {
      this.standOnRequest(added, entry, actor, em);
    } else if (entry.source !== 'import') {
      // Another request for a number already listed (another letter, another caller): the entry stays as it
      // was, but who asked again, why and when is evidence the trail keeps. Concurrent ones each wait for the
      // entry's lock (insertOrLock), so each is recorded once.
      this.audit.record(
        actor,
        {
          action: 'dnc.requested_again',
          entityType: 'dnc_entry',
          entityId: added.id,
          data: {
            phone: entry.phone,
            scope: entry.scope,
            campaignId: entry.campaignId,
            product: entry.product,
            source: entry.source,
            reason: entry.reason,
            listed: { source: added.source, reason: added.reason ?? null, since: added.createdAt.toISOString() },
          },
        },
        em,
      );
    }
    await em.flush();
    const leadsBlocked = await this.suppressLeads(entry, options, em);
    return { entry: added, created, leadsBlocked };
  }

  /**
   * The entry of that list for the number, locked: inserted unless there. Two
   * requests adding one number at once (an IVR opt-out and an agent's DNC, a
   * revocation and an import) both get the one entry: `on conflict do nothing`
   * waits for the other's transaction instead of failing on the unique index.
   * An entry removed between the insert and the lock is inserted again.
   */
  private async insertOrLock(entry: NewDncEntry, actor: Actor, em: EntityManager): Promise<{ entry: DncEntry; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      // No ON CONFLICT target: it covers every partial unique index (global; campaign + phone; product + phone).
      const inserted = await em.execute<{ id: string }[]>(
        `insert into dnc_entries (phone, scope, campaign_id, product, source, reason, created_by) values (?, ?, ?, ?, ?, ?, ?)
         on conflict do nothing returning id`,
        [entry.phone, entry.scope, entry.campaignId ?? null, entry.product ?? null, entry.source, entry.reason ?? null, actor.id ?? null],
      );
      const locked = await em.findOne(DncEntry, { phone: entry.phone, ...listFilter(entry) }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (locked) return { entry: locked, created: inserted.length > 0 && inserted[0].id === locked.id };
      if (attempt === 3) throw new Error(`DNC entry of ${entry.phone} (${entry.scope}) neither inserted nor found`);
    }
  }

  /**
   * Closes one lead found on a DNC list at the last moment (the check just
   * before its call leaves), as the hopper's gate would: `blocked`, its
   * callback cancelled, if it is still waiting to be dialed. Returns whether it was.
   */
  async blockLead(leadId: string, reason: string, em: EntityManager = this.em): Promise<boolean> {
    return (await this.blockLeads(em, 'dnc', reason, `l.id = ?::uuid`, [leadId])) > 0;
  }

  /**
   * A number asked for again by anything but an import stands on that newer
   * request: detached from the import that loaded it (so undoing the import
   * keeps it) and without the import's expiry (a registry extract's entries
   * lapse with it; a person's own request does not), audited with what it was.
   */
  private standOnRequest(existing: DncEntry, entry: NewDncEntry, actor: Actor, em: EntityManager): void {
    const previous = { importId: existing.importId ?? null, source: existing.source, reason: existing.reason ?? null, expiresAt: existing.expiresAt?.toISOString() ?? null };
    const fromImport = existing.importId !== undefined && existing.importId !== null;
    existing.importId = undefined;
    existing.expiresAt = undefined;
    existing.source = entry.source;
    if (entry.reason !== undefined) existing.reason = entry.reason;
    this.audit.record(
      actor,
      {
        action: fromImport ? 'dnc.import_detached' : 'dnc.expiry_cleared',
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
   * callback) becomes `blocked` (`refused` for a product's list: the JP ban on
   * soliciting again), its callback cancelled — on the lists the entry blocks
   * by the one rule (dncBlocksListSql) that imports follow too. Returns how many leads.
   */
  private suppressLeads(entry: NewDncEntry, options: AddDncOptions, em: EntityManager): Promise<number> {
    return this.blockLeads(
      em,
      entry.scope === 'product' ? 'refused' : 'dnc',
      options.leadsReason ?? `${entry.phone} was put on a do-not-call list`,
      `l.phone = ? and l.id is distinct from ?::uuid
       and exists (select 1 from (select ?::text as scope, ?::uuid as campaign_id, ?::text as product, null::timestamptz as expires_at) d
                    where ${dncBlocksListSql('d', 'l.list_id')})`,
      [entry.phone, options.exceptLeadId ?? null, entry.scope, entry.campaignId ?? null, entry.product ?? null],
    );
  }

  /** The one statement that blocks leads for a DNC entry: those matching `where` (alias `l`) still waiting to be dialed. */
  private async blockLeads(em: EntityManager, blockedReason: 'dnc' | 'refused', reason: string, where: string, params: unknown[]): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `update leads l set status = 'blocked', blocked_reason = ?, next_attempt_at = null, callback_agent_id = null,
              skip_code = 'ON_DNC', skip_reason = ?, skipped_at = now(), updated_at = now()
        where ${dialableStatusSql('l')} and ${where}
        returning l.id`,
      [blockedReason, reason, ...params],
    );
    return rows.length;
  }

  /**
   * Removes a number from one list; says how many entries went (0 or 1) and
   * how many leads it gave back: those a DNC entry blocked (by the last-moment
   * check, a suppression, or an import's flag) that no remaining entry blocks
   * by the same rule. A lead its own call's disposition closed stays closed, and so does one erased.
   */
  /** `reason`: why it comes off, kept in the audit record (who removes a number must be able to say why). */
  async remove(phone: string, list: DncList, actor: Actor, reason?: string): Promise<{ removed: number; leadsUnblocked: number }> {
    checkList(list);
    return this.em.transactional(async (em) => {
      const entry = await em.findOne(DncEntry, { phone, ...listFilter(list) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!entry) return { removed: 0, leadsUnblocked: 0 };
      await refuseWhileRevoked(em, entry);
      em.remove(entry);
      await em.flush();
      const unblocked = await em.execute<{ id: string }[]>(
        `update leads l set
            status = case when l.timezone_candidates = '{}' then 'blocked' when l.attempt_count > 0 then 'retry' else 'new' end,
            blocked_reason = case when l.timezone_candidates = '{}' then 'no_timezone' end,
            skip_code = null, skip_reason = null, skipped_at = null, updated_at = now()
          where l.phone = ? and l.status = 'blocked' and l.blocked_reason in ('dnc', 'refused')
            and (l.skip_code = 'ON_DNC' or (l.attempt_count = 0 and l.last_attempt_at is null))
            and l.skip_code is distinct from '${ERASED_SKIP_CODE}'
            and not exists (select 1 from dnc_entries d where d.phone = l.phone and ${dncBlocksListSql('d', 'l.list_id')})
          returning l.id`,
        [phone],
      );
      this.audit.record(
        actor,
        {
          action: 'dnc.removed',
          entityType: 'dnc_entry',
          entityId: entry.id,
          data: { phone, ...list, source: entry.source, leadsUnblocked: unblocked.length, ...(reason ? { reason } : {}) },
        },
        em,
      );
      await em.flush();
      return { removed: 1, leadsUnblocked: unblocked.length };
    });
  }
}
