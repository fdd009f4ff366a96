import type { TFunction } from 'i18next';
import type { components } from '../../api/schema';

type LeadWhy = components['schemas']['LeadWhyDto'];

/**
 * A gate's verdict in the reader's language, by its stable code (the texts
 * the agent desk shows for a refused dial); the api's own sentence for a code
 * with no translation (a gate added since), so a reason is never lost.
 */
export function gateText(t: TFunction, code: string, message: string): string {
  return t(`desk.refusals.${code}`, { defaultValue: message });
}

/**
 * One sentence: is the lead being dialed and, if not, why — composed in the
 * reader's language from the api's answer (its `summary` is English), in the
 * order the api decides it: the lead's status, its campaigns, when it is due,
 * then the gates.
 */
export function whySummary(
  why: LeadWhy,
  lead: { blockedReason: string | null; lastDisposition: string | null },
  t: TFunction,
  when: (iso: string) => string,
  nowMs = Date.now(),
): string {
  if (why.status === 'dialing' || why.status === 'exhausted') return t(`lists.lead.summary.${why.status}`);
  if (why.status === 'done') {
    if (lead.lastDisposition) return t('lists.lead.summary.done', { code: lead.lastDisposition });
    return why.lastSkip ? gateText(t, why.lastSkip.code, why.lastSkip.reason) : t('lists.lead.summary.closed'); // erased, or closed by hand
  }
  if (why.status === 'blocked') return t(`lists.lead.summary.blocked.${lead.blockedReason ?? 'refused'}`, { defaultValue: why.summary });
  if (why.campaigns.length === 0) return t('lists.lead.noCampaigns');
  const live = why.campaigns.filter((campaign) => campaign.status === 'active');
  if (live.length === 0) {
    const campaigns = why.campaigns.map((c) => `${c.name}: ${t(`campaigns.statuses.${c.status}`, { defaultValue: c.status })}`).join(', ');
    return t('lists.lead.summary.noActiveCampaign', { campaigns });
  }
  const reasons = live.flatMap((campaign) => (campaign.blocking ? [gateText(t, campaign.blocking.code, campaign.blocking.message)] : []));
  // Not due yet: by the reader's clock, or by the api's when every gate passed and it still did not call it dialable (read a moment later).
  const notDue = why.nextAttemptAt && (Date.parse(why.nextAttemptAt) > nowMs || (!why.dialableNow && reasons.length === 0));
  if (why.nextAttemptAt && notDue) {
    const kind = why.status === 'callback' ? 'callbackAt' : why.status === 'retry' ? 'retryAt' : 'heldUntil';
    const scheduled = t(`lists.lead.summary.${kind}`, { at: when(why.nextAttemptAt) });
    return why.lastSkip ? `${scheduled} (${gateText(t, why.lastSkip.code, why.lastSkip.reason)})` : scheduled;
  }
  if (why.dialableNow) return t('lists.lead.summary.dialable');
  return reasons.length > 0 ? t('lists.lead.summary.notDialable', { reasons: reasons.join('; ') }) : why.summary;
}
