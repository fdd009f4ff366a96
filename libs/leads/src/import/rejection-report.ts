import type { RejectionCode } from '../normalise/row-normaliser';

/** The languages the rejection report is written in: its header and reasons. */
export const REPORT_LANGUAGES = ['en', 'ja'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/**
 * The report's first columns, before the file's own. English: the row, its
 * reason code and the message. Japanese: the same header in Japanese, and the
 * reason in Japanese (by its code: a rejection's figures are not stored, so
 * they are in the English message, kept beside it).
 */
export const REPORT_HEADER: Record<ReportLanguage, readonly string[]> = {
  en: ['row', 'reason_code', 'message'],
  ja: ['行', '理由コード', '理由', '説明（英語）'],
};

/** A rejection's reason in Japanese, by its code: the words the import wizard's preview uses. */
export const REJECTION_REASONS_JA: Readonly<Record<RejectionCode, string>> = {
  RAGGED_ROW: '列の数がヘッダーと合いません',
  ROW_TOO_LONG: '行が長すぎます（32 KiB まで）',
  BROKEN_QUOTE: '引用符が正しくありません',
  INVALID_CHARACTERS: '読み取れない文字があります',
  MISSING_PHONE: '電話番号がありません',
  INVALID_PHONE: '電話番号として読み取れません',
  INVALID_CONSENT: '同意の列を読み取れません',
  INVALID_COUNTRY: '国が不明です',
  INVALID_TIMEZONE: 'タイムゾーンが不明です',
  DUPLICATE: '重複しています',
};

/** A rejected row's report columns (before its cells) in `language`. */
export function reportColumns(language: ReportLanguage, row: number, code: string, message: string): (string | number)[] {
  if (language === 'en') return [row, code, message];
  const reason = Object.hasOwn(REJECTION_REASONS_JA, code) ? REJECTION_REASONS_JA[code as RejectionCode] : '';
  return [row, code, reason, message];
}
