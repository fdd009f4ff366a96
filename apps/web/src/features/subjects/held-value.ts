import { formatDateTime } from '../../ui/format';

/** A stored value as a person reads it: times (`…_at`) in their locale, structures as JSON, nothing as a dash. */
export function shown(key: string, value: unknown, language: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (key.endsWith('_at') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return formatDateTime(value, language);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
