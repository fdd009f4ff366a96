import type { TFunction } from 'i18next';
import { sentenceWithFigures } from '../../../ui/figures';
import type { ImportPreview } from './import-form';

type PreviewWarning = ImportPreview['warnings'][number];
type PreviewNote = NonNullable<ImportPreview['rows'][number]['notes']>[number];
type PreviewRejection = NonNullable<ImportPreview['rows'][number]['rejection']>;
type PreviewProblem = ImportPreview['problems'][number];

/**
 * A preview's warning or a row's note in the page's language, by its code and
 * figures (as a rejection is worded by its code), without the figures when
 * one its sentence names is not given (never a raw `{{…}}`); a code this page
 * does not know yet keeps the api's English message. Pure: no React.
 */
export function previewNoticeText(t: TFunction, notice: PreviewWarning | PreviewNote): string {
  const params: Record<string, unknown> = { ...notice.params };
  if (typeof params.row === 'number') params.where = params.row === 0 ? t('lists.wizard.notices.header') : t('lists.wizard.notices.row', { row: params.row });
  if (typeof params.reason === 'string') params.reason = t(`lists.wizard.notices.quoteReasons.${params.reason}`, { defaultValue: params.reason });
  return sentenceWithFigures(t, [`lists.wizard.notices.${notice.code}`, `lists.wizard.notices.withoutFigures.${notice.code}`], params, notice.message);
}

/**
 * A previewed row's rejection in the page's language: by its figures where
 * the api gives them (a broken quote's reason; a duplicate's earlier row of
 * the file, or the scope it is already a lead in; a ragged row's cell and
 * column counts; the country or zone cell's value), else by its code, else
 * the api's English message. Pure: no React.
 */
export function rejectionLabel(t: TFunction, rejection: PreviewRejection): string {
  const params = rejection.params ?? {};
  const variant = params.reason ?? (params.row !== undefined ? 'repeat' : params.scope);
  const keys = [
    ...(variant ? [`lists.wizard.rejectionsBy.${rejection.code}.${variant}`] : []),
    `lists.wizard.rejectionsWithFigures.${rejection.code}`,
    `lists.wizard.rejections.${rejection.code}`,
  ];
  return sentenceWithFigures(t, keys, params, rejection.message);
}

/**
 * What the import would refuse the previewed file for, in the page's
 * language: no column mapped to phone, naming the file's columns. A code this
 * page does not know keeps the api's English message. Pure: no React.
 */
export function previewProblemText(t: TFunction, problem: PreviewProblem): string {
  const columns = problem.params?.columns;
  const params = Array.isArray(columns) ? { columns: columns.map((column) => t('lists.wizard.problems.column', { column })).join(t('lists.wizard.problems.separator')) } : {};
  return sentenceWithFigures(t, [`lists.wizard.problems.${problem.code}`, `lists.wizard.problems.withoutFigures.${problem.code}`], params, problem.message);
}
