/** What the import readers share: the limits, the file-level error, cell cleaning. */
import { AppError } from '../../../shared/errors';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** Cells in all rows together (rows × columns): 50,000 rows of 200 columns. */
export const MAX_IMPORT_CELLS = 10_000_000;
/**
 * Characters of text in all cells together. A CSV cannot pass it (10 MB at
 * most); an XLSX could, by using one long shared string in many cells.
 */
export const MAX_IMPORT_CHARS = 64_000_000;
/** What the parts of an XLSX read (workbook, styles, first sheet, shared strings) may expand to when unzipped. */
export const MAX_XLSX_EXPANDED_BYTES = 128 * 1024 * 1024;

/** A non-empty row as read, before the header is taken off. */
export interface RawRow {
  line: number;
  cells: string[];
}

/** A file that cannot be imported at all (as opposed to a row with a problem). */
export class ImportFileError extends AppError {
  readonly file: string;
  constructor(file: string, problem: string) {
    super('import-file', `The file "${file}" ${problem}`);
    this.file = file;
  }
}

/**
 * Characters no library text keeps: the C0 controls other than tab, line
 * feed and carriage return, DEL, lone surrogates, U+FFFE and U+FFFF (which
 * XML, and so Word, refuses), and the byte order mark. Right-to-left marks
 * and other format characters stay: names need them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNWANTED = /[\u0000-\u0008\u000E-\u001F\u007F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text of a cell as stored: unwanted control characters removed (a vertical
 * tab or form feed, as some programs write a line break, becomes a line
 * break), trimmed, in composed Unicode form (so "é" typed two ways matches).
 */
// eslint-disable-next-line no-control-regex -- vertical tab and form feed
export const cleanCell = (s: string): string => s.replace(/[\u000B\u000C]/g, '\n').replace(UNWANTED, '').normalize('NFC').trim();

export const tooManyRows = (file: string): ImportFileError =>
  new ImportFileError(file, `has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; split it into smaller files.`);

export const tooManyCells = (file: string): ImportFileError =>
  new ImportFileError(
    file,
    `has more than ${MAX_IMPORT_CELLS.toLocaleString('en-US')} cells (rows × columns); delete the columns you do not need, or split it into smaller files.`,
  );

export const tooMuchText = (file: string): ImportFileError =>
  new ImportFileError(
    file,
    `holds more than ${MAX_IMPORT_CHARS / 1_000_000} million characters of text, far more than questions or a roster need; split it into smaller files.`,
  );
