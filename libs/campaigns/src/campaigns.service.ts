import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { dialableStatusSql, Jurisdiction, nationalRegistryCopyDate } from '@dialer/compliance';
import { LeadList } from '@dialer/leads';
import { GOES_LIVE, LifecycleAction, nextStatus } from './campaign-lifecycle';
import {
  CampaignChangedError,
  CampaignChangeRefusedError,
  CampaignClosedError,
  CampaignNotReadyError,
  CampaignTransitionError,
  DispositionCodeTakenError,
} from './campaigns.errors';
import { CampaignConfig, CampaignLike, resolveCampaignConfig } from './config/campaign-config';
import { checkCampaignReadiness, ReadinessFacts, ReadinessIssue } from './config/campaign-readiness';
import { CampaignSettings } from './config/campaign-settings';
import { settingsProblems } from './config/settings-rules';
import { defaultDispositions, DispositionLocale, DispositionTemplate } from './default-dispositions';
import { Campaign, CampaignKind, CampaignStatus, DialingMode } from './entities/campaign.entity';
import { CampaignList } from './entities/campaign-list.entity';
import { DispositionCode } from './entities/disposition-code.entity';
import { dispositionRecordedOnCalls } from './disposition-usage.queries';

export interface NewCampaign {
  name: string;
  kind: CampaignKind;
  dialingMode: DialingMode;
  jurisdiction: Jurisdiction;
  settings?: CampaignSettings;
  /** The creator's language: the default disposition labels are written in it (English by default). */
  locale?: DispositionLocale;
}

export interface CampaignChanges {
  name?: string;
  dialingMode?: DialingMode;
  /** Top-level sections given replace the stored ones; others are kept. */
  settings?: CampaignSettings;
  /** The version the change was made from: when the campaign has moved on since, the change is refused. */
  version?: number;
}

/** Facts about the floor the campaigns lib cannot see itself. */
export type FloorFacts = Pick<ReadinessFacts, 'loggedInAgents' | 'accountCps'>;

export interface TransitionResult {
  campaign: Campaign;
  warnings: ReadinessIssue[];
}

const CLOSED: readonly CampaignStatus[] = ['completed', 'archived'];
/** Campaigns that dial (or resume dialing with a click): every change must leave them lawful. */
const LIVE: readonly CampaignStatus[] = ['active', 'paused'];
/** Only problems count when a change is checked; the floor facts feed warnings alone. */
const NO_FLOOR: FloorFacts = { loggedInAgents: 0, accountCps: Number.MAX_SAFE_INTEGER };
const issueKey = (issue: ReadinessIssue) => `${issue.code}@${issue.field}`;

/** Settings the jurisdiction would override or the runtime could not use are refused when written, naming each field. */
function assertSettingsAllowed(settings: CampaignSettings, jurisdiction: Jurisdiction): void {
  const problems = settingsProblems(settings, jurisdiction);
  if (problems.length > 0) throw new ValidationFailedError(problems);
}

/**
 * A change's settings are merged into the stored ones key by key, so a key left
 * out keeps its stored value: one sent as null (the form's emptied pause
 * reasons) goes back to its default, and is not stored.
 */
function withoutNulls(settings: CampaignSettings): CampaignSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null)) as CampaignSettings;
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Creates a draft with the kind's standard dispositions, labelled in the creator's language; defaults come from the jurisdiction at run time. */
  async create(input: NewCampaign, actor: Actor): Promise<Campaign> {
    assertSettingsAllowed(input.settings ?? {}, input.jurisdiction);
    const campaign = this.em.create(Campaign, {
      name: input.name,
      kind: input.kind,
      dialingMode: input.dialingMode,
      jurisdiction: input.jurisdiction,
      status: 'draft',
      settings: input.settings ?? {},
      createdBy: actor.id ?? undefined,
    });
    defaultDispositions(input.kind, input.locale).forEach((template, position) =>
      this.em.create(DispositionCode, { ...template, campaign, position }),
    );
    this.audit.record(actor, {
      action: 'campaign.created',
      entityType: 'campaign',
      entityId: campaign.id,
      data: { name: input.name, kind: input.kind, dialingMode: input.dialingMode, jurisdiction: input.jurisdiction, locale: input.locale ?? 'en' },
    });
    await this.em.flush();
    return campaign;
  }

  list(filter: { status?: CampaignStatus } = {}): Promise<Campaign[]> {
    return this.em.find(Campaign, filter.status ? { status: filter.status } : {}, { orderBy: { createdAt: 'desc' } });
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.em.findOne(Campaign, { id });
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }

  config(campaign: Campaign, now?: Date): CampaignConfig {
    return resolveCampaignConfig(campaign, now);
  }

  /**
   * Applies a change; one stating the version it was made from is refused
   * when the campaign has changed since. On an active or paused campaign the whole configuration
   * is checked again first, as a start would check it: a change that would
   * leave it unable to dial lawfully (no abandon message, no caller id, hours
   * outside the law...) is refused with every problem it would cause.
   */
  async update(id: string, changes: CampaignChanges, actor: Actor): Promise<Campaign> {
    return this.locked(id, (campaign) => this.change(campaign, changes, actor));
  }

  /**
   * Runs `work` on the campaign's row locked until it commits: two starts, or
   * a change and a completion, sent at once are applied one after the other,
   * each seeing the status the other left (else both starts succeed and are
   * audited twice, and a change lands on a campaign just completed). Its
   * lists and codes are changed under it too: their writes check the
   * campaign row (the foreign key) after taking the audit trail's lock, and
   * a change holding the row while it waits for that lock deadlocked with them.
   */
  private locked<T>(id: string, work: (campaign: Campaign) => Promise<T>): Promise<T> {
    return this.em.transactional(async () => {
      const campaign = await this.em.findOne(Campaign, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!campaign) throw new NotFoundError('Campaign', id);
      return work(campaign);
    });
  }

  /** What would stop the campaign from dialing, as stored now (this transaction's writes included). */
  private async storedProblems(campaign: Campaign): Promise<ReadinessIssue[]> {
    const facts = { ...NO_FLOOR, ...(await this.storedFacts(campaign.id)) };
    return checkCampaignReadiness(this.config(campaign), facts, campaign.settings).problems;
  }

  /**
   * Refuses a change to a closed campaign, as a PATCH is refused; on an active
   * or paused one, runs `work` (which flushes) and refuses it, rolled back with
   * the transaction, when it left the campaign a problem it did not have: its
   * last list detached or switched off, its last final disposition removed. An
   * agent holding a reserved call could then record no outcome.
   */
  private async keepingLive<T>(campaign: Campaign, work: () => Promise<T>): Promise<T> {
    if (CLOSED.includes(campaign.status)) throw new CampaignClosedError(campaign.status);
    if (!LIVE.includes(campaign.status)) return work();
    const known = new Set((await this.storedProblems(campaign)).map(issueKey));
    const result = await work();
    const introduced = (await this.storedProblems(campaign)).filter((problem) => !known.has(issueKey(problem)));
    if (introduced.length > 0) throw new CampaignChangeRefusedError(campaign.status, introduced);
    return result;
  }

  private async change(campaign: Campaign, { version, ...changes }: CampaignChanges, actor: Actor): Promise<Campaign> {
    const id = campaign.id;
    if (version !== undefined && !(Number.isSafeInteger(version) && version >= 0)) {
      throw new ValidationFailedError([{ field: 'version', messages: ['version must be a whole number from 0 to 9007199254740991'] }]);
    }
    // Checked under the row lock, so of two changes from one version exactly one lands.
    if (version !== undefined && version !== campaign.version) throw new CampaignChangedError(version, campaign.version);
    if (CLOSED.includes(campaign.status)) throw new CampaignClosedError(campaign.status);
    if (changes.settings !== undefined) assertSettingsAllowed(changes.settings, campaign.jurisdiction);
    const dialingMode = changes.dialingMode ?? campaign.dialingMode;
    const settings = changes.settings !== undefined ? withoutNulls({ ...campaign.settings, ...changes.settings }) : campaign.settings;
    if (LIVE.includes(campaign.status)) {
      const facts = { ...NO_FLOOR, ...(await this.storedFacts(campaign.id)) };
      const before = checkCampaignReadiness(this.config(campaign), facts, campaign.settings);
      const changed: CampaignLike = { kind: campaign.kind, jurisdiction: campaign.jurisdiction, dialingMode, settings };
      const after = checkCampaignReadiness(resolveCampaignConfig(changed), facts, settings);
      // A campaign already short of something (its lists detached...) can still be edited; a change may not add a problem.
      const known = new Set(before.problems.map(issueKey));
      const introduced = after.problems.filter((problem) => !known.has(issueKey(problem)));
      if (introduced.length > 0) throw new CampaignChangeRefusedError(campaign.status, introduced);
    }
    if (changes.name !== undefined) campaign.name = changes.name;
    campaign.dialingMode = dialingMode;
    campaign.settings = settings;
    this.audit.record(actor, { action: 'campaign.updated', entityType: 'campaign', entityId: id, data: { ...changes } });
    await this.em.flush();
    return campaign;
  }

  /** Readiness against the stored lists and dispositions plus what the caller knows of the floor. */
  async readiness(campaign: Campaign, floor: FloorFacts) {
    return checkCampaignReadiness(this.config(campaign), { ...floor, ...(await this.storedFacts(campaign.id)) }, campaign.settings);
  }

  /**
   * What readiness needs from the database: attached lists, final dispositions, leads left.
   * Called under the campaign's row lock (a start, a change) it reads on that transaction's
   * connection, one query after the other: a read on another connection would wait for a
   * free one while this one sits idle holding the lock, and the requests queued on that
   * lock hold the rest of the pool (ten starts at once wedged the api).
   */
  private async storedFacts(campaignId: string): Promise<Omit<ReadinessFacts, keyof FloorFacts>> {
    const activeLists = await this.em.count(CampaignList, { campaign: campaignId, active: true });
    const finalDispositions = await this.em.count(DispositionCode, { campaign: campaignId, isFinal: true, retiredAt: null });
    const dialableLeads = await this.countDialableLeads(campaignId);
    const registryCopyDate = await nationalRegistryCopyDate(this.em);
    return { activeLists, finalDispositions, dialableLeads, registryCopyDate, now: new Date() };
  }

  transition(id: string, action: LifecycleAction, actor: Actor, floor: FloorFacts): Promise<TransitionResult> {
    return this.locked(id, (campaign) => this.move(campaign, action, actor, floor));
  }

  private async move(campaign: Campaign, action: LifecycleAction, actor: Actor, floor: FloorFacts): Promise<TransitionResult> {
    const id = campaign.id;
    const to = nextStatus(campaign.status, action);
    if (!to) throw new CampaignTransitionError(action, campaign.status);
    let warnings: ReadinessIssue[] = [];
    if (GOES_LIVE.has(action)) {
      const report = await this.readiness(campaign, floor);
      if (report.problems.length > 0) throw new CampaignNotReadyError(report.problems, report.warnings);
      warnings = report.warnings;
    }
    const from = campaign.status;
    campaign.status = to;
    if (action === 'start') campaign.startedAt = new Date();
    if (action === 'complete') campaign.completedAt = new Date();
    this.audit.record(actor, {
      action: `campaign.${action}`,
      entityType: 'campaign',
      entityId: id,
      data: { from, to, warnings: warnings.map((w) => w.code) },
    });
    await this.em.flush();
    return { campaign, warnings };
  }

  private async countDialableLeads(campaignId: string): Promise<number> {
    // em.execute, not em.getConnection().execute: the latter ignores the transaction the caller is in.
    const [row] = await this.em.execute<{ count: string }[]>(
      `select count(*) from leads l
         join campaign_lists cl on cl.list_id = l.list_id and cl.active
        where cl.campaign_id = ? and ${dialableStatusSql('l')}`,
      [campaignId],
    );
    return Number(row.count);
  }

  // ---- lists ------------------------------------------------------------------------------

  lists(campaignId: string): Promise<CampaignList[]> {
    return this.em.find(CampaignList, { campaign: campaignId }, { populate: ['list'], orderBy: { priority: 'asc' } });
  }

  attachList(
    campaignId: string,
    listId: string,
    options: { priority?: number; weight?: number; active?: boolean },
    actor: Actor,
  ): Promise<CampaignList> {
    return this.locked(campaignId, (campaign) => this.keepingLive(campaign, () => this.attach(campaign, listId, options, actor)));
  }

  private async attach(campaign: Campaign, listId: string, options: { priority?: number; weight?: number; active?: boolean }, actor: Actor): Promise<CampaignList> {
    const campaignId = campaign.id;
    const list = await this.em.findOne(LeadList, { id: listId });
    if (!list) throw new NotFoundError('List', listId);
    const attachment =
      (await this.em.findOne(CampaignList, { campaign, list })) ?? this.em.create(CampaignList, { campaign, list });
    if (options.priority !== undefined) attachment.priority = options.priority;
    if (options.weight !== undefined) attachment.weight = options.weight;
    if (options.active !== undefined) attachment.active = options.active;
    this.audit.record(actor, { action: 'campaign.list_attached', entityType: 'campaign', entityId: campaignId, data: { listId, ...options } });
    await this.em.flush();
    return attachment;
  }

  detachList(campaignId: string, listId: string, actor: Actor): Promise<void> {
    return this.locked(campaignId, (campaign) => this.keepingLive(campaign, () => this.detach(campaignId, listId, actor)));
  }

  private async detach(campaignId: string, listId: string, actor: Actor): Promise<void> {
    const attachment = await this.em.findOne(CampaignList, { campaign: campaignId, list: listId });
    if (!attachment) throw new NotFoundError('CampaignList', `${campaignId}/${listId}`);
    this.em.remove(attachment);
    this.audit.record(actor, { action: 'campaign.list_detached', entityType: 'campaign', entityId: campaignId, data: { listId } });
    await this.em.flush();
  }

  // ---- dispositions -------------------------------------------------------------------------

  /** The codes offered for new calls (retired ones are kept for history only). */
  dispositions(campaignId: string): Promise<DispositionCode[]> {
    return this.em.find(DispositionCode, { campaign: campaignId, retiredAt: null }, { orderBy: { position: 'asc' } });
  }

  /** A code a call may be given now: a retired one is not found. */
  async disposition(campaignId: string, code: string): Promise<DispositionCode> {
    const found = await this.em.findOne(DispositionCode, { campaign: campaignId, code, retiredAt: null });
    if (!found) throw new NotFoundError('Disposition', code);
    return found;
  }

  addDisposition(campaignId: string, template: DispositionTemplate, actor: Actor): Promise<DispositionCode> {
    return this.locked(campaignId, (campaign) => this.keepingLive(campaign, () => this.add(campaign, template, actor)));
  }

  private async add(campaign: Campaign, template: DispositionTemplate, actor: Actor): Promise<DispositionCode> {
    const campaignId = campaign.id;
    const position = await this.em.count(DispositionCode, { campaign });
    // A retired code added again comes back as now described, its calls' history still under it.
    const retired = await this.em.findOne(DispositionCode, { campaign, code: template.code, retiredAt: { $ne: null } });
    const created = retired
      ? this.em.assign(retired, {
          ...{ isFinal: false, isSuccess: false, isCallback: false, isDnc: false, isContact: false, isRefusal: false },
          ...Object.fromEntries(Object.entries(template).filter(([, value]) => value !== undefined)),
          position,
          retiredAt: null,
        })
      : this.em.create(DispositionCode, { ...template, campaign, position });
    this.audit.record(actor, { action: 'disposition.created', entityType: 'campaign', entityId: campaignId, data: { ...template } });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DispositionCodeTakenError(template.code);
      throw error;
    }
    return created;
  }

  updateDisposition(
    campaignId: string,
    code: string,
    changes: Partial<Omit<DispositionTemplate, 'code'>> & { position?: number },
    actor: Actor,
  ): Promise<DispositionCode> {
    return this.locked(campaignId, (campaign) => this.keepingLive(campaign, () => this.updateCode(campaignId, code, changes, actor)));
  }

  private async updateCode(
    campaignId: string,
    code: string,
    changes: Partial<Omit<DispositionTemplate, 'code'>> & { position?: number },
    actor: Actor,
  ): Promise<DispositionCode> {
    const disposition = await this.disposition(campaignId, code);
    this.em.assign(disposition, changes);
    this.audit.record(actor, { action: 'disposition.updated', entityType: 'campaign', entityId: campaignId, data: { code, ...changes } });
    await this.em.flush();
    return disposition;
  }

  removeDisposition(campaignId: string, code: string, actor: Actor): Promise<void> {
    return this.locked(campaignId, (campaign) => this.keepingLive(campaign, () => this.removeCode(campaignId, code, actor)));
  }

  /**
   * Removes a code no call has recorded. One calls have recorded is retired
   * instead, as a contact centre does: no new call is offered it, while the
   * calls that carry it keep their outcome's meaning (settlement, reports,
   * the contacts the 7-in-7 rule counts, a subject's data).
   */
  private async removeCode(campaignId: string, code: string, actor: Actor): Promise<void> {
    const disposition = await this.disposition(campaignId, code);
    const recorded = await dispositionRecordedOnCalls(this.em, campaignId, code);
    if (recorded) disposition.retiredAt = new Date();
    else this.em.remove(disposition);
    this.audit.record(actor, { action: recorded ? 'disposition.retired' : 'disposition.removed', entityType: 'campaign', entityId: campaignId, data: { code } });
    await this.em.flush();
  }
}
