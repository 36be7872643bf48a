/**
 * CSV files the app writes (the batch manifest): RFC 4180 text that every
 * spreadsheet opens as plain values.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
 * starts with = + - or @ (after spaces, too), and a tab, carriage return or
 * line feed at the start can hide one. Such a cell gets a leading apostrophe,
 * so it shows as typed. A cell holding a comma, a semicolon (the delimiter of
 * spreadsheets set to a European locale), a quote, a line break, or a tab
 * before a formula sign is quoted, so no reader splits it into a cell that
 * starts with a formula.
 */

/** Cells a spreadsheet would take as a formula (full-width signs included: some spreadsheets convert them). */
const FORMULA_START = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;
/** A tab before one: opened as tab-separated text, the cell would split there. */
const TAB_FORMULA = /\t\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a spreadsheet would read `value` as a formula. */
export const looksLikeFormula = (value: string): boolean => FORMULA_START.test(value);

/** One value as a CSV cell: formulas neutralised, quoted when needed. */
export function csvCell(value: string): string {
  const safe = looksLikeFormula(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) || TAB_FORMULA.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows as CSV text: comma-separated, CRLF line ends, and a byte order mark
 * so spreadsheets read the names as UTF-8.
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
