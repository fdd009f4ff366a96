/** The tabs of a campaign's page. */
export const TABS = ['settings', 'script', 'survey', 'dispositions', 'lists'] as const;
export type Tab = (typeof TABS)[number];

/** The tab where a readiness issue's field is edited; null for what no page here changes (agents logged in, the DNC registry copy). */
export function tabOf(field: string): Tab | null {
  if (field === 'lists') return 'lists';
  if (field === 'dispositions') return 'dispositions';
  if (field.startsWith('settings.script')) return 'script';
  if (field.startsWith('settings.survey')) return 'survey';
  if (field.startsWith('settings.') || field === 'mode') return 'settings';
  return null;
}

