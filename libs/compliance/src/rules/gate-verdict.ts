/** The dial-time checks a lead must pass, in the order the dialer applies them. */
export const GATES = [
  // Which of the lead's numbers is dialed (its main one or an alternate), and why the others are not.
  'number',
  'dnc',
  'timezone',
  'calling_window',
  'state_rules',
  'attempt_limits',
  'collections_frequency',
  'redial_after_abandon',
  'consent',
] as const;
export type Gate = (typeof GATES)[number];

/**
 * One gate's answer for one lead at one instant: whether it passes, why not
 * in words a supervisor understands, and when it could pass (so the hopper
 * reschedules the lead instead of picking it again and again).
 */
export interface GateVerdict {
  gate: Gate;
  passed: boolean;
  /** Stable code, e.g. `OUTSIDE_CALLING_HOURS`; `OK` when passed. */
  code: string;
  message: string;
  /** Earliest instant the gate could pass; null when never (DNC) or unknown. */
  retryAt?: Date | null;
  /** What was checked, kept with the attempt as compliance evidence. */
  evidence?: Record<string, unknown>;
}

export const pass = (gate: Gate, message: string, evidence?: Record<string, unknown>): GateVerdict => ({
  gate,
  passed: true,
  code: 'OK',
  message,
  evidence,
});

export const block = (
  gate: Gate,
  code: string,
  message: string,
  retryAt: Date | null,
  evidence?: Record<string, unknown>,
): GateVerdict => ({ gate, passed: false, code, message, retryAt, evidence });
