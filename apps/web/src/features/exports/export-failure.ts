import type { TFunction } from 'i18next';
import type { components } from '../../api/schema';

type ExportView = components['schemas']['ExportViewDto'];

/**
 * Why an export failed, as the page's reader reads it (as an import's
 * rejection is): English keeps the api's sentence (it names the cause);
 * another language words the failure by its code and figures, and keeps the
 * api's sentence for a code it does not know yet. Pure: no React.
 */
export function exportFailureText(t: TFunction, view: Pick<ExportView, 'error' | 'errorCode' | 'errorParams'>): string {
  const message = view.error ?? '';
  const label = view.errorCode ? t(`exports.failures.${view.errorCode}`, { ...view.errorParams, defaultValue: message }) : message;
  return t('exports.failedBecause', { message, label });
}
