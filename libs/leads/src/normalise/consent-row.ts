import { DateTime } from 'luxon';
import { CONSENT_TYPES, ConsentType } from '@dialer/compliance';
import { headerKey } from '../mapping/header-mapping';

/** The columns of a consent list, by index: the phone is mapped as for leads. */
export interface ConsentColumns {
  type: number;
  grantedAt: number;
  source: number;
  evidence?: number;
}

/** Headers as people write them, after `headerKey`. */
const CONSENT_HEADERS: Record<keyof ConsentColumns, string[]> = {
  type: ['type', 'consenttype', 'kind', '同意種別', '種別'],
  grantedAt: ['grantedat', 'granted', 'consentdate', 'consentedat', 'date', 'datetime', '同意日', '同意日時', '取得日', '取得日時'],
  source: ['source', 'consentsource', 'channel', '取得元', '取得方法', '取得経路'],
  evidence: ['evidence', 'evidencetext', 'proof', 'consenttext', '証跡', 'エビデンス', '同意文言'],
};

/** Where each consent field is, or the names of the required ones no column holds. */
export function findConsentColumns(columns: readonly string[]): { columns: ConsentColumns } | { missing: string[] } {
  const keys = columns.map(headerKey);
  const at = (field: keyof ConsentColumns) => {
    const index = keys.findIndex((key) => CONSENT_HEADERS[field].includes(key));
    return index < 0 ? undefined : index;
  };
  const [type, grantedAt, source, evidence] = [at('type'), at('grantedAt'), at('source'), at('evidence')];
  if (type === undefined || grantedAt === undefined || source === undefined) {
    return { missing: (['type', 'grantedAt', 'source'] as const).filter((_, i) => [type, grantedAt, source][i] === undefined) };
  }
  return { columns: { type, grantedAt, source, evidence } };
}

export interface ConsentCells {
  consentType: ConsentType;
  /** ISO instant. */
  grantedAt: string;
  consentSource: string;
  /** Empty: none given. */
  evidence: string;
}

const TYPE_ALIASES: ReadonlyMap<string, ConsentType> = new Map([
  ...CONSENT_TYPES.map((type) => [headerKey(type), type] as const),
  ['prerecorded', 'prerecorded_calls'],
  ['autodialed', 'autodialed_calls'],
  ['marketing', 'marketing_calls'],
]);

const DATE_FORMATS = ['yyyy/MM/dd', 'yyyy/MM/dd HH:mm', 'yyyy/MM/dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss'];

/** A date or date-time cell: ISO 8601 (a zone or offset, else UTC), or `2026/11/02 10:15` (UTC). */
export function parseGrantedAt(cell: string): DateTime | null {
  const text = cell.trim();
  if (text === '') return null;
  const iso = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  if (iso.isValid) return iso;
  for (const format of DATE_FORMATS) {
    const parsed = DateTime.fromFormat(text, format, { zone: 'utc' });
    if (parsed.isValid) return parsed;
  }
  return null;
}

/** A consent row's own fields, checked: each problem named, in the words the rejection report shows. */
export function readConsentCells(cells: readonly string[], columns: ConsentColumns, now: Date): { ok: true; value: ConsentCells } | { ok: false; message: string } {
  const problems: string[] = [];
  const typeCell = cells[columns.type].trim();
  const consentType = TYPE_ALIASES.get(headerKey(typeCell));
  if (!consentType) problems.push(`type "${typeCell}" is not one of ${CONSENT_TYPES.join(', ')}`);
  const grantedCell = cells[columns.grantedAt];
  const grantedAt = parseGrantedAt(grantedCell);
  if (!grantedAt) problems.push(`granted at "${grantedCell.trim()}" is not a date (YYYY-MM-DD or ISO 8601)`);
  else if (grantedAt.toMillis() > now.getTime()) problems.push(`granted at ${grantedCell.trim()} is in the future`);
  const consentSource = cells[columns.source].trim();
  if (consentSource === '') problems.push('source is empty');
  if (problems.length > 0 || !consentType || !grantedAt) return { ok: false, message: problems.join('; ') };
  const evidence = columns.evidence === undefined ? '' : cells[columns.evidence].trim();
  return { ok: true, value: { consentType, grantedAt: grantedAt.toUTC().toISO()!, consentSource, evidence } };
}
