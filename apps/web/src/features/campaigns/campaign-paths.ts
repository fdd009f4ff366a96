import { SECTIONS } from '../../app/navigation';

/** Where the campaigns section is mounted (navigation.ts), for links that leave a nested route. */
export const CAMPAIGNS_PATH = SECTIONS.find((section) => section.key === 'campaigns')!.path;
export const campaignPath = (id: string, tab = '') => `${CAMPAIGNS_PATH}/${id}${tab ? `/${tab}` : ''}`;
