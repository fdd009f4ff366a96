import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError, NotFoundError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { DncService } from './dnc.service';
import { Consent, ConsentType } from './entities/consent.entity';
import { ConsentRevocation, RevocationChannel, RevocationScope } from './entities/consent-revocation.entity';
import { DncScope } from './entities/dnc-entry.entity';
import { checkE164 } from './phone';
import { revocationReason } from './revocation-reason';

/** The Telephone Consumer Protection Act's enactment: the earliest a revocation can have been received. */
const TCPA_ENACTED = new Date('1991-12-20T00:00:00Z');

export interface NewConsent {
  /** E.164. */
  phone: string;
  type: ConsentType;
  grantedAt: Date;
  /** Where it was captured: web form, recorded call, signed contract… */
  source: string;
  /** The evidence itself or a reference to it (form submission, recording). */
  evidence?: string;
  /** Null: every campaign of the operator. */
  campaignId?: string;
  leadId?: string;
}

export interface NewRevocation {
  /** E.164. */
  phone: string;
  channel: RevocationChannel;
  /** When the person said it (defaults to now): the 10-business-day clock starts there. */
  receivedAt?: Date;
  /** What they said or pressed. */
  content: string;
  scope: RevocationScope;
  campaignId?: string;
  product?: string;
  attemptId?: string;
  consentId?: string;
}

export interface RevocationOptions {
  /** The caller's transaction: the revocation, its DNC entry and the blocked leads commit with the rest. */
  em?: EntityManager;
  /** The lead whose own call carried the revocation (its settlement decides its status). */
  exceptLeadId?: string;
  leadsReason?: string;
}

export interface RecordedRevocation {
  revocation: ConsentRevocation;
  /** Consents this revocation ended. */
  consentsRevoked: number;
  /** Leads waiting to be dialed that it took out of the hopper. */
  leadsBlocked: number;
}

const DNC_SCOPE_OF: Record<RevocationScope, DncScope> = { all: 'global', campaign: 'campaign', product: 'product' };

/** The DNC entry's source says which channel honoured it (a person at a desk is `manual`). */
const DNC_SOURCE_OF: Record<RevocationChannel, 'disposition' | 'ivr_opt_out' | 'api' | 'manual'> = {
  agent_disposition: 'disposition',
  ivr_opt_out: 'ivr_opt_out',
  abandon_message: 'manual',
  api: 'api',
  compliance_user: 'manual',
};

function checkScope({ scope, campaignId, product }: { scope: RevocationScope; campaignId?: string; product?: string }): void {
  if ((scope === 'campaign') !== (campaignId !== undefined) || (scope === 'product') !== (product !== undefined)) {
    throw new DomainError(
      'REVOCATION_SCOPE_MISMATCH',
      'A campaign revocation needs a campaignId and a product revocation a product; a revocation of all calls has neither',
      'invalid',
    );
  }
}

/**
 * The consent ledger: consents as given, with their evidence, and every
 * revocation as received. A revocation is honoured in the transaction that
 * records it: the number goes on the DNC list of its scope (which takes the
 * waiting leads out of the hopper and is checked again just before each call
 * leaves), and the consents it covers end.
 */
@Injectable()
export class ConsentLedgerService {
  constructor(
    private readonly em: EntityManager,
    private readonly dnc: DncService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(input: NewConsent, actor: Actor): Promise<Consent> {
    checkE164(input.phone);
    if (input.grantedAt.getTime() > this.clock.now().getTime()) {
      throw new DomainError('CONSENT_GRANTED_IN_FUTURE', 'grantedAt is in the future', 'invalid');
    }
    if (input.campaignId && (await this.em.execute(`select 1 from campaigns where id = ?`, [input.campaignId])).length === 0) {
      throw new NotFoundError('Campaign', input.campaignId);
    }
    return this.em.transactional(async (tx) => {
      const consent = tx.create(Consent, { ...input, createdBy: actor.id ?? undefined });
      this.audit.record(
        actor,
        {
          action: 'consent.recorded',
          entityType: 'consent',
          entityId: consent.id,
          data: { phone: input.phone, type: input.type, campaignId: input.campaignId, grantedAt: input.grantedAt.toISOString(), source: input.source },
        },
        tx,
      );
      await tx.flush();
      return consent;
    });
  }

  find(phone: string): Promise<Consent[]> {
    return this.em.find(Consent, { phone }, { orderBy: { grantedAt: 'desc' } });
  }

  revocationsOf(phone: string): Promise<ConsentRevocation[]> {
    return this.em.find(ConsentRevocation, { phone }, { orderBy: { receivedAt: 'desc' } });
  }

  async get(id: string): Promise<Consent> {
    const consent = await this.em.findOne(Consent, { id });
    if (!consent) throw new NotFoundError('consent', id);
    return consent;
  }

  /**
   * Revokes one consent record: a revocation of its campaign (or of every
   * call, for a consent without one) unless the request names a scope. The
   * consent is locked first, so of two people revoking it at once one records
   * the revocation and the other is told it is revoked (409).
   */
  async revokeConsent(
    id: string,
    request: Omit<NewRevocation, 'phone' | 'consentId' | 'scope'> & { scope?: RevocationScope },
    actor: Actor,
  ): Promise<RecordedRevocation> {
    return this.em.transactional(async (tx) => {
      const consent = await tx.findOne(Consent, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!consent) throw new NotFoundError('consent', id);
      if (consent.revokedAt) throw new DomainError('CONSENT_ALREADY_REVOKED', `Consent ${id} was revoked at ${consent.revokedAt.toISOString()}`, 'conflict');
      const scope = request.scope ?? (consent.campaignId ? 'campaign' : 'all');
      const campaignId = scope === 'campaign' ? (request.campaignId ?? consent.campaignId) : request.campaignId;
      return this.revoke({ ...request, scope, campaignId, phone: consent.phone, consentId: consent.id }, actor, { em: tx });
    });
  }

  /**
   * Records a revocation from any channel and honours it at once, in one
   * transaction (the caller's, when given): the DNC entry of its scope, the
   * consents it covers revoked, the revocation stamped honoured, all audited.
   */
  async revoke(input: NewRevocation, actor: Actor, options: RevocationOptions = {}): Promise<RecordedRevocation> {
    checkE164(input.phone);
    checkScope(input);
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime()) throw new DomainError('REVOCATION_RECEIVED_IN_FUTURE', 'receivedAt is in the future', 'invalid');
    // Before the TCPA there was nothing to revoke: such a date is a typo (0026 for 2026), and it would show a lag of centuries.
    if (receivedAt.getTime() < TCPA_ENACTED.getTime()) {
      throw new DomainError('REVOCATION_RECEIVED_TOO_EARLY', `receivedAt is before ${TCPA_ENACTED.toISOString().slice(0, 10)}, when the TCPA was enacted`, 'invalid');
    }
    const em = options.em ?? this.em;
    if (!em.isInTransaction()) return em.transactional((tx) => this.revoke(input, actor, { ...options, em: tx }));

    const added = await this.dnc.add(
      {
        phone: input.phone,
        scope: DNC_SCOPE_OF[input.scope],
        campaignId: input.scope === 'campaign' ? input.campaignId : undefined,
        product: input.scope === 'product' ? input.product : undefined,
        source: DNC_SOURCE_OF[input.channel],
        reason: revocationReason(input),
      },
      actor,
      { em, exceptLeadId: options.exceptLeadId, leadsReason: options.leadsReason ?? `${input.phone} revoked consent (${input.channel})` },
    );
    const consentsRevoked = await this.endConsents(em, input, now);
    const revocation = em.create(ConsentRevocation, {
      ...input,
      receivedAt,
      honouredAt: now,
      dncEntryId: added.entry.id,
      createdBy: actor.id ?? undefined,
    });
    this.audit.record(
      actor,
      {
        action: 'consent.revoked',
        entityType: 'consent_revocation',
        entityId: revocation.id,
        data: {
          phone: input.phone,
          channel: input.channel,
          scope: input.scope,
          campaignId: input.campaignId,
          product: input.product,
          content: input.content,
          receivedAt: receivedAt.toISOString(),
          consentId: input.consentId,
          consentsRevoked,
          dncEntryId: added.entry.id,
        },
      },
      em,
    );
    await em.flush();
    return { revocation, consentsRevoked, leadsBlocked: added.leadsBlocked };
  }

  /** Ends the live consents the revocation covers: all of the number's, or those of its campaign or product. */
  private async endConsents(em: EntityManager, input: NewRevocation, now: Date): Promise<number> {
    const covered =
      input.scope === 'all'
        ? 'true'
        : input.scope === 'campaign'
          ? 'c.campaign_id = ?::uuid'
          : `c.campaign_id in (select k.id from campaigns k where k.settings->>'product' = ?)`;
    const rows = await em.execute<{ id: string }[]>(
      `update consents c set revoked_at = ?, updated_at = now()
        where c.phone = ? and c.revoked_at is null and (c.id = ?::uuid or ${covered}) returning c.id`,
      [now, input.phone, input.consentId ?? null, ...(input.scope === 'campaign' ? [input.campaignId] : input.scope === 'product' ? [input.product] : [])],
    );
    return rows.length;
  }
}
