import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorText } from '../../ui/error-text';

/**
 * A dial refused by the api, in the agent's language: the gate's stable
 * reason code (details.reasonCode) or the error's own code, translated under
 * desk.refusals; else as any refusal (errorText: the server's English
 * sentence for a code with no translation, a gate added since), so a refusal is never silent.
 */
export function refusalText(failure: unknown, t: TFunction, language: string): string {
  const message = errorText(failure, language, { withOriginal: true });
  if (!(failure instanceof ApiError)) return message;
  const reasonCode = typeof failure.details.reasonCode === 'string' ? failure.details.reasonCode : null;
  const retryAt = typeof failure.details.retryAt === 'string' ? new Date(failure.details.retryAt) : null;
  for (const code of [reasonCode, failure.code]) {
    if (!code) continue;
    const key = `desk.refusals.${code}`;
    const text = t(key, { defaultValue: '' });
    if (!text) continue;
    if (!retryAt || Number.isNaN(retryAt.getTime())) return text;
    const time = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(retryAt);
    return `${text} ${t('desk.refusals.retryAt', { time })}`;
  }
  return message;
}
