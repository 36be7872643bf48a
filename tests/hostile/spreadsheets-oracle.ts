/**
 * Which cells of a CSV text a spreadsheet would run as formulas: an oracle
 * written from the spreadsheet's side, sharing nothing with the writer it
 * judges (shared/csv.ts). The text is split into cells the ways spreadsheets
 * split it, and each cell is then judged as a spreadsheet judges a cell it
 * opens.
 *
 * Splitting, by comma (the file's own delimiter), semicolon (another
 * locale's) or tab (a reader's guess), each two ways:
 *  - as Excel and RFC 4180 read: a field that starts with a quote runs to
 *    its closing quote ("" is a quote), line breaks and delimiters included;
 *    what follows the closing quote, up to the delimiter, is kept as typed.
 *  - as LibreOffice Calc 7.4 reads (seen by opening files with
 *    soffice --convert-to): a field that starts with a quote is quoted only
 *    when its closing quote is followed by the delimiter or a line end;
 *    otherwise its quotes are text, and it ends at the next delimiter or
 *    line break, even one inside the quotes.
 *
 * Judging: a cell runs when its first character is = + - @, or a full-width
 * ＝ ＋ － ＠ (which Excel in East Asian locales takes as the sign), once the
 * characters a reader drops before it looks are gone: NUL (Calc drops it, and
 * runs "\0=1+2"), the other control characters, and spaces (Calc's "trim
 * spaces", Sheets' trimming), taken broadly as every Unicode space, the
 * no-break space and the byte order mark included. A zero-width space is
 * not dropped: it is a character, and the cell is text (Calc shows
 * "\u200B=1+2" as typed). And by the DDE rules (OWASP), a cell that starts
 * with a tab or a carriage return counts, whatever follows.
 */

const SIGNS = ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** A character a reader may drop before it decides what a cell is. */
const dropped = (ch: string): boolean => ch.charCodeAt(0) < 0x20 || /^\s$/u.test(ch);

/** Whether a spreadsheet would run `cell` (one cell, as read) as a formula. */
export function runsAsFormula(cell: string): boolean {
  if (cell.startsWith('\t') || cell.startsWith('\r')) return true;
  const first = [...cell].find((ch) => !dropped(ch));
  return first !== undefined && SIGNS.includes(first);
}

type Reader = 'Excel' | 'Calc';
const isBreak = (ch: string | undefined) => ch === '\r' || ch === '\n';

/** Past the delimiter or line end at `i` (CRLF is one line end). */
function past(text: string, i: number): number {
  return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
}

/** The quoted field starting at `open`: its text, and where its closing quote is (-1: never closed). */
function quoted(text: string, open: number): { value: string; close: number } {
  let value = '';
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== '"') value += text[i];
    else if (text[i + 1] === '"') value += text[++i];
    else return { value, close: i };
  }
  return { value, close: -1 };
}

/** Every cell of `text`, as `reader` splits it by `delimiter`. */
export function cellsOf(text: string, delimiter: string, reader: Reader): string[] {
  const cells: string[] = [];
  const ends = (ch: string | undefined) => ch === undefined || ch === delimiter || isBreak(ch);
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      const { value, close } = quoted(text, i);
      const honoured = reader === 'Excel' ? true : close >= 0 && ends(text[close + 1]);
      if (honoured) {
        cell = value;
        i = close < 0 ? text.length : close + 1;
      }
    }
    while (!ends(text[i])) cell += text[i++];
    cells.push(cell);
    i = past(text, i);
  }
  return cells;
}

export interface FormulaCell {
  reader: Reader;
  delimiter: string;
  cell: string;
}

/** The cells of `text` that a spreadsheet would run, however it splits the text. */
export function formulaCells(text: string): FormulaCell[] {
  const found: FormulaCell[] = [];
  for (const reader of ['Excel', 'Calc'] as const) {
    for (const delimiter of [',', ';', '\t']) {
      for (const cell of cellsOf(text, delimiter, reader)) if (runsAsFormula(cell)) found.push({ reader, delimiter, cell });
    }
  }
  return found;
}
