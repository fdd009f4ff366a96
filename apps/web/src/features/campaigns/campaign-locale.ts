import type { components } from '../../api/schema';

export type CampaignLocale = NonNullable<components['schemas']['CreateCampaignDto']['locale']>;

/** The language a new campaign's default outcome labels are written in: the creator's page's (Japanese or English). */
export function campaignLocaleOf(language: string | undefined): CampaignLocale {
  return language?.startsWith('ja') ? 'ja' : 'en';
}
