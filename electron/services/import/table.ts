/**
 * Reading an import file into rows of text: CSV (papaparse) or XLSX
 * (exceljs), told apart by content, not by name. Every message names the file.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import type { ImportTable } from '../../../shared/import-mapping';
import { ImportFileError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, cleanCell, tooManyRows, type RawRow } from './common';
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
    throw new ImportFileError(file, 'is an old Excel 97–2003 (.xls) file; save it as .xlsx or as CSV (UTF-8) and import that.');
  }
  if (startsWith(bytes, 0x50, 0x4b)) throw new ImportFileError(file, 'is a zip archive but not an Excel workbook (.xlsx).');
  return 'csv';
}

/** UTF-8 (with or without BOM), or UTF-16 with a BOM; anything else is refused, saying where. */
function decodeText(file: string, bytes: Uint8Array): string {
  let text: string;
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    if (bytes.subarray(0, 8192).includes(0)) {
      throw new ImportFileError(file, 'is not a CSV or XLSX file (it holds binary data). Save it from your spreadsheet as .xlsx or as CSV (UTF-8).');
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportFileError(
        file,
        `is not valid UTF-8 text (line ${firstInvalidUtf8Line(bytes)} has a byte that is not UTF-8; it was probably saved in another encoding). Save it from your spreadsheet as "CSV UTF-8" and import it again.`,
      );
    }
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ImportFileError(file, 'is empty.');
  return text.replace(/^\uFEFF/, '');
}

/** The line of the first byte that is not UTF-8: the longest prefix that decodes, found by halving. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decodes = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let [good, bad] = [0, bytes.byteLength];
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  let line = 1;
  for (let i = 0; i < good; i++) if (bytes[i] === 0x0a) line++;
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
      if (rows.length > MAX_IMPORT_ROWS + 1) {
        state.failure = tooManyRows(file);
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
  const pad = (cells: string[]) => (cells.length >= width ? cells : [...cells, ...Array<string>(width - cells.length).fill('')]);
  return { file, headers: header.cells, rows: data.map((r) => ({ line: r.line, cells: pad(r.cells) })) };
}
