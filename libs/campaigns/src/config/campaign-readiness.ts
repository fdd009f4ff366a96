import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DailyWindow, REGISTRY_COPY_MAX_AGE_DAYS, registryCopyAgeDays, registryCopyStale, WEEKDAYS } from '@dialer/compliance';
import { CampaignConfig } from './campaign-config';
import { CampaignSettings } from './campaign-settings';
import { scriptTagProblems, scriptTemplateProblem, unknownScriptFields } from './script-template';

/** One thing wrong (or worth knowing) about a campaign, tied to the setting to change. */
export interface ReadinessIssue {
  /** Dotted path of the setting, e.g. `settings.abandon.message.callbackNumber`. */
  field: string;
  code: string;
  message: string;
  /** The figures the message states (a limit, a profile's hours, a number), for a client to word the code in its language. */
  params?: Record<string, string | number>;
}

export interface ReadinessReport {
  /** Each blocks the start. */
  problems: ReadinessIssue[];
  /** Worth knowing; the campaign still starts. */
  warnings: ReadinessIssue[];
}

/** What the campaign's surroundings look like when someone presses start. */
export interface ReadinessFacts {
  activeLists: number;
  dialableLeads: number;
  loggedInAgents: number;
  finalDispositions: number;
  accountCps: number;
  /** US: the date of the national DNC registry copy in use (null: none loaded); absent: not checked. */
  registryCopyDate?: Date | null;
  /** When the check runs (the registry copy's age is counted to it). */
  now?: Date;
}

/** Below this many agents predictive pacing has too little pooling to beat progressive. */
export const PREDICTIVE_MIN_AGENTS = 10;

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** A share as a percentage without float noise (0.07 → 7, not 7.000000000000001). */
const asPercent = (share: number) => Number((share * 100).toFixed(4));

const validE164 = (number: string) => parsePhoneNumberFromString(number)?.isValid() === true && number.startsWith('+');

/**
 * Everything that stops a campaign from dialing lawfully and sensibly, in one
 * pass, so a manager fixes it all at once instead of one refusal at a time.
 * `settings` (as stored) lets it warn about values the config overrides.
 */
export function checkCampaignReadiness(config: CampaignConfig, facts: ReadinessFacts, settings?: CampaignSettings): ReadinessReport {
  const problems: ReadinessIssue[] = [];
  const warnings: ReadinessIssue[] = [];
  const issue = (field: string, code: string, message: string, params?: ReadinessIssue['params']): ReadinessIssue => ({ field, code, message, ...(params && { params }) });
  const problem = (field: string, code: string, message: string, params?: ReadinessIssue['params']) => problems.push(issue(field, code, message, params));
  const warn = (field: string, code: string, message: string, params?: ReadinessIssue['params']) => warnings.push(issue(field, code, message, params));
  const { mode, profile } = config;
  const withAgents = mode !== 'agentless';
  const canAbandon = mode === 'progressive' || mode === 'power' || mode === 'predictive';

  if (facts.activeLists === 0) problem('lists', 'NO_LISTS', 'Attach at least one lead list');
  else if (facts.dialableLeads === 0) warn('lists', 'NO_DIALABLE_LEADS', 'The attached lists have no lead left to dial');

  if (config.callerIds.numbers.length === 0) problem('settings.callerIds.numbers', 'NO_CALLER_ID', 'Add at least one caller id');
  config.callerIds.numbers.forEach((number, i) => {
    if (!validE164(number)) problem(`settings.callerIds.numbers[${i}]`, 'INVALID_CALLER_ID', `${number} is not a valid E.164 number`, { number });
  });

  if (config.ringTimeoutSec < profile.minRingSec) {
    problem('settings.ringTimeoutSec', 'RING_TOO_SHORT', `Ring at least ${profile.minRingSec} s before giving up (${profile.code} rule)`, {
      seconds: profile.minRingSec,
      profile: profile.code,
    });
  }

  if (canAbandon) {
    const message = config.abandon.message;
    if (!message) {
      problem(
        'settings.abandon.message',
        'ABANDON_MESSAGE_MISSING',
        'An abandoned callee must hear who called, a number to call back and how to opt out: set callerName, callbackNumber and optOut',
      );
    } else if (!validE164(message.callbackNumber)) {
      problem('settings.abandon.message.callbackNumber', 'INVALID_CALLBACK_NUMBER', `${message.callbackNumber} is not a valid E.164 number`, {
        number: message.callbackNumber,
      });
    }
  }
  if (config.pacing.maxAbandonRate > profile.abandon.capRate) {
    problem('settings.pacing.maxAbandonRate', 'ABANDON_CAP_TOO_HIGH', `The ${profile.code} cap is ${profile.abandon.capRate * 100} %`, {
      profile: profile.code,
      percent: asPercent(profile.abandon.capRate),
    });
  }
  if (config.pacing.targetAbandonRate >= config.pacing.maxAbandonRate) {
    problem('settings.pacing.targetAbandonRate', 'TARGET_NOT_UNDER_CAP', 'The target abandon rate must be under the cap');
  }

  for (const day of WEEKDAYS) {
    const window: DailyWindow | null | undefined = config.callingHours.weekly[day];
    const lawful = profile.callingHours.weekly[day];
    if (!window) continue;
    const field = `settings.callingHours.weekly.${day}`;
    if (minutes(window.start) >= minutes(window.end)) problem(field, 'EMPTY_WINDOW', `${day}: ${window.start} is not before ${window.end}`, { day, start: window.start, end: window.end });
    if (!lawful || minutes(window.start) < minutes(lawful.start) || minutes(window.end) > minutes(lawful.end)) {
      problem(
        field,
        'OUTSIDE_LAWFUL_HOURS',
        lawful
          ? `${day}: ${profile.code} calls must stay within ${lawful.start}–${lawful.end} in the callee's local time`
          : `${day}: no calls on this day under the ${profile.code} profile`,
        lawful ? { day, profile: profile.code, start: lawful.start, end: lawful.end } : { day, profile: profile.code },
      );
    }
  }
  if (WEEKDAYS.every((day) => !config.callingHours.weekly[day])) problem('settings.callingHours.weekly', 'NO_CALLING_DAYS', 'No day has calling hours');

  if (config.attemptLimits.lifetime < 1 || config.attemptLimits.perDay < 1) {
    problem('settings.attemptLimits', 'INVALID_ATTEMPT_LIMITS', 'Attempt limits must allow at least one call');
  }
  const order = config.numbers.order;
  if (order.length === 0 || new Set(order).size !== order.length) {
    problem('settings.numbers.order', 'INVALID_NUMBER_ORDER', 'Name each number to dial once, in order: main, alt1, alt2');
  } else if (!order.includes('main')) {
    warn('settings.numbers.order', 'MAIN_NUMBER_NOT_DIALED', `Only ${order.join(', ')} are dialed: leads' main numbers never are`, { numbers: order.join(', ') });
  }
  if (mode === 'power' && (config.pacing.powerRatio < 1 || config.pacing.powerRatio > config.pacing.maxLinesPerAgent)) {
    problem('settings.pacing.powerRatio', 'INVALID_POWER_RATIO', `Power ratio must be between 1 and ${config.pacing.maxLinesPerAgent}`, {
      max: config.pacing.maxLinesPerAgent,
    });
  }
  if (config.cps < 1) problem('settings.cps', 'INVALID_CPS', 'Allow at least one call per second');
  else if (config.cps > facts.accountCps) {
    warn('settings.cps', 'CPS_ABOVE_ACCOUNT', `The Twilio account allows ${facts.accountCps} calls/s; the campaign will get no more`, { cps: facts.accountCps });
  }

  // TSR: scrub against a national registry copy at most 31 days old.
  if (profile.code === 'US' && facts.registryCopyDate !== undefined && registryCopyStale(facts.registryCopyDate, facts.now ?? new Date())) {
    const age = registryCopyAgeDays(facts.registryCopyDate, facts.now ?? new Date());
    warn('dnc.registry', 'REGISTRY_COPY_STALE', `The national DNC registry copy in use is ${age} days old; load one at most ${REGISTRY_COPY_MAX_AGE_DAYS} days old`, {
      ...(age !== null && { days: age }),
      maxDays: REGISTRY_COPY_MAX_AGE_DAYS,
    });
  }

  if (mode === 'agentless') {
    if (!config.survey || config.survey.questions.length === 0) {
      problem('settings.survey', 'SURVEY_MISSING', 'An agentless campaign plays a survey: add at least one question');
    }
    if (config.pacing.agentlessLines < 1) problem('settings.pacing.agentlessLines', 'NO_LINES', 'Allow at least one line');
    if (profile.prerecordedConsent !== 'none') {
      warn('mode', 'CONSENT_REQUIRED', `${profile.code}: prerecorded calls need consent on file (${profile.prerecordedConsent} numbers); others are skipped`, {
        profile: profile.code,
      });
    }
  }
  if (config.kind === 'survey' && (!config.survey || config.survey.questions.length === 0)) {
    problem('settings.survey', 'SURVEY_MISSING', 'A survey campaign needs its questions');
  }
  config.survey?.questions.forEach((question, i) => {
    if (question.answers.length === 0) problem(`settings.survey.questions[${i}].answers`, 'NO_ANSWERS', `Question ${question.id} allows no answer`, { question: question.id });
    if (mode === 'agentless' && question.answers.some((a) => !/^[0-9*#]$/.test(a))) {
      problem(`settings.survey.questions[${i}].answers`, 'ANSWER_NOT_A_KEY', 'IVR answers are single keys: 0–9, * or #');
    }
  });

  if (config.amd.mode !== 'off' && config.amd.onMachine === 'voicemail' && !config.amd.voicemailMessage) {
    problem('settings.amd.voicemailMessage', 'VOICEMAIL_MESSAGE_MISSING', 'Leaving a voicemail needs the message to leave');
  }
  if (!(config.amd.falsePositiveRate >= 0 && config.amd.falsePositiveRate < 1)) {
    problem('settings.amd.falsePositiveRate', 'INVALID_AMD_FALSE_POSITIVE_RATE', 'The AMD false-positive rate is a share: at least 0 and under 1');
  }
  if (config.amd.mode !== 'off' && profile.abandon.countAmdFalsePositives && settings?.amd?.falsePositiveRate === undefined) {
    warn(
      'settings.amd.falsePositiveRate',
      'AMD_FALSE_POSITIVE_RATE_ASSUMED',
      `${profile.code}: calls AMD wrongly takes for machines count as abandoned; ${config.amd.falsePositiveRate * 100} % of machine verdicts is assumed until you set the rate your testing measured`,
      { profile: profile.code, percent: asPercent(config.amd.falsePositiveRate) },
    );
  }
  if (settings?.abandon?.windowHours !== undefined && settings.abandon.windowHours !== profile.abandon.windowHours) {
    warn(
      'settings.abandon.windowHours',
      'ABANDON_WINDOW_FIXED',
      `The ${profile.code} abandon rate is measured over ${profile.abandon.windowHours} h; the ${settings.abandon.windowHours} h set is ignored`,
      { profile: profile.code, hours: profile.abandon.windowHours, setHours: settings.abandon.windowHours },
    );
  }
  if (config.amd.mode === 'sync' && canAbandon) {
    warn('settings.amd.mode', 'SYNC_AMD_DELAY', 'Synchronous AMD delays the connection and eats into the 2-second budget; prefer async');
  }
  if (config.recording.enabled && !config.recording.disclosure) {
    problem('settings.recording.disclosure', 'RECORDING_DISCLOSURE_MISSING', 'A recorded call must announce it: add the disclosure');
  }
  if (profile.identityDisclosureRequired && !config.identity) {
    problem('settings.identity', 'IDENTITY_MISSING', `${profile.code}: the seller and the purpose must be stated at the start of every call`, { profile: profile.code });
  }
  if (profile.refusalIsPermanentForProduct && !config.product) {
    problem('settings.product', 'PRODUCT_MISSING', `${profile.code}: name the product, so a refusal can bar it for good`, { profile: profile.code });
  }
  // Refused on write since; a script stored before would fail every screen pop.
  const scriptProblem = scriptTemplateProblem(config.script);
  if (scriptProblem) problem('settings.script', 'INVALID_SCRIPT', `The script is not a valid template: ${scriptProblem}`);
  const refusedTags = scriptTagProblems(config.script);
  if (refusedTags.length > 0) problem('settings.script', 'INVALID_SCRIPT', `The script uses tags a script may not: ${refusedTags.map((t) => t.message).join('; ')}`);
  const unknown = unknownScriptFields(config.script);
  if (unknown.length > 0) warn('settings.script', 'UNKNOWN_SCRIPT_FIELDS', `The script uses fields no lead has: ${unknown.join(', ')}`, { fields: unknown.join(', ') });

  if (withAgents && facts.finalDispositions === 0) {
    problem('dispositions', 'NO_FINAL_DISPOSITION', 'Agents need at least one final disposition to close a lead');
  }
  if (mode === 'predictive' && facts.loggedInAgents < PREDICTIVE_MIN_AGENTS) {
    warn(
      'mode',
      'PREDICTIVE_FEW_AGENTS',
      `Predictive pacing with fewer than ${PREDICTIVE_MIN_AGENTS} agents performs poorly (${facts.loggedInAgents} logged in); progressive may serve better`,
      { min: PREDICTIVE_MIN_AGENTS, agents: facts.loggedInAgents },
    );
  }
  if (withAgents && facts.loggedInAgents === 0) warn('agents', 'NO_AGENTS', 'No agent is logged in: nothing will be dialed until one is ready');
  return { problems, warnings };
}
