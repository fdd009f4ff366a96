/** The most characters (UTF-16 code units) a cell of Excel holds; a longer one makes Excel call the file damaged. */
export const XLSX_CELL_MAX = 32_767;

/**
 * OOXML reads `_xHHHH_` in a string as the character U+HHHH (how control
 * characters are written), so text that holds it literally must escape its
 * underscore as `_x005F_`: Excel would otherwise show `_x0041_` as `A`.
 */
const ESCAPE_LIKE = /_(?=x[0-9A-Fa-f]{4}_)/g;

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab and line feed, and
 * U+FFFE/U+FFFF) and the carriage return (which an XML reader turns into a
 * line feed): written as OOXML's `_xHHHH_`, as Excel writes them. Left as
 * they are, one U+FFFE in an agent's note made the whole workbook unreadable
 * and exceljs silently dropped the controls.
 */
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const NOT_XML_TEXT = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/g;
const asOoxmlEscape = (char: string) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;

export interface XlsxText {
  /** The text as it goes into the cell's XML. */
  text: string;
  /** The length of the text before it was cut, or null when it was whole. */
  cutFrom: number | null;
}

/** What ends a cut cell, saying so and how long the text was. */
export const cutMarker = (length: number): string => ` …[cut: ${length} characters, Excel's limit is ${XLSX_CELL_MAX}]`;

/**
 * A text cell as Excel must read it: cut to Excel's limit with a marker that
 * says so (never in the middle of a surrogate pair), then escaped. The limit
 * counts the characters Excel shows, so the escape's extra six do not count.
 */
export function xlsxText(value: string): XlsxText {
  let cutFrom: number | null = null;
  if (value.length > XLSX_CELL_MAX) {
    cutFrom = value.length;
    const marker = cutMarker(value.length);
    let keep = XLSX_CELL_MAX - marker.length;
    const last = value.charCodeAt(keep - 1);
    if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
    value = value.slice(0, keep) + marker;
  }
  return { text: value.replace(ESCAPE_LIKE, '_x005F_').replace(NOT_XML_TEXT, asOoxmlEscape), cutFrom };
}
