import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorText } from './error-text';

/**
 * An api refusal as a person reads it: its message in the page's language
 * (errorText), then each field it names. Never a blank page: anything that is not an ApiError shows its message.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  const message = errorText(error);
  const fields = error instanceof ApiError ? error.fields : [];
  // Translated from its code: the api's own words stay below, for what they name (an encoding, a limit, a field).
  const original = error instanceof ApiError && error.message !== message ? error.message : null;
  const shown = (text: string) => (fields.length > 0 ? text.replace(/ \(.*\)$/, '') : text);
  return (
    <div className="error-notice" role="alert">
      <strong>{t('common.errorTitle')}</strong>
      <p>{shown(message)}</p>
      {original && (
        <p className="error-detail" lang="en">
          {shown(original)}
        </p>
      )}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.field}>{t('common.fieldError', { field: field.field, message: field.messages.join('; ') })}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** The messages an ApiError gives for one field, for showing beside that field of a form. */
export function fieldMessages(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`)).flatMap((f) => f.messages);
}
