import { ImportFileError } from '../import.errors';
import { ColumnMapping, LeadField, mappingProblems, newColumnMapping, suggestMapping } from './header-mapping';

/**
 * The mapping the uploader asked for, or the suggestion: the uploader's
 * replaces the suggestion entirely when given (columns it leaves out become
 * custom fields). It may map nothing to phone: a preview shows it so, with
 * the columns to choose from (`noPhoneColumn`); an import refuses it
 * (`resolveMapping`).
 */
export function chooseMapping(columns: readonly string[], explicit: Readonly<Record<string, string>> | undefined, firstRecord?: readonly string[]): ColumnMapping {
  if (explicit) {
    const problems = mappingProblems(columns, explicit);
    if (problems.length > 0) {
      throw new ImportFileError('INVALID_MAPPING', `The mapping cannot be used: ${problems.join('; ')}`, { problems, columns });
    }
  }
  // Own entries only, into a null-prototype object: `constructor` or `__proto__` name columns, nothing else.
  return explicit ? newColumnMapping(Object.entries(explicit) as [string, LeadField][]) : suggestMapping(columns, firstRecord);
}

export const mapsPhone = (mapping: ColumnMapping): boolean => Object.values(mapping).includes('phone');

/** Why a mapping cannot be imported by: no column holds the number dialed. Worded for the person choosing, the columns named. */
export function noPhoneColumn(columns: readonly string[]): { code: 'NO_PHONE_COLUMN'; message: string; params: { columns: string[] } } {
  return {
    code: 'NO_PHONE_COLUMN',
    message:
      `No column is recognised as the phone number (the file's columns: ${columns.join(', ')}). ` +
      `Choose "Phone" as the field of the column that holds the numbers, or name that column "phone" or "電話番号" in the file`,
    params: { columns: [...columns] },
  };
}

/**
 * The mapping an import uses (`chooseMapping`), refused (422
 * NO_PHONE_COLUMN, naming the columns) when no column holds the phone number.
 */
export function resolveMapping(
  columns: readonly string[],
  explicit: Readonly<Record<string, string>> | undefined,
  firstRecord?: readonly string[],
): ColumnMapping {
  const mapping = chooseMapping(columns, explicit, firstRecord);
  if (!mapsPhone(mapping)) {
    const { code, message, params } = noPhoneColumn(columns);
    throw new ImportFileError(code, message, { ...params, mapping });
  }
  return mapping;
}
