import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { API_ERRORS_JA, API_ERRORS_JA_WITH_DETAILS } from './api-errors-ja';
import { withFigures } from './figures';

/** The code of a refusal: a REST ApiError's, a desk action's, or the desk socket's `error` message's. */
function codeOf(failure: unknown): string | undefined {
  const code = typeof failure === 'object' && failure !== null ? (failure as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  const message = typeof failure === 'object' && failure !== null ? (failure as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(failure);
}

function detailsOf(failure: unknown): Record<string, unknown> {
  const details = typeof failure === 'object' && failure !== null ? (failure as { details?: unknown }).details : undefined;
  return typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}

/**
 * A refusal's Japanese sentence with the figures its `details` give (a byte
 * and its line, column counts, the file's columns), by the code's variant for
 * a detail first (`NO_ROWS.reason=ONLY_DELIMITERS`); undefined when no
 * sentence has all its figures given.
 */
function japaneseWithDetails(code: string, failure: unknown): string | undefined {
  const details = detailsOf(failure);
  const figures: Record<string, unknown> = { ...details };
  if (Array.isArray(details.columns) && details.columns.every((column) => typeof column === 'string')) {
    figures.columnList = (details.columns as string[]).map((column) => `「${column}」`).join('、');
  }
  const variants = Object.entries(details)
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => `${code}.${name}=${value as string}`);
  for (const key of [...variants, code]) {
    if (!Object.hasOwn(API_ERRORS_JA_WITH_DETAILS, key)) continue;
    const text = withFigures(API_ERRORS_JA_WITH_DETAILS[key], figures);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * A refusal as the page's reader reads it: in Japanese, the code's own
 * sentence where there is one, with the figures the api gives in its details
 * (which byte, on which line; how many columns) where it gives them;
 * otherwise the api's message (English).
 * `withOriginal`: the api's words follow the sentence, for what they name (the
 * field a check refused, the reasons offered) where the page shows nothing else.
 */
export function errorText(failure: unknown, language: string, { withOriginal = false } = {}): string {
  const code = codeOf(failure);
  const message = messageOf(failure);
  if (!language.startsWith('ja') || !code || !Object.hasOwn(API_ERRORS_JA, code)) return message;
  const japanese = japaneseWithDetails(code, failure) ?? API_ERRORS_JA[code];
  return withOriginal ? `${japanese}（${message}）` : japanese;
}

/** `errorText` in the page's current language. */
export function useErrorText(options: { withOriginal?: boolean } = {}): (failure: unknown) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const withOriginal = options.withOriginal === true;
  return useCallback((failure: unknown) => errorText(failure, language, { withOriginal }), [language, withOriginal]);
}
