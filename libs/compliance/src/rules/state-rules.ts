import { checkCallingWindow, CallingHours, DailyWindow, everyDay } from './calling-window';
import { block, GateVerdict, pass } from './gate-verdict';
import US_STATE_RULE_DATA from './data/us-state-rules.json';
import { UsStateFinding } from './us-states';

/** One state's telemarketing rule, stricter than federal law (mini-TCPA). */
export interface UsStateRule {
  name: string;
  /** The statute, shown with the verdict. */
  law: string;
  /** Callee-local hours, every day. */
  callingHours: DailyWindow;
  /** Calls to one person on one subject in any rolling 24 h; null: no such limit. */
  maxCallsPerSubjectPer24h: number | null;
}

/**
 * The state rules, one entry per state, kept as data (`data/us-state-rules.json`):
 * a new state's rule is one more entry there, no code.
 */
export const US_STATE_RULES: ReadonlyMap<string, UsStateRule> = new Map(Object.entries(US_STATE_RULE_DATA as Record<string, UsStateRule>));

export interface StateRuleHistory {
  /** Calls placed to this number on the same subject (product) in the last 24 h, newest or not. */
  subjectCallTimes: Date[];
}

const ROLLING_MS = 24 * 3600_000;

/** A campaign's hours narrowed to a state's: each day's window is the intersection. */
function narrowedHours(hours: CallingHours, state: DailyWindow): CallingHours {
  const stateWeek = everyDay(state.start, state.end);
  const weekly: CallingHours['weekly'] = {};
  for (const [day, window] of Object.entries(hours.weekly) as [keyof CallingHours['weekly'], DailyWindow | null | undefined][]) {
    const limit = stateWeek[day]!;
    const start = window && window.start > limit.start ? window.start : limit.start;
    const end = window && window.end < limit.end ? window.end : limit.end;
    weekly[day] = window && start < end ? { start, end } : null;
  }
  return { weekly, holidays: hours.holidays };
}

/**
 * A US callee's state rule, applied on top of federal law (the stricter wins):
 * the state's calling hours intersected with the campaign's, and its cap of
 * calls per person and subject in any rolling 24 h. A callee whose state is
 * unknown, or has no rule, passes with federal law alone.
 */
export function checkStateRules(
  now: Date,
  zones: readonly string[],
  campaignHours: CallingHours,
  finding: UsStateFinding | null,
  history: StateRuleHistory,
  rules: ReadonlyMap<string, UsStateRule> = US_STATE_RULES,
): GateVerdict {
  if (!finding) return pass('state_rules', 'State unknown: federal rules apply', { state: null });
  const rule = rules.get(finding.state);
  const base = { state: finding.state, stateSource: finding.source };
  if (!rule) return pass('state_rules', `No stricter rule in ${finding.state}: federal rules apply`, base);

  const window = checkCallingWindow(now, zones, narrowedHours(campaignHours, rule.callingHours));
  const localTimes = Object.fromEntries(window.zones.map((z) => [z.zone, z.localTime]));
  const recent = history.subjectCallTimes.filter((t) => t.getTime() > now.getTime() - ROLLING_MS && t.getTime() <= now.getTime()).sort((a, b) => a.getTime() - b.getTime());
  const evidence = { ...base, law: rule.law, callingHours: rule.callingHours, localTimes, callsOnSubjectIn24h: recent.length, maxCallsPerSubjectPer24h: rule.maxCallsPerSubjectPer24h };
  if (!window.open) {
    return block(
      'state_rules',
      'OUTSIDE_STATE_CALLING_HOURS',
      `${rule.name} (${rule.law}) allows calls ${rule.callingHours.start}–${rule.callingHours.end} callee time (${window.zones.map((z) => `${z.localTime.slice(11, 16)} in ${z.zone}`).join(', ')})`,
      window.nextOpenAt,
      evidence,
    );
  }
  const max = rule.maxCallsPerSubjectPer24h;
  if (max !== null && recent.length >= max) {
    // Callable again once the oldest call that fills the cap is 24 h old.
    const freesAt = new Date(recent[recent.length - max].getTime() + ROLLING_MS);
    return block(
      'state_rules',
      'STATE_SUBJECT_CALLS_REACHED',
      `${recent.length} calls on this subject in the last 24 h; ${rule.name} allows ${max}`,
      freesAt,
      evidence,
    );
  }
  return pass('state_rules', `${rule.name} rules met (${rule.callingHours.start}–${rule.callingHours.end}${max !== null ? `, ${recent.length}/${max} calls on this subject in 24 h` : ''})`, evidence);
}
