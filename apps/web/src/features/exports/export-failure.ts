import type { TFunction } from 'i18next';
import type { components } from '../../api/schema';
import { sentenceWithFigures } from '../../ui/figures';

type ExportView = components['schemas']['ExportViewDto'];

/**
 * Why an export failed, as the page's reader reads it (as an import's
 * rejection is): English keeps the api's sentence (it names the cause);
 * another language words the failure by its code and figures (without the
 * figures when the failure was stored before the api gave them), and keeps
 * the api's sentence for a code it does not know yet. Pure: no React.
 */
export function exportFailureText(t: TFunction, view: Pick<ExportView, 'error' | 'errorCode' | 'errorParams'>): string {
  const message = view.error ?? '';
  const code = view.errorCode;
  const label = code ? sentenceWithFigures(t, [`exports.failuresWithFigures.${code}`, `exports.failures.${code}`], view.errorParams, message) : message;
  return t('exports.failedBecause', { message, label });
}
