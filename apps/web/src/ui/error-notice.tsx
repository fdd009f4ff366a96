import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * An api refusal as a person reads it: the server's message, then each field
 * it names. Never a blank page: anything that is not an ApiError shows its message.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="error-notice" role="alert">
      <strong>{t('common.errorTitle')}</strong>
      <p>{error instanceof ApiError && fields.length > 0 ? message.replace(/ \(.*\)$/, '') : message}</p>
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
