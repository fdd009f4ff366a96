import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, NotFoundError } from '@dialer/core';
import { Campaign, CampaignConfig, resolveCampaignConfig } from '@dialer/campaigns';

const TTL_MS = 5_000;

export interface CachedCampaign {
  campaign: Campaign;
  config: CampaignConfig;
}

/**
 * Campaign settings for the call flow's hot path (every answered call):
 * read at most every few seconds per campaign, so an edit applies within
 * seconds without a query per call.
 */
@Injectable()
export class CampaignConfigCache {
  private readonly entries = new Map<string, { value: CachedCampaign; expiresAt: number }>();

  constructor(
    private readonly em: EntityManager,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(campaignId: string): Promise<CachedCampaign> {
    const now = this.clock.now();
    const cached = this.entries.get(campaignId);
    if (cached && cached.expiresAt > now.getTime()) return cached.value;
    const campaign = await this.em.fork().findOne(Campaign, { id: campaignId });
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
    const value = { campaign, config: resolveCampaignConfig(campaign, now) };
    this.entries.set(campaignId, { value, expiresAt: now.getTime() + TTL_MS });
    return value;
  }
}
