/**
 * The first worksheet of an XLSX workbook as rows of text, through exceljs.
 * Formulas are never evaluated: a formula cell gives the result the
 * spreadsheet saved with it, or its own text when none was saved.
 */
import type { CellValue, Row } from 'exceljs';
import { messageOf } from '../../../shared/errors';
import { ImportFileError, MAX_IMPORT_ROWS, cleanCell, tooManyRows, type RawRow } from './common';

const pad = (n: number) => String(n).padStart(2, '0');

/** Numbers as a person reads them: no binary noise (0.1 + 0.2 → "0.3"). */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/**
 * exceljs gives dates as the sheet's wall-clock time in UTC fields. A date
 * alone → "2027-03-13"; a time alone (day 0 of the sheet) → "10:30";
 * both → "2027-03-13 10:30".
 */
function dateText(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const day = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const seconds = t.getUTCSeconds() === 0 ? '' : `:${pad(t.getUTCSeconds())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}${seconds}`;
  if (day === '1899-12-30' || day === '1904-01-01') return time;
  return time === '00:00' ? day : `${day} ${time}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The text of one cell value, whatever kind exceljs gives. */
export function cellText(value: CellValue | unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (!isObject(value)) return String(value);
  if (Array.isArray(value.richText)) return value.richText.map((r: unknown) => (isObject(r) ? cellText(r.text) : '')).join('');
  if ('hyperlink' in value) return cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result !== undefined && value.result !== null) return cellText(value.result);
    return `=${String(value.formula ?? value.sharedFormula ?? '')}`;
  }
  if (typeof value.error === 'string') return value.error;
  return '';
}

function rowCells(row: Row): string[] {
  const cells: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(cleanCell(cellText(row.getCell(c).value)));
  return cells;
}

export async function readXlsxRows(file: string, bytes: Uint8Array): Promise<RawRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    const copy = bytes.slice().buffer;
    await workbook.xlsx.load(copy);
  } catch (err) {
    throw new ImportFileError(
      file,
      `looks like an Excel workbook (.xlsx) but cannot be read (${messageOf(err)}). Open it in your spreadsheet, save it again as .xlsx or as CSV (UTF-8), and import that.`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError(file, 'is an Excel workbook with no worksheet.');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells = rowCells(row);
    if (cells.every((c) => c === '')) return;
    rows.push({ line, cells });
    if (rows.length > MAX_IMPORT_ROWS + 1) throw tooManyRows(file);
  });
  return rows;
}
