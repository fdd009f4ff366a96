import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { API_ERRORS_JA } from './api-errors-ja';

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

/**
 * A refusal as the page's reader reads it: in Japanese, the code's own
 * sentence where there is one; otherwise the api's message (English).
 * `withOriginal`: the api's words follow the sentence, for what they name (the
 * field a check refused, the reasons offered) where the page shows nothing else.
 */
export function errorText(failure: unknown, language: string, { withOriginal = false } = {}): string {
  const code = codeOf(failure);
  const message = messageOf(failure);
  if (!language.startsWith('ja') || !code || !Object.hasOwn(API_ERRORS_JA, code)) return message;
  return withOriginal ? `${API_ERRORS_JA[code]}（${message}）` : API_ERRORS_JA[code];
}

/** `errorText` in the page's current language. */
export function useErrorText(options: { withOriginal?: boolean } = {}): (failure: unknown) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const withOriginal = options.withOriginal === true;
  return useCallback((failure: unknown) => errorText(failure, language, { withOriginal }), [language, withOriginal]);
}
