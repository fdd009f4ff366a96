import { ReactNode, useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, FieldRefusal } from '../api/client';
import { withFigures } from './figures';
import { FIELD_RULES_JA, FIELD_RULES_JA_WITH_FIGURES, WEEKDAYS_JA } from './field-rules-ja';

/** Marks a control the last refusal named; ErrorNotice moves focus to the first and lists only fields no control shows. */
export const INVALID_FIELD_ATTRIBUTE = 'data-invalid-field';

/** What a refusal says of one field of a form: the field itself, or what it holds (`numbers[0]`, `message.callbackNumber`). */
export function refusalsAt(error: unknown, field: string): FieldRefusal[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`));
}

/** The figures the api states beside a code (`params`), by name. */
export type RuleParams = Readonly<Record<string, string | number>>;

/**
 * One message of the api in the page's language: in Japanese by the rule (or
 * readiness code) it reports, with the figures it states (`params`) where the
 * sentence has room for them; else the api's words.
 */
export function ruleText(rule: string | undefined, message: string, language: string, params?: RuleParams): string {
  if (!language.startsWith('ja') || !rule) return message;
  // A weekday by its name (the api gives its key: mon…); one not known is not a figure the sentence can use.
  const day = params?.day;
  const figures = params && day !== undefined ? { ...params, day: Object.hasOwn(WEEKDAYS_JA, day) ? WEEKDAYS_JA[day] : undefined } : params;
  const figured = figures && Object.hasOwn(FIELD_RULES_JA_WITH_FIGURES, rule) ? withFigures(FIELD_RULES_JA_WITH_FIGURES[rule], figures) : undefined;
  return figured ?? (Object.hasOwn(FIELD_RULES_JA, rule) ? FIELD_RULES_JA[rule] : message);
}

/** A field's messages in the page's language (`ruleText`), each once. */
export function refusalText(refusal: FieldRefusal, language: string): string[] {
  return [...new Set(refusal.messages.map((message, i) => ruleText(refusal.rules?.[i], message, language, refusal.params?.[i])))];
}

const useLanguage = () => {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? i18n.language;
};

/** A campaign readiness issue (a problem or a warning) in the page's language, by its code, with its figures. */
export function useIssueText(): (issue: { code: string; message: string; params?: RuleParams }) => string {
  const language = useLanguage();
  return useCallback((issue: { code: string; message: string; params?: RuleParams }) => ruleText(issue.code, issue.message, language, issue.params), [language]);
}

/** `refusalText` of every refusal at a field, in the page's current language. */
export function useFieldMessages(): (error: unknown, field: string) => string[] {
  const language = useLanguage();
  return useCallback((error: unknown, field: string) => [...new Set(refusalsAt(error, field).flatMap((refusal) => refusalText(refusal, language)))], [language]);
}

/** The attributes of a control the api refused: invalid, described by its message, marked for ErrorNotice. */
export function invalidControl(field: string, messageId: string) {
  return { 'aria-invalid': true, 'aria-describedby': messageId, [INVALID_FIELD_ATTRIBUTE]: field } as const;
}

/** One field as the api's refusal left it: the control's attributes and the message to show beside it (none when not refused). */
export interface FieldError {
  control: Partial<ReturnType<typeof invalidControl>>;
  message: ReactNode;
}

/** A control's attributes with its hint among what describes it, before the refusal's message. */
export function withHint(control: FieldError['control'], hintId: string): FieldError['control'] {
  return { ...control, 'aria-describedby': [hintId, control['aria-describedby']].filter(Boolean).join(' ') };
}

const NOT_REFUSED: FieldError = { control: {}, message: null };

/**
 * A form's fields as the api's refusal left them, for keyboard and screen-reader
 * users too: `field(name).control` goes on the control (aria-invalid,
 * aria-describedby), `field(name).message` beside it, once, in the page's language.
 */
export function useFieldErrors(error: unknown): (field: string) => FieldError {
  const prefix = useId();
  const messagesAt = useFieldMessages();
  return useCallback(
    (field: string) => {
      const messages = messagesAt(error, field);
      if (messages.length === 0) return NOT_REFUSED;
      const id = `${prefix}-${field}-error`;
      return {
        control: invalidControl(field, id),
        message: (
          <span id={id} className="field-error">
            {messages.join(' ')}
          </span>
        ),
      };
    },
    [error, prefix, messagesAt],
  );
}
