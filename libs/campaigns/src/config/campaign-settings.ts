import type { CallingHours } from '@dialer/compliance';

/** What a callee who answers a machine-detected call gets. */
export type MachineAction = 'hangup' | 'voicemail';
export type AmdMode = 'off' | 'async' | 'sync';

/** The three things the abandon message must say (FTC TSR 310.4(b)(4)(iii), Ofcom). */
export interface AbandonMessage {
  /** Who called: the seller's or the operator's name. */
  callerName: string;
  /** A number the callee can call back (E.164). */
  callbackNumber: string;
  /** How to stop further calls, e.g. "call us and say stop". */
  optOut: string;
  /** A key the callee may press during the message to stop our calls (a revocation, honoured at once). */
  optOutDigit?: string;
}

export interface SurveyQuestion {
  id: string;
  prompt: string;
  /** Allowed answers; for the IVR each is a key (`1`…`9`, `0`, `*`, `#`). */
  answers: string[];
}

export interface SurveyDefinition {
  /** Played before the first question (identity and purpose). */
  intro?: string;
  questions: SurveyQuestion[];
  /** Played after the last answer. */
  outro?: string;
  /** Key that opts the callee out: their number goes on the do-not-call list. */
  optOutDigit?: string;
}

export interface RetryRule {
  afterMinutes: number;
}

/** Outcomes a retry rule can be keyed on, besides any non-final disposition code. */
export const RETRY_OUTCOMES = ['busy', 'no_answer', 'failed', 'machine', 'abandoned', 'canceled'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

/** A lead's numbers: its main one and its two alternates, as imported (`phone`, `phone2`, `phone3`). */
export const NUMBER_SLOTS = ['main', 'alt1', 'alt2'] as const;
export type NumberSlot = (typeof NUMBER_SLOTS)[number];
/** Outcomes that say nobody was reached on a number, so the next call tries another. */
export const NEXT_NUMBER_OUTCOMES = ['busy', 'no_answer', 'failed', 'machine'] as const;
export type NextNumberOutcome = (typeof NEXT_NUMBER_OUTCOMES)[number];

/**
 * Which of a lead's numbers the campaign dials, and when it moves on to the next.
 * `order`: the numbers used, in the order tried (a lead missing one skips it).
 * `nextOn`: outcomes after which the next attempt goes to the next number
 * (an answer stays on the number that was answered). `wrongNumberCodes`:
 * dispositions that say the number is not the callee's: never dialed again
 * for the lead, and the next number is called at once.
 */
export interface NumberSettings {
  order?: NumberSlot[];
  nextOn?: NextNumberOutcome[];
  wrongNumberCodes?: string[];
}

/**
 * A campaign's settings as stored (jsonb): every field optional, missing ones
 * come from the jurisdiction profile and the product defaults
 * (`resolveCampaignConfig`). Validated on write and again when started.
 */
export interface CampaignSettings {
  pacing?: {
    maxAbandonRate?: number;
    targetAbandonRate?: number;
    powerRatio?: number;
    maxLinesPerAgent?: number;
    agentlessLines?: number;
  };
  ringTimeoutSec?: number;
  /** `falsePositiveRate`: the measured share of machine verdicts that were live people (0–1; UK counts them as abandoned). */
  amd?: { mode?: AmdMode; onMachine?: MachineAction; voicemailMessage?: string; falsePositiveRate?: number };
  /** `windowHours` is ignored: the jurisdiction profile's window always applies (see CampaignConfig.abandon). */
  abandon?: { capRate?: number; windowHours?: number; message?: Partial<AbandonMessage> };
  callingHours?: Partial<CallingHours> & {
    /** Adds the public holidays of this country (date-holidays) to `holidays`. */
    holidayCalendar?: string;
  };
  attemptLimits?: { lifetime?: number; perDay?: number };
  /** Keyed by a RetryOutcome or a non-final disposition code. */
  retryRules?: Record<string, RetryRule>;
  /** Alternate-number dialing (see NumberSettings). */
  numbers?: NumberSettings;
  callerIds?: { numbers?: string[]; localPresence?: boolean };
  /** Calls per second this campaign may place (the account's budget also applies). */
  cps?: number;
  /** Mustache template over the lead's fields (`{{firstName}}`, `{{custom.plan}}`) and `{{agent.name}}`. */
  script?: string;
  survey?: SurveyDefinition;
  recording?: { enabled?: boolean; disclosure?: string };
  /** `maxSeconds`: how long an agent may stretch a wrap-up with "extend" (never below `seconds`). */
  wrapUp?: { seconds?: number; autoReady?: boolean; maxSeconds?: number };
  /** Reason codes an agent may pause with (break, lunch…); system reasons are not among them. */
  pauseReasons?: string[];
  preview?: { autoDialAfterSec?: number | null };
  /** What is being sold; JP refusals bar the number for this product for good. */
  product?: string;
  /** JP Art. 16: stated at the start of every call. */
  identity?: { seller?: string; purpose?: string };
}
