import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorText } from './error-text';
import { INVALID_FIELD_ATTRIBUTE, refusalsAt, useFieldMessages } from './field-errors';

/** Whether a refusal's field is shown beside one of the controls marked in the form (`useFieldErrors`). */
const shownAt = (placed: string[], field: string) => placed.some((control) => field === control || field.startsWith(`${control}.`) || field.startsWith(`${control}[`));

/**
 * An api refusal as a person reads it: its sentence in the page's language
 * (errorText). In a form, each field it names is shown once: beside its control
 * when the form marks one (focus moves to the first), else listed here (and focus comes here).
 * Never a blank page: anything that is not an ApiError shows its message.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const messagesAt = useFieldMessages();
  const notice = useRef<HTMLDivElement>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  // Before paint, after the form's controls have their marks: keyboard and screen-reader users land on what to fix.
  useLayoutEffect(() => {
    const form = notice.current?.closest('form');
    if (!error || !form) return setPlaced([]);
    const marked = [...form.querySelectorAll<HTMLElement>(`[${INVALID_FIELD_ATTRIBUTE}]`)];
    setPlaced(marked.map((control) => control.getAttribute(INVALID_FIELD_ATTRIBUTE) ?? ''));
    (marked[0] ?? notice.current)?.focus();
  }, [error]);
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  // The api's message repeats each field with its path; the fields show below or beside their controls instead.
  const message = fields.length > 0 ? t(`common.fieldsRefused.${(error as ApiError).code}`, { defaultValue: t('common.fieldsRefused.VALIDATION_FAILED') }) : errorText(error);
  // Translated from its code: the api's own words stay below, for what they name (an encoding, a limit).
  const original = error instanceof ApiError && fields.length === 0 && error.message !== message ? error.message : null;
  const unplaced = fields.filter((field) => !shownAt(placed, field.field));
  // A field by its label in the page's language; without one, English names it as the api does and another language gives the message alone.
  const fieldLine = (field: string, text: string) => {
    const label = t(`common.fieldLabels.${field}`, { defaultValue: '' });
    if (label) return t('common.fieldError', { field: label, message: text });
    return (i18n.resolvedLanguage ?? i18n.language).startsWith('en') ? t('common.fieldError', { field, message: text }) : text;
  };
  return (
    <div className="error-notice" role="alert" ref={notice} tabIndex={-1}>
      <strong>{t('common.errorTitle')}</strong>
      <p>{message}</p>
      {original && (
        <p className="error-detail" lang="en">
          {original}
        </p>
      )}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((field) => (
            <li key={field.field}>{fieldLine(field.field, messagesAt(error, field.field).join(' '))}</li>
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

/** The messages an ApiError gives for one field (the api's words), for showing beside that field of a form. */
export function fieldMessages(error: unknown, field: string): string[] {
  return refusalsAt(error, field).flatMap((f) => f.messages);
}
