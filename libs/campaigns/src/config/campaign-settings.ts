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
  /** How to stop further calls, e.g. "press 9 now or call us and say stop". */
  optOut: string;
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
  callerIds?: { numbers?: string[]; localPresence?: boolean };
  /** Calls per second this campaign may place (the account's budget also applies). */
  cps?: number;
  /** Mustache template over the lead's fields (`{{firstName}}`, `{{custom.plan}}`) and `{{agent.name}}`. */
  script?: string;
  survey?: SurveyDefinition;
  recording?: { enabled?: boolean; disclosure?: string };
  wrapUp?: { seconds?: number; autoReady?: boolean };
  preview?: { autoDialAfterSec?: number | null };
  /** What is being sold; JP refusals bar the number for this product for good. */
  product?: string;
  /** JP Art. 16: stated at the start of every call. */
  identity?: { seller?: string; purpose?: string };
}
