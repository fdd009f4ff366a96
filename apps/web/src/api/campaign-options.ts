import { useQuery } from '@tanstack/react-query';
import { ApiClient, unwrap } from './client';

/** What a picker reads of a campaign. */
export interface CampaignOption {
  id: string;
  name: string;
  status: string;
}

/** Every campaign, for choosing one in a form or a filter: the fields a picker needs. */
export async function fetchCampaignOptions(api: ApiClient): Promise<CampaignOption[]> {
  const campaigns = await unwrap(api.GET('/campaigns'));
  return campaigns.map(({ id, name, status }) => ({ id, name, status }));
}

const CAMPAIGN_OPTIONS_KEY = ['campaigns', 'options'] as const;

/** The campaigns to pick from, fetched once for every picker on the pages (one cache entry). */
export function useCampaignOptions(api: ApiClient, enabled = true) {
  return useQuery({ queryKey: CAMPAIGN_OPTIONS_KEY, queryFn: () => fetchCampaignOptions(api), enabled });
}
