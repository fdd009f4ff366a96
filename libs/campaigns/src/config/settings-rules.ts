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
  const problem = (field: string, message: string) => problems.push({ field: `settings.${field}`, messages: [message] });
  const capPercent = `${profile.abandon.capRate * 100} %`;
  if (settings.abandon?.capRate !== undefined && settings.abandon.capRate > profile.abandon.capRate) {
    problem('abandon.capRate', `capRate may only lower the ${profile.code} cap of ${capPercent}`);
  }
  if (settings.abandon?.windowHours !== undefined && settings.abandon.windowHours !== profile.abandon.windowHours) {
    problem(
      'abandon.windowHours',
      `windowHours is set by the ${profile.code} rules: the abandon rate is measured over ${profile.abandon.windowHours} h; leave it out`,
    );
  }
  if (settings.pacing?.maxAbandonRate !== undefined && settings.pacing.maxAbandonRate > profile.abandon.capRate) {
    problem('pacing.maxAbandonRate', `maxAbandonRate may not exceed the ${profile.code} cap of ${capPercent}`);
  }
  const calendar = settings.callingHours?.holidayCalendar;
  if (calendar !== undefined && !isKnownHolidayCalendar(calendar)) {
    problem('callingHours.holidayCalendar', `holidayCalendar "${calendar}" is not a country with a known holiday calendar (e.g. US, GB, JP)`);
  }
  (settings.callingHours?.holidays ?? []).forEach((day, i) => {
    if (!isCalendarDate(day)) problem(`callingHours.holidays[${i}]`, `holidays[${i}] "${day}" is not a date of the calendar (YYYY-MM-DD)`);
  });
  const seen = new Set<string>();
  (settings.survey?.questions ?? []).forEach((question, i) => {
    const id = question.id;
    if (INHERITED_NAMES.has(id)) problem(`survey.questions[${i}].id`, `id "${id}" names a member every JavaScript object has: choose another`);
    else if (seen.has(id)) problem(`survey.questions[${i}].id`, `id "${id}" is already the id of an earlier question: each question needs its own`);
    seen.add(id);
  });
  if (settings.script !== undefined) {
    // Each tag a script may not use is named: a section, an unescaped tag, {{.}}, a field no lead has.
    const script = scriptProblems(settings.script);
    if (script.length > 0) problems.push({ field: 'settings.script', messages: script });
  }
  const reasons = settings.pauseReasons ?? [];
  const system = reasons.filter((code) => SYSTEM_PAUSE_REASONS.includes(code));
  if (system.length) problem('pauseReasons', `pauseReasons may not offer the system's own reasons: ${system.join(', ')}`);
  const repeated = reasons.filter((code, i) => reasons.indexOf(code) !== i);
  if (repeated.length) problem('pauseReasons', `pauseReasons lists ${[...new Set(repeated)].join(', ')} more than once`);
  const { seconds, maxSeconds } = settings.wrapUp ?? {};
  if (maxSeconds !== undefined && maxSeconds < (seconds ?? 30)) {
    problem('wrapUp.maxSeconds', `wrapUp.maxSeconds (${maxSeconds}) may not be shorter than the wrap-up itself (${seconds ?? 30} s)`);
  }
  return problems;
}
