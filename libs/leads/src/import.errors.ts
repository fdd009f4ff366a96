import { DomainError, DomainErrorKind } from '@dialer/core';

/**
 * Why a whole file cannot be imported. The api answers these as 4xx before
 * the import is queued, from the file's first 256 KiB (SNIFF_BYTES) — among
 * them ENCODING_MISMATCH: an encoding named by the uploader that these bytes
 * contradict, and INVALID_CHARACTERS: a UTF-8 file with bytes in that sample
 * that are not valid UTF-8 (which byte, line and offset). Nothing further
 * into the file fails the whole import: bytes not valid in the file's
 * encoding reject their row (INVALID_CHARACTERS, "row N has bytes that are
 * not valid Shift_JIS (CP932)"), and a broken quote its line (BROKEN_QUOTE).
 */
export type ImportFileProblem =
  | 'EMPTY_FILE'
  | 'NOT_A_CSV'
  | 'UNSUPPORTED_ENCODING'
  | 'ENCODING_MISMATCH'
  | 'NO_ROWS'
  | 'TOO_MANY_COLUMNS'
  | 'NO_PHONE_COLUMN'
  | 'CONSENT_COLUMNS_MISSING'
  | 'INVALID_MAPPING'
  | 'INVALID_CHARACTERS';

const KIND_OF: Record<ImportFileProblem, DomainErrorKind> = {
  EMPTY_FILE: 'unprocessable',
  NOT_A_CSV: 'unprocessable',
  UNSUPPORTED_ENCODING: 'unprocessable',
  ENCODING_MISMATCH: 'unprocessable',
  NO_ROWS: 'unprocessable',
  TOO_MANY_COLUMNS: 'unprocessable',
  NO_PHONE_COLUMN: 'unprocessable',
  CONSENT_COLUMNS_MISSING: 'unprocessable',
  INVALID_MAPPING: 'invalid',
  INVALID_CHARACTERS: 'unprocessable',
};

export class ImportFileError extends DomainError {
  constructor(
    readonly problem: ImportFileProblem,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(problem, message, KIND_OF[problem], details);
  }
}

export class UploadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('UPLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(limitBytes)} limit`, 'too_large', { limitBytes });
  }
}

export class ImportNotUndoableError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('IMPORT_NOT_UNDOABLE', message, 'conflict', details);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
