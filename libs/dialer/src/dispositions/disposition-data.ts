import { DateTime } from 'luxon';
import { CampaignKind, SurveyDefinition } from '@dialer/campaigns';
import { FieldProblem } from '@dialer/core';

/** Codes whose data is checked per campaign kind (DOMAIN.md outcomes). */
const CURRENCY = /^[A-Z]{3}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export interface DispositionInput {
  code: string;
  /** Kind-specific details (see `checkDispositionData`). */
  data?: Record<string, unknown>;
  /** For callback codes: the callee's local date and time, `YYYY-MM-DDTHH:mm`. */
  callbackAt?: string;
  /** A callback for the agent who took the call only. */
  personalCallback?: boolean;
  notes?: string;
  /** JP: the identity disclosure the agent confirmed (items said, and when), kept with the attempt as evidence. */
  disclosure?: { items: string[]; confirmedAt: string };
}

interface Rule {
  required: Record<string, (value: unknown) => string | null>;
  optional: Record<string, (value: unknown) => string | null>;
}

/**
 * The largest amount an outcome may carry, in minor units (10^12: ten billion
 * dollars in cents, a trillion yen). The reports read amounts as bigint and
 * sum them into JavaScript numbers: below this, thousands of them still add up
 * exactly (Number.MAX_SAFE_INTEGER is about 9 × 10^15).
 */
export const MAX_AMOUNT_MINOR_UNITS = 1_000_000_000_000;

const integer = (min: number) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_AMOUNT_MINOR_UNITS
    ? null
    : `must be a whole number from ${min} to ${MAX_AMOUNT_MINOR_UNITS} (minor units)`;
const currency = (value: unknown) => (typeof value === 'string' && CURRENCY.test(value) ? null : 'must be an ISO currency code such as USD or JPY');
const text = (max: number) => (value: unknown) =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max ? null : `must be text of 1–${max} characters`;
// Year 0000 is no date to PostgreSQL (its dates start at 0001-01-01).
const localDate = (value: unknown) =>
  typeof value === 'string' && LOCAL_DATE.test(value) && !value.startsWith('0000') && DateTime.fromISO(value).isValid ? null : 'must be a date YYYY-MM-DD';
const instant = (value: unknown) => (typeof value === 'string' && DateTime.fromISO(value, { setZone: true }).isValid && /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? null : 'must be an ISO date-time with its offset');

const RULES: Partial<Record<CampaignKind, Record<string, Rule>>> = {
  telemarketing: {
    SALE: { required: {}, optional: { amount: integer(0), currency, product: text(200) } },
    APPOINTMENT: { required: { appointmentAt: instant }, optional: { location: text(300) } },
  },
  collections: {
    PROMISE_TO_PAY: { required: { amount: integer(1), currency, date: localDate }, optional: {} },
    PAID: { required: {}, optional: { amount: integer(1), currency, date: localDate, reference: text(100) } },
    DISPUTE: { required: { reason: text(1000) }, optional: {} },
  },
};

/**
 * Checks the details an agent records with a disposition against the
 * campaign's kind: a promise to pay needs its amount and date, a dispute its
 * reason, a survey its answers (each one of the allowed ones). Returns every
 * problem, named by field.
 */
export function checkDispositionData(
  kind: CampaignKind,
  code: string,
  data: Record<string, unknown>,
  survey: SurveyDefinition | null,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `data.${field}`, messages: [message] });

  if (kind === 'survey' && survey) {
    const answers = (data.answers ?? {}) as Record<string, unknown>;
    if (typeof answers !== 'object' || Array.isArray(answers)) add('answers', 'must map question ids to answers');
    const questions = new Map(survey.questions.map((q) => [q.id, q]));
    for (const [id, answer] of Object.entries(answers)) {
      const question = questions.get(id);
      if (!question) add(`answers.${id}`, 'is not a question of this survey');
      else if (!question.answers.includes(String(answer))) add(`answers.${id}`, `must be one of ${question.answers.join(', ')}`);
    }
    if (code === 'COMPLETED') {
      // Own answers only: `in` would find a question id such as `constructor` on every object.
      for (const q of survey.questions) if (!Object.hasOwn(answers, q.id)) add(`answers.${q.id}`, 'is required to complete the survey');
    }
    for (const key of Object.keys(data)) if (key !== 'answers') add(key, 'is not a survey field');
    return problems;
  }

  const rule = RULES[kind]?.[code];
  if (!rule) {
    for (const key of Object.keys(data)) add(key, `${code} takes no details`);
    return problems;
  }
  for (const [field, check] of Object.entries(rule.required)) {
    if (data[field] === undefined) add(field, `is required for ${code}`);
    else {
      const problem = check(data[field]);
      if (problem) add(field, problem);
    }
  }
  for (const [field, value] of Object.entries(data)) {
    if (field in rule.required) continue;
    const check = rule.optional[field];
    if (!check) add(field, `is not a detail of ${code}`);
    else {
      const problem = check(value);
      if (problem) add(field, problem);
    }
  }
  return problems;
}

/** The callee's local `YYYY-MM-DDTHH:mm` in their zone, as an instant; null when not a valid local time. */
export function callbackInstant(local: string, zone: string): Date | null {
  if (!LOCAL_DATE_TIME.test(local)) return null;
  const parsed = DateTime.fromISO(local, { zone });
  return parsed.isValid ? parsed.toJSDate() : null;
}
