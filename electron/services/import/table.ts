/**
 * Reading an import file into rows of text: CSV (papaparse) or XLSX (a
 * streaming reader, xlsx.ts), told apart by content, not by name. Other
 * things that pass for spreadsheets (old .xls, encrypted workbooks, web
 * pages and XML saved as .xls, plain zips) are refused, saying what they
 * are. Every message names the file.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import type { ImportTable } from '../../../shared/import-mapping';
import { firstInvalidUtf8 } from '../../../shared/text';
import { ImportFileError, MAX_IMPORT_BYTES, MAX_IMPORT_CELLS, MAX_IMPORT_ROWS, cleanCell, tooManyCells, tooManyRows, type RawRow } from './common';
import { readXlsxRows } from './xlsx';

/** A file on disk, or bytes the window already holds (a dropped file). */
export type ImportSource = string | { name: string; bytes: Uint8Array };

/** Reads the first sheet of an XLSX workbook, or a CSV file, into a header and rows of text. */
export async function readTable(source: ImportSource): Promise<ImportTable> {
  const { name, bytes } = loadSource(source);
  const raw = sniff(name, bytes) === 'xlsx' ? await readXlsxRows(name, bytes) : readCsvRows(name, decodeText(name, bytes));
  return toTable(name, raw);
}

function loadSource(source: ImportSource): { name: string; bytes: Uint8Array } {
  if (typeof source !== 'string') {
    checkSize(source.name, source.bytes.byteLength);
    return source;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new ImportFileError(source, 'does not exist.');
  }
  if (!stat.isFile()) throw new ImportFileError(source, 'is not a file.');
  checkSize(source, stat.size);
  return { name: source, bytes: fs.readFileSync(source) };
}

function checkSize(file: string, size: number): void {
  if (size > MAX_IMPORT_BYTES) {
    const mb = (size / 1048576).toFixed(1);
    throw new ImportFileError(file, `is ${mb} MB; files to import must be at most ${MAX_IMPORT_BYTES / 1048576} MB.`);
  }
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

function sniff(file: string, bytes: Uint8Array): 'csv' | 'xlsx' {
  if (bytes.byteLength === 0) throw new ImportFileError(file, 'is empty.');
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const head = Buffer.from(bytes.subarray(0, 120)).toString('latin1');
    if (head.includes('opendocument')) {
      throw new ImportFileError(file, 'is an OpenDocument spreadsheet; save it as .xlsx or as CSV (UTF-8) and import that.');
    }
    return 'xlsx';
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    // An encrypted .xlsx is stored in the same container as an old .xls; its directory names the encrypted package.
    if (Buffer.from(bytes).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new ImportFileError(file, 'is password-protected; remove the password in your spreadsheet, save it again, and import that.');
    }
    throw new ImportFileError(file, 'is an old Excel 97–2003 (.xls) file; save it as .xlsx or as CSV (UTF-8) and import that.');
  }
  if (startsWith(bytes, 0x50, 0x4b)) throw new ImportFileError(file, 'is a zip archive but not an Excel workbook (.xlsx).');
  refuseMarkup(file, bytes);
  return 'csv';
}

/**
 * Some programs "export to Excel" as a web page or as XML Spreadsheet 2003
 * under an .xls name. Read as CSV, either would give one column of tags.
 */
function refuseMarkup(file: string, bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '').replace(/\0/g, '');
  if (!/^\s*</.test(head)) return;
  const lower = head.toLowerCase();
  if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    throw new ImportFileError(file, 'is an XML Spreadsheet 2003 file, not CSV; open it in your spreadsheet, save it as .xlsx or as CSV (UTF-8), and import that.');
  }
  if (/<(html|table|!doctype html)\b/.test(lower)) {
    throw new ImportFileError(file, 'is a web page (HTML), not CSV or XLSX; open it in your spreadsheet, save it as .xlsx or as CSV (UTF-8), and import that.');
  }
}

/** UTF-8 (with or without BOM), or UTF-16 with a BOM; anything else is refused, saying where. */
function decodeText(file: string, bytes: Uint8Array): string {
  let text: string;
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0 && nul < 8192) {
      throw new ImportFileError(file, 'is not a CSV or XLSX file (it holds binary data). Save it from your spreadsheet as .xlsx or as CSV (UTF-8).');
    }
    if (nul >= 0) {
      throw new ImportFileError(
        file,
        `has a NUL byte (binary data) on line ${lineOfByte(bytes, nul)}; it may be damaged. Save it again from your spreadsheet as CSV (UTF-8) and import that.`,
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportFileError(
        file,
        `is not valid UTF-8 text (line ${lineOfByte(bytes, firstInvalidUtf8(bytes))} has a byte that is not UTF-8; it was probably saved in another encoding). Save it from your spreadsheet as "CSV UTF-8" and import it again.`,
      );
    }
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ImportFileError(file, 'is empty.');
  return sameLineEnds(text.replace(/^\uFEFF/, ''));
}

/**
 * CSV reading takes one line end (the file's most common) as every line's:
 * a line ending another way would join the next row. A file with more than
 * one kind (old Mac CR, LF, CRLF; Excel's LF inside CRLF rows; rows pasted
 * together from several programs) gets LF throughout; line numbers stay.
 */
function sameLineEnds(text: string): string {
  const kinds = [/\r(?!\n)/.test(text), /(?<!\r)\n/.test(text), text.includes('\r\n')].filter(Boolean).length;
  return kinds > 1 ? text.replace(/\r\n?/g, '\n') : text;
}

/** The line (from 1) a byte offset is on. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Line number (from 1) of a character offset; a line ends at \r\n, \n or \r. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return (offset) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Comma, semicolon or tab, as papaparse guesses from the first rows. Empty
 * lines are left out of the guess: a trailing blank line would otherwise
 * make a two-column file look like one column.
 */
function guessDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t'], skipEmptyLines: 'greedy', preview: 10 });
  return sample.meta.delimiter || ',';
}

/** CSV rows with the line each record starts on; the delimiter (comma, semicolon or tab) is detected. */
function readCsvRows(file: string, text: string): RawRow[] {
  const lineAt = lineLocator(text);
  const rows: RawRow[] = [];
  let start = 0;
  let cellCount = 0;
  const state: { failure: ImportFileError | null } = { failure: null };
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    step: (result, parser) => {
      const line = lineAt(start);
      start = result.meta.cursor;
      const quoting = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
      if (quoting) {
        state.failure = new ImportFileError(
          file,
          quoting.code === 'MissingQuotes'
            ? `has a quoted field that is never closed, starting on line ${line}: add the closing quote (").`
            : `has a malformed quoted field on line ${line}: text follows a closing quote. Double a quote inside a quoted field ("").`,
        );
        parser.abort();
        return;
      }
      const cells = result.data.map(cleanCell);
      if (cells.every((c) => c === '')) return;
      rows.push({ line, cells });
      cellCount += cells.length;
      if (rows.length > MAX_IMPORT_ROWS + 1 || cellCount > MAX_IMPORT_CELLS) {
        state.failure = rows.length > MAX_IMPORT_ROWS + 1 ? tooManyRows(file) : tooManyCells(file);
        parser.abort();
      }
    },
  });
  if (state.failure) throw state.failure;
  return rows;
}

function toTable(file: string, raw: RawRow[]): ImportTable {
  const [header, ...data] = raw;
  if (!header) throw new ImportFileError(file, 'has no header row: every row is empty.');
  if (data.length === 0) {
    throw new ImportFileError(file, `has a header row (line ${header.line}) but no data rows below it.`);
  }
  if (data.length > MAX_IMPORT_ROWS) throw tooManyRows(file);
  const width = header.cells.length;
  if (width * data.length > MAX_IMPORT_CELLS) throw tooManyCells(file);
  const pad = (cells: string[]) => (cells.length >= width ? cells : [...cells, ...Array<string>(width - cells.length).fill('')]);
  return { file, headers: header.cells, rows: data.map((r) => ({ line: r.line, cells: pad(r.cells) })) };
}
