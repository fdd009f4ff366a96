import { Campaign, CampaignConfig, CampaignList, DispositionCode, resolveCampaignConfig } from '@dialer/campaigns';

const iso = (date?: Date | null) => date?.toISOString() ?? null;

export function campaignView(campaign: Campaign) {
  const { profile, ...effective } = resolveCampaignConfig(campaign) as CampaignConfig;
  return {
    id: campaign.id,
    name: campaign.name,
    kind: campaign.kind,
    dialingMode: campaign.dialingMode,
    status: campaign.status,
    jurisdiction: campaign.jurisdiction,
    settings: campaign.settings,
    /** The settings in force: stored ones completed with jurisdiction and product defaults. */
    effective: { ...effective, jurisdiction: profile.code },
    createdAt: iso(campaign.createdAt),
    startedAt: iso(campaign.startedAt),
    completedAt: iso(campaign.completedAt),
  };
}

export function campaignListView(attachment: CampaignList) {
  return {
    listId: attachment.list.id,
    name: attachment.list.name,
    priority: attachment.priority,
    weight: attachment.weight,
    active: attachment.active,
  };
}

export function dispositionView(code: DispositionCode) {
  return {
    code: code.code,
    label: code.label,
    isFinal: code.isFinal,
    isSuccess: code.isSuccess,
    isCallback: code.isCallback,
    isDnc: code.isDnc,
    isContact: code.isContact,
    isRefusal: code.isRefusal,
    position: code.position,
  };
}
