import { CampaignStatus } from './entities/campaign.entity';

export const LIFECYCLE_ACTIONS = ['start', 'pause', 'resume', 'complete', 'archive'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** draft → active ⇄ paused → completed, and archived from anything not live. */
const TRANSITIONS: Record<LifecycleAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  complete: { from: ['active', 'paused'], to: 'completed' },
  archive: { from: ['draft', 'paused', 'completed'], to: 'archived' },
};

/** The status an action leads to, or null when the campaign's status does not allow it. */
export function nextStatus(current: CampaignStatus, action: LifecycleAction): CampaignStatus | null {
  const transition = TRANSITIONS[action];
  return transition.from.includes(current) ? transition.to : null;
}

export function allowedFrom(action: LifecycleAction): readonly CampaignStatus[] {
  return TRANSITIONS[action].from;
}

/** Going live must pass the readiness check; the others only need the right status. */
export const GOES_LIVE: ReadonlySet<LifecycleAction> = new Set(['start', 'resume']);
