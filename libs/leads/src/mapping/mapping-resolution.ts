import { ImportFileError } from '../import.errors';
import { ColumnMapping, LeadField, mappingProblems, newColumnMapping, suggestMapping } from './header-mapping';

/**
 * The mapping an import uses: the uploader's, replacing the suggestion
 * entirely when given (columns it leaves out become custom fields), or the
 * suggestion. Either way a column must hold the phone number.
 */
export function resolveMapping(
  columns: readonly string[],
  explicit: Readonly<Record<string, string>> | undefined,
  firstRecord?: readonly string[],
): ColumnMapping {
  if (explicit) {
    const problems = mappingProblems(columns, explicit);
    if (problems.length > 0) {
      throw new ImportFileError('INVALID_MAPPING', `The mapping cannot be used: ${problems.join('; ')}`, { problems, columns });
    }
  }
  // Own entries only, into a null-prototype object: `constructor` or `__proto__` name columns, nothing else.
  const mapping = explicit ? newColumnMapping(Object.entries(explicit) as [string, LeadField][]) : suggestMapping(columns, firstRecord);
  if (!Object.values(mapping).includes('phone')) {
    throw new ImportFileError(
      'NO_PHONE_COLUMN',
      `No column is mapped to phone. Columns: ${columns.join(', ')}. Name one "phone" (or 電話番号), or send a mapping such as {"${columns[0]}": "phone"}`,
      { columns, mapping },
    );
  }
  return mapping;
}
