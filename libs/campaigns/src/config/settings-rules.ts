import Holidays from 'date-holidays';
import type { FieldProblem } from '@dialer/core';
import { JURISDICTION_PROFILES, Jurisdiction } from '@dialer/compliance';
import { CampaignSettings } from './campaign-settings';
import { SYSTEM_PAUSE_REASONS } from './campaign-config';
import { scriptProblems } from './script-template';

let holidayCalendars: ReadonlySet<string> | undefined;

/** Countries date-holidays knows (`US`, `JP`...): a calendar it does not know would add no holiday, silently. */
export function isKnownHolidayCalendar(code: string): boolean {
  holidayCalendars ??= new Set(Object.keys(new Holidays().getCountries()));
  return holidayCalendars.has(code);
}

/** YYYY-MM-DD naming a day that exists (no 2026-02-30, no month 13). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Names every object inherits (`constructor`, `toString`, `__proto__`...): a
 * survey answer is keyed by its question's id, and the api refuses such keys
 * in every body, so a question so named could never be answered.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

/**
 * What a campaign's settings may not say under its jurisdiction, checked when
 * they are written: the law's profile pins the abandon window and caps the
 * rate, so a campaign may lower the cap but not raise it, and may state the
 * window only as the profile has it. Storing other values would be ignored at
 * run time, which the manager would never learn.
 */
export function settingsProblems(settings: CampaignSettings, jurisdiction: Jurisdiction): FieldProblem[] {
  const profile = JURISDICTION_PROFILES[jurisdiction];
  const problems: FieldProblem[] = [];
  // Each with its rule's code and what it names (`params`): a client words it in its own language.
  const problem = (field: string, rule: string, message: string, params?: Record<string, string | number>) =>
    problems.push({ field: `settings.${field}`, messages: [message], rules: [rule], params: [params] });
  const capPercent = `${profile.abandon.capRate * 100} %`;
  const cap = { profile: profile.code, percent: profile.abandon.capRate * 100 };
  if (settings.abandon?.capRate !== undefined && settings.abandon.capRate > profile.abandon.capRate) {
    problem('abandon.capRate', 'ABANDON_CAP_TOO_HIGH', `capRate may only lower the ${profile.code} cap of ${capPercent}`, cap);
  }
  if (settings.abandon?.windowHours !== undefined && settings.abandon.windowHours !== profile.abandon.windowHours) {
    problem(
      'abandon.windowHours',
      'ABANDON_WINDOW_SET_BY_LAW',
      `windowHours is set by the ${profile.code} rules: the abandon rate is measured over ${profile.abandon.windowHours} h; leave it out`,
      { profile: profile.code, hours: profile.abandon.windowHours },
    );
  }
  if (settings.pacing?.maxAbandonRate !== undefined && settings.pacing.maxAbandonRate > profile.abandon.capRate) {
    problem('pacing.maxAbandonRate', 'TARGET_ABOVE_CAP', `maxAbandonRate may not exceed the ${profile.code} cap of ${capPercent}`, cap);
  }
  const weekly = settings.callingHours?.weekly;
  if (weekly !== undefined && weekly !== null && !Object.values(weekly).some(Boolean)) {
    // A week of its own with no day in it would never dial: the start would be refused for it later, far from the form.
    problem('callingHours.weekly', 'NO_CALLING_DAYS', 'callingHours.weekly gives no day calling hours: give at least one day a window, or leave weekly out for the jurisdiction\'s hours');
  }
  const calendar = settings.callingHours?.holidayCalendar;
  if (calendar !== undefined && !isKnownHolidayCalendar(calendar)) {
    problem(
      'callingHours.holidayCalendar',
      'UNKNOWN_HOLIDAY_CALENDAR',
      `holidayCalendar "${calendar}" is not a country with a known holiday calendar (e.g. US, GB, JP)`,
      { calendar },
    );
  }
  (settings.callingHours?.holidays ?? []).forEach((day, i) => {
    if (!isCalendarDate(day)) problem(`callingHours.holidays[${i}]`, 'NOT_A_CALENDAR_DATE', `holidays[${i}] "${day}" is not a date of the calendar (YYYY-MM-DD)`, { date: day });
  });
  const seen = new Set<string>();
  (settings.survey?.questions ?? []).forEach((question, i) => {
    const id = question.id;
    const field = `survey.questions[${i}].id`;
    if (INHERITED_NAMES.has(id)) problem(field, 'QUESTION_ID_RESERVED', `id "${id}" names a member every JavaScript object has: choose another`, { id });
    else if (seen.has(id)) problem(field, 'QUESTION_ID_REPEATED', `id "${id}" is already the id of an earlier question: each question needs its own`, { id });
    seen.add(id);
  });
  if (settings.script !== undefined) {
    // Each tag a script may not use is named: a section, an unescaped tag, {{.}}, a field no lead has.
    const script = scriptProblems(settings.script);
    if (script.length > 0) {
      problems.push({
        field: 'settings.script',
        messages: script.map((p) => p.message),
        rules: script.map((p) => p.code),
        params: script.map((p) => p.params),
      });
    }
  }
  const reasons = settings.pauseReasons ?? [];
  const system = reasons.filter((code) => SYSTEM_PAUSE_REASONS.includes(code));
  if (system.length) problem('pauseReasons', 'SYSTEM_PAUSE_REASON', `pauseReasons may not offer the system's own reasons: ${system.join(', ')}`, { reasons: system.join(', ') });
  const repeated = [...new Set(reasons.filter((code, i) => reasons.indexOf(code) !== i))];
  if (repeated.length) problem('pauseReasons', 'PAUSE_REASON_REPEATED', `pauseReasons lists ${repeated.join(', ')} more than once`, { reasons: repeated.join(', ') });
  const { seconds, maxSeconds } = settings.wrapUp ?? {};
  if (maxSeconds !== undefined && maxSeconds < (seconds ?? 30)) {
    problem(
      'wrapUp.maxSeconds',
      'WRAP_UP_MAX_TOO_SHORT',
      `wrapUp.maxSeconds (${maxSeconds}) may not be shorter than the wrap-up itself (${seconds ?? 30} s)`,
      { max: maxSeconds, seconds: seconds ?? 30 },
    );
  }
  return problems;
}
