import type { components } from '../../api/schema';
import { instantOfLocalInput } from '../../ui/date-time-input';

export type ExportRequest = components['schemas']['CreateExportDto'];
export type AttemptOutcome = NonNullable<components['schemas']['AttemptFiltersDto']['outcomes']>[number];

/** The outcomes an attempt can end with (the api's enum), in the order the builder offers them. */
export const OUTCOMES: readonly AttemptOutcome[] = ['human', 'machine', 'abandoned', 'busy', 'no_answer', 'failed', 'canceled'];

/** The builder's form as the person fills it. */
export interface ExportForm {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'shift_jis';
  campaignIds: string[];
  listIds: string[];
  /** `datetime-local` values, the user's own zone. */
  from: string;
  to: string;
  dispositions: string[];
  /** Agent ids as typed: separated by commas, spaces or lines. */
  agentIds: string;
  outcomes: AttemptOutcome[];
}

export const EMPTY_EXPORT_FORM: ExportForm = { format: 'csv', encoding: 'utf-8', campaignIds: [], listIds: [], from: '', to: '', dispositions: [], agentIds: '', outcomes: [] };

/**
 * The api's request for a form: a filter only when it narrows (an empty choice
 * means every one), the range as instants, the encoding chosen only for CSV (XLSX is
 * always Unicode, sent as utf-8). The server checks every value and names a wrong one.
 */
export function exportRequestOf(form: ExportForm): ExportRequest {
  const filters: NonNullable<ExportRequest['filters']> = {};
  if (form.campaignIds.length) filters.campaignIds = form.campaignIds;
  if (form.listIds.length) filters.listIds = form.listIds;
  const from = instantOfLocalInput(form.from);
  const to = instantOfLocalInput(form.to);
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (form.dispositions.length) filters.dispositions = form.dispositions;
  const agentIds = form.agentIds.split(/[\s,]+/).filter(Boolean);
  if (agentIds.length) filters.agentIds = agentIds;
  if (form.outcomes.length) filters.outcomes = form.outcomes;
  return { kind: 'attempts', format: form.format, encoding: form.format === 'csv' ? form.encoding : 'utf-8', filters };
}

/** A choice among others toggled on or off (checkbox groups). */
export function toggled<T>(values: readonly T[], value: T, on: boolean): T[] {
  return on ? (values.includes(value) ? [...values] : [...values, value]) : values.filter((v) => v !== value);
}
