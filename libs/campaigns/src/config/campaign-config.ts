import Holidays from 'date-holidays';
import { CallingHours, JURISDICTION_PROFILES, JurisdictionProfile } from '@dialer/compliance';
import type { CampaignKind, DialingMode } from '../entities/campaign.entity';
import type { Jurisdiction } from '@dialer/compliance';
import {
  AbandonMessage,
  AmdMode,
  CampaignSettings,
  MachineAction,
  NextNumberOutcome,
  NumberSlot,
  RetryRule,
  SurveyDefinition,
} from './campaign-settings';

/** Everything the runtime needs about a campaign, with every default applied. */
export interface CampaignConfig {
  kind: CampaignKind;
  mode: DialingMode;
  profile: JurisdictionProfile;
  pacing: {
    maxAbandonRate: number;
    targetAbandonRate: number;
    powerRatio: number;
    maxLinesPerAgent: number;
    agentlessLines: number;
    /** An answered callee waits at most this long for an agent (DOMAIN.md: 2 s). */
    connectGraceSec: number;
  };
  ringTimeoutSec: number;
  /**
   * `falsePositiveRate`: the share of machine verdicts estimated to have been live
   * people (AMD false positives). Where the profile counts them as abandoned (UK),
   * stats and pacing add `machines × falsePositiveRate` to the abandons and the
   * live answers. Set from the operator's own testing; `AMD_FALSE_POSITIVE_RATE`
   * otherwise (readiness warns).
   */
  amd: { mode: AmdMode; onMachine: MachineAction; voicemailMessage: string | null; falsePositiveRate: number };
  /**
   * `windowHours` is always the jurisdiction profile's (US/JP 30 days, UK 24 h): the
   * rate the law caps is measured over that window, and a campaign may not change it.
   * A shorter window forgets a bad day the law still counts (the 30-day rate can be
   * over the cap while the last 24 h look clean); a longer one averages a bad day
   * away (Ofcom judges each 24 h). `capRate` may only be lowered.
   */
  abandon: { capRate: number; windowHours: number; message: AbandonMessage | null };
  callingHours: CallingHours;
  attemptLimits: { lifetime: number; perDay: number };
  retryRules: Record<string, RetryRule>;
  /** The lead's numbers dialed, in order; the outcomes that move to the next; dispositions that kill a number. */
  numbers: { order: NumberSlot[]; nextOn: NextNumberOutcome[]; wrongNumberCodes: string[] };
  callerIds: { numbers: string[]; localPresence: boolean };
  cps: number;
  script: string;
  survey: SurveyDefinition | null;
  recording: { enabled: boolean; disclosure: string | null };
  /** `maxSeconds`: the longest a wrap-up may run with the agent's extensions. */
  wrapUp: { seconds: number; autoReady: boolean; maxSeconds: number };
  /** What an agent may pause with: the campaign's list, or DEFAULT_PAUSE_REASONS. */
  pauseReasons: string[];
  preview: { autoDialAfterSec: number | null };
  product: string | null;
  identity: { seller: string; purpose: string } | null;
}

export const CONNECT_GRACE_SEC = 2;

/** The pause reasons a campaign offers when it names none. */
export const DEFAULT_PAUSE_REASONS: readonly string[] = ['break', 'lunch', 'meeting', 'training', 'end_of_shift', 'other'];

/**
 * Reasons the system pauses an agent with (desk lost, audio gone, a preview
 * nobody dialed, joined but not yet ready, logged out...). An agent may not
 * pause with them (they would read as a fault in occupancy reports) and a
 * campaign may not offer them. `signed_out` is a supervisor's "sign out after
 * this call" (@dialer/agents SIGN_OUT_AFTER_CALL): an agent's pause with it
 * during a call would sign them out after it, and no later pause could replace it.
 */
export const SYSTEM_PAUSE_REASONS: readonly string[] = ['not_ready', 'disconnected', 'no_audio', 'after_call_work', 'preview_timeout', 'logged_out', 'signed_out'];

/** One "extend" adds this much to a wrap-up; the campaign's `wrapUp.maxSeconds` caps the total. */
export const WRAP_UP_EXTEND_SEC = 30;

/**
 * The AMD false-positive share assumed when a campaign states none: Ofcom sets
 * no figure and asks for a reasoned estimate backed by testing; 5 % of machine
 * verdicts is a cautious assumption until the operator measures their own.
 */
export const AMD_FALSE_POSITIVE_RATE = 0.05;

/**
 * Every number a lead has, main first; the next after a ring with no one
 * reached (no answer, busy, a failed or disconnected line, a machine), as
 * floors do; a wrong number is dropped for the lead.
 */
export const DEFAULT_NUMBER_SETTINGS: CampaignConfig['numbers'] = {
  order: ['main', 'alt1', 'alt2'],
  nextOn: ['busy', 'no_answer', 'failed', 'machine'],
  wrongNumberCodes: ['WRONG_NUMBER', 'WRONG_PARTY'],
};

/** Sensible retry spacing when a campaign names none (busy soon, no answer later, machines tomorrow). */
export const DEFAULT_RETRY_RULES: Record<string, RetryRule> = {
  busy: { afterMinutes: 10 },
  no_answer: { afterMinutes: 120 },
  failed: { afterMinutes: 60 },
  machine: { afterMinutes: 24 * 60 },
  abandoned: { afterMinutes: 60 },
  canceled: { afterMinutes: 30 },
};

function holidaysFrom(calendar: string | undefined, years: number[]): string[] {
  if (!calendar) return [];
  const holidays = new Holidays(calendar);
  return years.flatMap((year) =>
    (holidays.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
  );
}

export interface CampaignLike {
  kind: CampaignKind;
  dialingMode: DialingMode;
  jurisdiction: Jurisdiction;
  settings: CampaignSettings;
}

/** Stored settings + jurisdiction profile + product defaults → the config the runtime runs on. */
export function resolveCampaignConfig(campaign: CampaignLike, now: Date = new Date()): CampaignConfig {
  const profile = JURISDICTION_PROFILES[campaign.jurisdiction];
  const s = campaign.settings;
  const maxAbandonRate = Math.min(s.pacing?.maxAbandonRate ?? profile.abandon.capRate, profile.abandon.capRate);
  const year = now.getUTCFullYear();
  const message = s.abandon?.message;
  return {
    kind: campaign.kind,
    mode: campaign.dialingMode,
    profile,
    pacing: {
      maxAbandonRate,
      targetAbandonRate: s.pacing?.targetAbandonRate ?? maxAbandonRate * 0.8,
      powerRatio: s.pacing?.powerRatio ?? 2,
      maxLinesPerAgent: s.pacing?.maxLinesPerAgent ?? 3,
      agentlessLines: s.pacing?.agentlessLines ?? 5,
      connectGraceSec: CONNECT_GRACE_SEC,
    },
    ringTimeoutSec: s.ringTimeoutSec ?? Math.max(20, profile.minRingSec),
    amd: {
      mode: s.amd?.mode ?? 'off',
      onMachine: s.amd?.onMachine ?? 'hangup',
      voicemailMessage: s.amd?.voicemailMessage ?? null,
      falsePositiveRate: s.amd?.falsePositiveRate ?? AMD_FALSE_POSITIVE_RATE,
    },
    abandon: {
      capRate: Math.min(s.abandon?.capRate ?? profile.abandon.capRate, profile.abandon.capRate),
      windowHours: profile.abandon.windowHours,
      message:
        message?.callerName && message.callbackNumber && message.optOut
          ? { callerName: message.callerName, callbackNumber: message.callbackNumber, optOut: message.optOut, ...(message.optOutDigit ? { optOutDigit: message.optOutDigit } : {}) }
          : null,
    },
    callingHours: {
      weekly: s.callingHours?.weekly ?? profile.callingHours.weekly,
      holidays: [
        ...(s.callingHours?.holidays ?? profile.callingHours.holidays),
        ...holidaysFrom(s.callingHours?.holidayCalendar, [year, year + 1]),
      ],
    },
    attemptLimits: { lifetime: s.attemptLimits?.lifetime ?? 6, perDay: s.attemptLimits?.perDay ?? 3 },
    // Keyed by outcomes and the campaign's own codes: a lookup never reaches Object.prototype.
    retryRules: Object.assign(Object.create(null) as Record<string, RetryRule>, DEFAULT_RETRY_RULES, s.retryRules),
    numbers: {
      order: s.numbers?.order ?? DEFAULT_NUMBER_SETTINGS.order,
      nextOn: s.numbers?.nextOn ?? DEFAULT_NUMBER_SETTINGS.nextOn,
      wrongNumberCodes: s.numbers?.wrongNumberCodes ?? DEFAULT_NUMBER_SETTINGS.wrongNumberCodes,
    },
    callerIds: { numbers: s.callerIds?.numbers ?? [], localPresence: s.callerIds?.localPresence ?? false },
    cps: s.cps ?? 1,
    script: s.script ?? '',
    survey: s.survey ?? null,
    recording: { enabled: s.recording?.enabled ?? false, disclosure: s.recording?.disclosure ?? null },
    wrapUp: wrapUpOf(s.wrapUp),
    pauseReasons: s.pauseReasons?.length ? [...s.pauseReasons] : [...DEFAULT_PAUSE_REASONS],
    preview: { autoDialAfterSec: s.preview?.autoDialAfterSec ?? null },
    product: s.product ?? null,
    identity: s.identity?.seller && s.identity.purpose ? { seller: s.identity.seller, purpose: s.identity.purpose } : null,
  };
}

/** Default 30 s; extensions may stretch it to `maxSeconds` (default: three extensions), never below `seconds`. */
function wrapUpOf(w: CampaignSettings['wrapUp']): CampaignConfig['wrapUp'] {
  const seconds = w?.seconds ?? 30;
  return { seconds, autoReady: w?.autoReady ?? false, maxSeconds: Math.max(seconds, w?.maxSeconds ?? seconds + 3 * WRAP_UP_EXTEND_SEC) };
}
