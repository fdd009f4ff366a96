import {
  blockGate,
  checkAttemptLimits,
  checkCallingWindow,
  checkCollectionsFrequency,
  checkConsent,
  checkRedialAfterAbandon,
  checkStateRules,
  consentRequired,
  GateVerdict,
  passGate,
  usStateOf,
} from '@dialer/compliance';
import { CampaignConfig } from '@dialer/campaigns';

/** Everything the gates need to know about one lead, read in one batch by the hopper. */
export interface LeadDialFacts {
  leadId: string;
  phone: string;
  phoneType: string | null;
  status: string;
  timezoneCandidates: string[];
  onDnc: boolean;
  attemptsTotal: number;
  /** Attempts since midnight in the lead's first candidate zone. */
  attemptsToday: number;
  /** Collections only: calls and the last conversation about the same debt. */
  debt: { callTimes: Date[]; lastConversationAt: Date | null } | null;
  lastAbandonedAt: Date | null;
  /** The lead's region and ZIP columns (US state rules). */
  region: string | null;
  postalCode: string | null;
  /** US only: calls to this number on the campaign's subject in the last 24 h. */
  subjectCallTimes: Date[];
  consent: { grantedAt: Date; revokedAt: Date | null } | null;
}

export interface DialContext {
  /** Preview and manual dials: an agent is on the line before the callee answers. */
  liveAgentGuaranteed: boolean;
}

/**
 * Every dial-time gate for one lead, in order, all evaluated (so "why" can
 * show the whole picture). The lead may be dialed only if all pass.
 */
export function evaluateDialGates(facts: LeadDialFacts, config: CampaignConfig, now: Date, context: DialContext): GateVerdict[] {
  const zones = facts.timezoneCandidates;
  const zone = zones[0];
  const verdicts: GateVerdict[] = [
    facts.onDnc
      ? blockGate('dnc', 'ON_DNC', `${facts.phone} is on a do-not-call list`, null, { checkedAt: now.toISOString() })
      : passGate('dnc', 'Not on any do-not-call list that applies', { checkedAt: now.toISOString() }),
  ];
  if (!zone) {
    verdicts.push(blockGate('timezone', 'NO_TIMEZONE', 'The callee’s time zone is unknown, so their calling hours are too', null));
    return verdicts;
  }
  verdicts.push(passGate('timezone', `Local time from ${zones.join(', ')}`, { zones }));

  const window = checkCallingWindow(now, zones, config.callingHours);
  const localTimes = Object.fromEntries(window.zones.map((z) => [z.zone, z.localTime]));
  verdicts.push(
    window.open
      ? passGate('calling_window', 'Within calling hours in every zone the callee may be in', { localTimes })
      : blockGate(
          'calling_window',
          window.zones.find((z) => !z.open)?.reason ?? 'OUTSIDE_CALLING_HOURS',
          `Outside calling hours for the callee (${window.zones.map((z) => `${z.localTime.slice(11, 16)} in ${z.zone}`).join(', ')})`,
          window.nextOpenAt,
          { localTimes },
        ),
  );

  if (config.profile.code === 'US') {
    const state = usStateOf({ region: facts.region, postalCode: facts.postalCode, phone: facts.phone });
    verdicts.push(checkStateRules(now, zones, config.callingHours, state, { subjectCallTimes: facts.subjectCallTimes }));
  }

  // A callback was asked for by the callee: it does not spend the lifetime limit.
  const lifetime = facts.status === 'callback' ? Number.MAX_SAFE_INTEGER : config.attemptLimits.lifetime;
  verdicts.push(
    checkAttemptLimits(now, zone, { lifetime, perDay: config.attemptLimits.perDay }, { total: facts.attemptsTotal, today: facts.attemptsToday }),
  );

  if (config.kind === 'collections') {
    verdicts.push(checkCollectionsFrequency(now, zone, facts.debt ?? { callTimes: [], lastConversationAt: null }));
  }
  verdicts.push(checkRedialAfterAbandon(now, config.profile.redialAfterAbandon, facts.lastAbandonedAt, context.liveAgentGuaranteed));
  const prerecorded = config.mode === 'agentless';
  verdicts.push(checkConsent(consentRequired(config.profile.prerecordedConsent, prerecorded, facts.phoneType), facts.consent));
  return verdicts;
}

/** The first gate that blocks, or null when the lead may be dialed now. */
export function firstBlocking(verdicts: readonly GateVerdict[]): GateVerdict | null {
  return verdicts.find((verdict) => !verdict.passed) ?? null;
}

/** What is kept with the attempt as evidence the law was followed. */
export function gateEvidence(verdicts: readonly GateVerdict[]): Record<string, unknown> {
  return Object.fromEntries(verdicts.map((v) => [v.gate, { passed: v.passed, code: v.code, ...(v.evidence ?? {}) }]));
}
