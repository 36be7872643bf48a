/** What the import readers share: the limits, the file-level error, cell cleaning. */
import { AppError } from '../../../shared/errors';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

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

/** Text of a cell as stored: trimmed, in composed Unicode form (so "é" typed two ways matches). */
export const cleanCell = (s: string): string => s.normalize('NFC').trim();

export const tooManyRows = (file: string): ImportFileError =>
  new ImportFileError(file, `has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; split it into smaller files.`);
