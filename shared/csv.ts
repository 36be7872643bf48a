/**
 * CSV files the app writes (the batch manifest): RFC 4180 text that every
 * spreadsheet opens as plain values.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
 * starts with = + - or @ (after spaces, too; full-width signs as well), and a
 * tab, carriage return or line feed at the start can hide one. Such a cell
 * gets a leading apostrophe, so it shows as typed.
 *
 * Quoting alone does not keep a formula inside a cell. Told to split a
 * comma-separated file by semicolons or tabs, LibreOffice Calc takes the
 * quotes of a field as typed unless the closing quote is followed by that
 * delimiter, and then splits inside them, at each semicolon or tab and at
 * each line break: "Ruiz;=1+2;Lee" gives a cell =1+2, and Calc runs it. So a
 * formula sign after a comma, semicolon, tab or line break inside a value
 * gets an apostrophe before it as well ("Ruiz;'=1+2;Lee"), and so does a tab
 * after a comma, semicolon or line break (a cell must not start with one).
 *
 * Control characters other than tab, line feed and carriage return are not
 * written: they are not text (the import removes them too), and Calc drops
 * a NUL before it decides whether a cell is a formula, so "\0=1+2" runs.
 *
 * A cell holding a comma, a semicolon (the delimiter of spreadsheets set to
 * a European locale), a quote or a line break is quoted.
 */

/** = + - @ and their full-width forms (some spreadsheets convert those). */
const SIGN = '[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
/** Cells a spreadsheet would take as a formula. */
const FORMULA_START = new RegExp(`^\\s*${SIGN}|^[\\t\\r\\n]`);
/**
 * A place where some reader splits a cell or a line, followed by a sign
 * (spaces between allowed) or by a tab (which would start the cell): the
 * apostrophe goes after that place.
 */
const SPLIT_THEN_SIGN = new RegExp(`(\\r\\n|[,;\\t\\r\\n])(?=[^\\S\\r\\n]*${SIGN})|(\\r\\n|[,;\\r\\n])(?=\\t)`, 'g');
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** Whether a spreadsheet would read `value` as a formula. */
export const looksLikeFormula = (value: string): boolean => FORMULA_START.test(value.replace(CONTROL, ''));

/** One value as a CSV cell: control characters removed, formulas neutralised, quoted when needed. */
export function csvCell(value: string): string {
  const text = value.replace(CONTROL, '');
  const inner = text.replace(SPLIT_THEN_SIGN, "$1$2'");
  const safe = FORMULA_START.test(text) ? `'${inner}` : inner;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows as CSV text: comma-separated, CRLF line ends, and a byte order mark
 * so spreadsheets read the names as UTF-8.
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
