import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { DedupeScope, LeadList } from './entities/lead-list.entity';
import { LEAD_STATUSES, LeadStatus } from './entities/lead.entity';
import { isKnownCountry, unknownCountryField } from './normalise/phone-normaliser';

export interface NewLeadList {
  name: string;
  description?: string;
  /** ISO 3166-1 alpha-2: numbers written in national format belong to this country. */
  defaultCountry: string;
  dedupeScope?: DedupeScope;
}

export interface LeadListView {
  id: string;
  name: string;
  description: string | null;
  defaultCountry: string;
  dedupeScope: DedupeScope;
  leadCount: number;
  /** Leads by status (every status present, zero when none). */
  statusCounts: Record<LeadStatus, number>;
  createdAt: string;
}

@Injectable()
export class LeadListsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async create(input: NewLeadList, actor: Actor): Promise<LeadList> {
    const country = input.defaultCountry.toUpperCase();
    if (!isKnownCountry(country)) {
      throw new ValidationFailedError([unknownCountryField('defaultCountry', input.defaultCountry)]);
    }
    const list = this.em.create(LeadList, {
      name: input.name,
      description: input.description,
      defaultCountry: country,
      dedupeScope: input.dedupeScope ?? 'list',
      createdBy: actor.id ?? undefined,
    });
    this.audit.record(actor, {
      action: 'list.created',
      entityType: 'lead_list',
      entityId: list.id,
      data: { name: list.name, defaultCountry: country, dedupeScope: list.dedupeScope },
    });
    await this.em.flush();
    return list;
  }

  async get(id: string): Promise<LeadList> {
    const list = await this.em.findOne(LeadList, { id });
    if (!list) throw new NotFoundError('List', id);
    return list;
  }

  async view(list: LeadList): Promise<LeadListView> {
    const rows = await this.em.execute<{ status: LeadStatus; count: string }[]>(
      `select status, count(*) as count from leads where list_id = ? group by status`,
      [list.id],
    );
    const statusCounts = Object.fromEntries(LEAD_STATUSES.map((status) => [status, 0])) as Record<LeadStatus, number>;
    for (const row of rows) statusCounts[row.status] = Number(row.count);
    return {
      id: list.id,
      name: list.name,
      description: list.description ?? null,
      defaultCountry: list.defaultCountry,
      dedupeScope: list.dedupeScope,
      leadCount: Object.values(statusCounts).reduce((sum, n) => sum + n, 0),
      statusCounts,
      createdAt: list.createdAt.toISOString(),
    };
  }

  async all(): Promise<LeadList[]> {
    return this.em.find(LeadList, { archived: false }, { orderBy: { createdAt: 'desc' } });
  }

  /** The lists whose leads a new lead of this list must not duplicate; empty for `none` and `global` (all lists). */
  async scopeListIds(list: LeadList): Promise<string[]> {
    if (list.dedupeScope === 'list') return [list.id];
    if (list.dedupeScope !== 'campaign') return [];
    const rows = await this.em.execute<{ list_id: string }[]>(
      `select distinct other.list_id from campaign_lists mine
       join campaign_lists other on other.campaign_id = mine.campaign_id
       where mine.list_id = ?`,
      [list.id],
    );
    return [...new Set([list.id, ...rows.map((row) => row.list_id)])];
  }
}
