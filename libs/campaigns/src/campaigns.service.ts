import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { Jurisdiction } from '@dialer/compliance';
import { LeadList } from '@dialer/leads';
import { GOES_LIVE, LifecycleAction, nextStatus } from './campaign-lifecycle';
import {
  CampaignClosedError,
  CampaignNotReadyError,
  CampaignTransitionError,
  DispositionCodeTakenError,
} from './campaigns.errors';
import { CampaignConfig, resolveCampaignConfig } from './config/campaign-config';
import { checkCampaignReadiness, ReadinessFacts, ReadinessIssue } from './config/campaign-readiness';
import { CampaignSettings } from './config/campaign-settings';
import { DEFAULT_DISPOSITIONS, DispositionTemplate } from './default-dispositions';
import { Campaign, CampaignKind, CampaignStatus, DialingMode } from './entities/campaign.entity';
import { CampaignList } from './entities/campaign-list.entity';
import { DispositionCode } from './entities/disposition-code.entity';

export interface NewCampaign {
  name: string;
  kind: CampaignKind;
  dialingMode: DialingMode;
  jurisdiction: Jurisdiction;
  settings?: CampaignSettings;
}

export interface CampaignChanges {
  name?: string;
  dialingMode?: DialingMode;
  /** Top-level sections given replace the stored ones; others are kept. */
  settings?: CampaignSettings;
}

/** Facts about the floor the campaigns lib cannot see itself. */
export type FloorFacts = Pick<ReadinessFacts, 'loggedInAgents' | 'accountCps'>;

export interface TransitionResult {
  campaign: Campaign;
  warnings: ReadinessIssue[];
}

const CLOSED: readonly CampaignStatus[] = ['completed', 'archived'];

@Injectable()
export class CampaignsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Creates a draft with the kind's standard dispositions; defaults come from the jurisdiction at run time. */
  async create(input: NewCampaign, actor: Actor): Promise<Campaign> {
    const campaign = this.em.create(Campaign, {
      name: input.name,
      kind: input.kind,
      dialingMode: input.dialingMode,
      jurisdiction: input.jurisdiction,
      status: 'draft',
      settings: input.settings ?? {},
      createdBy: actor.id ?? undefined,
    });
    DEFAULT_DISPOSITIONS[input.kind].forEach((template, position) =>
      this.em.create(DispositionCode, { ...template, campaign, position }),
    );
    this.audit.record(actor, {
      action: 'campaign.created',
      entityType: 'campaign',
      entityId: campaign.id,
      data: { name: input.name, kind: input.kind, dialingMode: input.dialingMode, jurisdiction: input.jurisdiction },
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

  async update(id: string, changes: CampaignChanges, actor: Actor): Promise<Campaign> {
    const campaign = await this.get(id);
    if (CLOSED.includes(campaign.status)) throw new CampaignClosedError(campaign.status);
    if (changes.name !== undefined) campaign.name = changes.name;
    if (changes.dialingMode !== undefined) campaign.dialingMode = changes.dialingMode;
    if (changes.settings !== undefined) campaign.settings = { ...campaign.settings, ...changes.settings };
    this.audit.record(actor, { action: 'campaign.updated', entityType: 'campaign', entityId: id, data: { ...changes } });
    await this.em.flush();
    return campaign;
  }

  /** Readiness against the stored lists and dispositions plus what the caller knows of the floor. */
  async readiness(campaign: Campaign, floor: FloorFacts) {
    const [activeLists, finalDispositions, dialableLeads] = await Promise.all([
      this.em.count(CampaignList, { campaign, active: true }),
      this.em.count(DispositionCode, { campaign, isFinal: true }),
      this.countDialableLeads(campaign.id),
    ]);
    return checkCampaignReadiness(this.config(campaign), { ...floor, activeLists, finalDispositions, dialableLeads });
  }

  async transition(id: string, action: LifecycleAction, actor: Actor, floor: FloorFacts): Promise<TransitionResult> {
    const campaign = await this.get(id);
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
    const [row] = await this.em.getConnection().execute<{ count: string }[]>(
      `select count(*) from leads l
         join campaign_lists cl on cl.list_id = l.list_id and cl.active
        where cl.campaign_id = ? and l.status in ('new', 'retry', 'callback')`,
      [campaignId],
    );
    return Number(row.count);
  }

  // ---- lists ------------------------------------------------------------------------------

  lists(campaignId: string): Promise<CampaignList[]> {
    return this.em.find(CampaignList, { campaign: campaignId }, { populate: ['list'], orderBy: { priority: 'asc' } });
  }

  async attachList(
    campaignId: string,
    listId: string,
    options: { priority?: number; weight?: number; active?: boolean },
    actor: Actor,
  ): Promise<CampaignList> {
    const campaign = await this.get(campaignId);
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

  async detachList(campaignId: string, listId: string, actor: Actor): Promise<void> {
    const attachment = await this.em.findOne(CampaignList, { campaign: campaignId, list: listId });
    if (!attachment) throw new NotFoundError('CampaignList', `${campaignId}/${listId}`);
    this.em.remove(attachment);
    this.audit.record(actor, { action: 'campaign.list_detached', entityType: 'campaign', entityId: campaignId, data: { listId } });
    await this.em.flush();
  }

  // ---- dispositions -------------------------------------------------------------------------

  dispositions(campaignId: string): Promise<DispositionCode[]> {
    return this.em.find(DispositionCode, { campaign: campaignId }, { orderBy: { position: 'asc' } });
  }

  async disposition(campaignId: string, code: string): Promise<DispositionCode> {
    const found = await this.em.findOne(DispositionCode, { campaign: campaignId, code });
    if (!found) throw new NotFoundError('Disposition', code);
    return found;
  }

  async addDisposition(campaignId: string, template: DispositionTemplate, actor: Actor): Promise<DispositionCode> {
    const campaign = await this.get(campaignId);
    const position = await this.em.count(DispositionCode, { campaign });
    const created = this.em.create(DispositionCode, { ...template, campaign, position });
    this.audit.record(actor, { action: 'disposition.created', entityType: 'campaign', entityId: campaignId, data: { ...template } });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DispositionCodeTakenError(template.code);
      throw error;
    }
    return created;
  }

  async updateDisposition(
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

  async removeDisposition(campaignId: string, code: string, actor: Actor): Promise<void> {
    const disposition = await this.disposition(campaignId, code);
    this.em.remove(disposition);
    this.audit.record(actor, { action: 'disposition.removed', entityType: 'campaign', entityId: campaignId, data: { code } });
    await this.em.flush();
  }
}
