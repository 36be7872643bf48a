/**
 * The first worksheet of an XLSX workbook as rows of text, read as a
 * stream: the parts needed (workbook, styles, the first sheet, the shared
 * strings) are inflated and parsed (SAX, by saxes) chunk by chunk, and
 * reading stops as soon as the sheet has more rows than an import may.
 *
 * Limits, so that no file can exhaust memory: the parts read may expand to
 * MAX_XLSX_EXPANDED_BYTES at most, the rows may hold MAX_IMPORT_CHARS of
 * text and MAX_IMPORT_CELLS cells (see common.ts). Only the shared strings
 * the sheet uses are kept.
 *
 * Formulas are never evaluated: a formula cell gives the result the
 * spreadsheet saved with it, or its own text ("=…") when none was saved.
 * Why not exceljs: its whole-workbook loader holds every cell in memory
 * before a limit can apply (200,000 rows ≈ 1.7 GB), and its streaming reader
 * garbles characters split across chunks, and leaves Excel's _xHHHH_ escapes
 * and phonetic runs in the text.
 */
import { SaxesParser } from 'saxes';
import { messageOf } from '../../../shared/errors';
import {
  ImportFileError,
  MAX_IMPORT_CELLS,
  MAX_IMPORT_CHARS,
  MAX_IMPORT_ROWS,
  MAX_XLSX_EXPANDED_BYTES,
  cleanCell,
  tooManyCells,
  tooManyRows,
  tooMuchText,
  type RawRow,
} from './common';
import { ZipArchive, ZipBudgetError, ZipError } from './zip';

// ---------------------------------------------------------------- cell values as text

const pad = (n: number) => String(n).padStart(2, '0');

/** Numbers as a person reads them: no binary noise (0.1 + 0.2 → "0.3"). */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/**
 * A date as the sheet shows it, from its wall-clock time in UTC fields.
 * A date alone → "2027-03-13"; a time alone (day 0 of the sheet) → "10:30";
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

/** A serial day number (days since 1899-12-30, or since 1904-01-01 in a 1904 workbook) as a date. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** Excel's escape for characters XML cannot carry: "_x000D_" is a carriage return. */
const unescapeX = (s: string): string =>
  s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;

/** Number formats Excel builds in that show a date or a time. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time (its letters, outside quotes, brackets and escapes). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/[\\_*]./g, '');
  return /[ymdhsb]/i.test(bare.replace(/general/gi, ''));
}

// ---------------------------------------------------------------- the package

const cannotRead = (file: string, why: string) =>
  new ImportFileError(
    file,
    `looks like an Excel workbook (.xlsx) but cannot be read (${why}). Open it in your spreadsheet, save it again as .xlsx or as CSV (UTF-8), and import that.`,
  );

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

interface Relationship {
  type: string;
  target: string;
}

/** The zip's parts by name (case-insensitive, as OPC names are), read against one expansion budget. */
class Package {
  /** The parts' names as stored, by their lower-case form without a leading "/". */
  private readonly parts = new Map<string, string>();
  private readonly zip: ZipArchive;

  constructor(
    readonly file: string,
    bytes: Uint8Array,
  ) {
    this.zip = new ZipArchive(bytes, MAX_XLSX_EXPANDED_BYTES);
    for (const name of this.zip.names()) {
      const key = name.replace(/^\/+/, '').toLowerCase();
      if (!this.parts.has(key)) this.parts.set(key, name);
    }
  }

  has(part: string): boolean {
    return this.parts.has(part.toLowerCase());
  }

  /** Parses one part as XML; the handlers see local names (no prefix). A handler may throw to stop. */
  async xml(
    part: string,
    on: { open?: (name: string, attrs: Record<string, string>) => void; close?: (name: string) => void; text?: (t: string) => void },
  ): Promise<void> {
    const name = this.parts.get(part.toLowerCase());
    if (name === undefined) throw new ZipError(`its part ${part} is missing`);
    const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
    const state: { failure: Error | null } = { failure: null };
    parser.on('error', (e) => {
      state.failure ??= e;
    });
    const { open, close, text } = on;
    if (open) parser.on('opentag', (t) => open(localName(t.name), t.attributes));
    if (close) parser.on('closetag', (t) => close(localName(t.name)));
    if (text) {
      parser.on('text', text);
      parser.on('cdata', text);
    }
    const fail = () => new ZipError(`its part ${part} is not well-formed XML: ${state.failure?.message ?? ''}`);
    for await (const chunk of this.zip.text(name)) {
      parser.write(chunk);
      if (state.failure) throw fail();
    }
    parser.close();
    if (state.failure) throw fail();
  }

  /** The relationships of a part (from its _rels/<name>.rels), by id, with absolute targets. */
  async relationships(part: string): Promise<Map<string, Relationship>> {
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
    const rels = new Map<string, Relationship>();
    if (!this.has(relsPart)) return rels;
    await this.xml(relsPart, {
      open: (name, a) => {
        if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
        rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(part, a.Target) });
      },
    });
    return rels;
  }
}

/** A relationship target as a part name: relative to the source part's folder, or absolute with a leading slash. */
function resolveTarget(source: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // not percent-encoded after all
  }
  const base = decoded.startsWith('/') ? '' : source.slice(0, source.lastIndexOf('/') + 1);
  const out: string[] = [];
  for (const seg of `${base}${decoded}`.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

const isType = (rel: Relationship, kind: string) => rel.type.endsWith(`/${kind}`);

// ---------------------------------------------------------------- the workbook

interface Workbook {
  date1904: boolean;
  /** Sheets in tab order with their relationship ids. */
  sheets: { name: string; rid: string; hidden: boolean }[];
}

/** The workbook part named by the package's root relationships; refuses other Office files and plain zips. */
async function workbookPart(pkg: Package): Promise<string> {
  const root = await pkg.relationships('');
  const office = [...root.values()].find((r) => isType(r, 'officeDocument'))?.target ?? (pkg.has('xl/workbook.xml') ? 'xl/workbook.xml' : null);
  if (office === null || !pkg.has(office)) throw new ImportFileError(pkg.file, 'is a zip archive but not an Excel workbook (.xlsx).');
  if (office.toLowerCase().endsWith('.bin')) {
    throw new ImportFileError(pkg.file, 'is an Excel binary workbook (.xlsb); save it as .xlsx or as CSV (UTF-8) and import that.');
  }
  return office;
}

async function readWorkbook(pkg: Package, part: string): Promise<Workbook> {
  const book: Workbook = { date1904: false, sheets: [] };
  const seen = { root: '' };
  await pkg.xml(part, {
    open: (name, a) => {
      if (seen.root === '') seen.root = name;
      if (name === 'workbookPr') book.date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') {
        const rid = Object.entries(a).find(([k]) => /(^|:)id$/.test(k))?.[1];
        if (rid) book.sheets.push({ name: a.name ?? '', rid, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
      }
    },
  });
  if (seen.root !== 'workbook') {
    const what = seen.root === 'document' ? 'a Word document (.docx)' : seen.root === 'presentation' ? 'a PowerPoint presentation (.pptx)' : 'a zip archive';
    throw new ImportFileError(pkg.file, `is ${what}, not an Excel workbook (.xlsx).`);
  }
  return book;
}

/** The cell styles (by index) whose number format shows a date or a time. */
async function readDateStyles(pkg: Package, part: string): Promise<Set<number>> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await pkg.xml(part, {
    open: (name, a) => {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(a.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  const dates = new Set<number>();
  formats.forEach((id, index) => {
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id)) dates.add(index);
  });
  return dates;
}

// ---------------------------------------------------------------- the sheet

/** A cell as read from the sheet: its text, or the index of a shared string still to look up. */
type SheetCell = string | number;

interface SheetRow {
  line: number;
  cells: SheetCell[];
}

/** The last column of a sheet: XFD. */
const MAX_COLUMN = 16_384;

/** "BC12" → 55 (columns from 1); 0 when the reference has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length && col <= MAX_COLUMN; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return col;
}

/** A cell as the sheet's XML gives it: its type (t), style (s), value (v), formula (f) and inline string (is). */
interface CellXml {
  type: string;
  style: number;
  value: string | null;
  formula: string | null;
  inline: string | null;
}

/**
 * A cell's text by its type; a shared string's index stays a number, to
 * look up later. A formula gives its saved result, or "=" and its text when
 * the spreadsheet saved none: it is never evaluated.
 */
function cellValue(c: CellXml, dateStyles: Set<number>, date1904: boolean): SheetCell {
  if (c.type === 'inlineStr' && c.inline !== null) return unescapeX(c.inline);
  const v = c.value;
  if (v === null) return c.formula ? `=${c.formula}` : '';
  switch (c.type) {
    case 's': {
      const index = Number.parseInt(v, 10);
      return Number.isInteger(index) && index >= 0 ? index : '';
    }
    case 'str':
    case 'inlineStr':
      return unescapeX(v);
    case 'b':
      return v.trim() === '1' || v.trim().toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      return v;
    case 'd': {
      const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      return Number.isNaN(d.getTime()) ? v : dateText(d);
    }
    default: {
      if (v.trim() === '') return '';
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      return dateStyles.has(c.style) ? dateText(serialDate(n, date1904)) : numberText(n);
    }
  }
}

/** Counts what the rows hold against the limits; each limit's refusal names the file. */
class Limits {
  private rows = 0;
  private cells = 0;
  private chars = 0;
  constructor(private readonly file: string) {}
  row(width: number): void {
    this.rows += 1;
    this.cells += width;
    if (this.rows > MAX_IMPORT_ROWS + 1) throw tooManyRows(this.file);
    if (this.cells > MAX_IMPORT_CELLS) throw tooManyCells(this.file);
  }
  text(length: number): void {
    this.chars += length;
    if (this.chars > MAX_IMPORT_CHARS) throw tooMuchText(this.file);
  }
}

/**
 * The sheet's non-empty rows, and the shared strings they use. Reading stops
 * (and the inflating with it) once there are more rows than an import may have.
 */
async function readSheet(
  pkg: Package,
  part: string,
  dateStyles: Set<number>,
  date1904: boolean,
  limits: Limits,
): Promise<{ rows: SheetRow[]; shared: Set<number> }> {
  const rows: SheetRow[] = [];
  const shared = new Set<number>();
  const sharedFormulas = new Map<string, string>();
  let row: SheetRow | null = null;
  let lastRow = 0;
  let column = 0;
  let cell: CellXml | null = null;
  let capture: 'value' | 'formula' | 'inline' | null = null;
  let formulaShare: string | null = null;
  let phonetic = 0;

  await pkg.xml(part, {
    open: (name, a) => {
      if (name === 'row') {
        const r = Number.parseInt(a.r ?? '', 10);
        lastRow = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
        row = { line: lastRow, cells: [] };
        column = 0;
      } else if (name === 'c' && row) {
        const col = a.r ? columnOf(a.r) : 0;
        if (col > MAX_COLUMN) throw new ZipError(`its sheet has a cell beyond the last column a sheet can have (${(a.r ?? '').slice(0, 20)})`);
        column = col > 0 ? col : column + 1;
        cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), value: null, formula: null, inline: null };
      } else if (cell && phonetic === 0) {
        if (name === 'v') {
          capture = 'value';
          cell.value = '';
        } else if (name === 'f') {
          capture = 'formula';
          cell.formula = '';
          formulaShare = a.t === 'shared' && a.si !== undefined ? a.si : null;
        } else if (name === 't' && cell.type === 'inlineStr') {
          capture = 'inline';
          cell.inline ??= '';
        } else if (name === 'rPh') {
          phonetic += 1;
        }
      } else if (name === 'rPh') {
        phonetic += 1;
      }
    },
    text: (t) => {
      if (!cell || capture === null) return;
      if (capture === 'value') cell.value += t;
      else if (capture === 'formula') cell.formula += t;
      else cell.inline += t;
    },
    close: (name) => {
      if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'v' || name === 't') capture = null;
      else if (name === 'f') {
        capture = null;
        if (cell && formulaShare !== null) {
          // A shared formula is written out once; the other cells of the group only name it.
          if (cell.formula) sharedFormulas.set(formulaShare, cell.formula);
          else cell.formula = sharedFormulas.get(formulaShare) ?? '';
        }
      } else if (name === 'c' && cell && row) {
        const value = cellValue(cell, dateStyles, date1904);
        if (typeof value === 'number') {
          shared.add(value);
          row.cells[column - 1] = value;
        } else if (value !== '') {
          limits.text(value.length);
          const text = cleanCell(value);
          if (text !== '') row.cells[column - 1] = text;
        }
        cell = null;
      } else if (name === 'row' && row) {
        if (row.cells.length > 0) {
          const cells = Array.from(row.cells, (c) => c ?? '');
          limits.row(cells.length);
          rows.push({ line: row.line, cells });
        }
        row = null;
      }
    },
  });
  return { rows, shared };
}

/** Thrown to stop reading a part once everything needed is read. */
const DONE = new Error('done');

/** The shared strings the sheet uses (and only those), cleaned once each; reading stops after the last one used. */
async function readSharedStrings(pkg: Package, part: string, wanted: Set<number>): Promise<Map<number, string>> {
  const strings = new Map<number, string>();
  let last = -1;
  for (const i of wanted) if (i > last) last = i;
  let index = -1;
  let text: string | null = null;
  let inText = false;
  let phonetic = 0;
  await pkg.xml(part, {
    open: (name) => {
      if (name === 'si') {
        index += 1;
        if (index > last) throw DONE;
        text = wanted.has(index) ? '' : null;
      } else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text: (t) => {
      if (inText && text !== null) text += t;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'si' && text !== null) {
        strings.set(index, cleanCell(unescapeX(text)));
        text = null;
      }
    },
  }).catch((err: unknown) => {
    if (err !== DONE) throw err;
  });
  return strings;
}

// ---------------------------------------------------------------- reading

async function readRows(pkg: Package): Promise<RawRow[]> {
  const part = await workbookPart(pkg);
  const book = await readWorkbook(pkg, part);
  const rels = await pkg.relationships(part);
  // The first tab the user sees: hidden sheets (lists behind drop-downs, say) only when every sheet is hidden.
  const worksheets = book.sheets.flatMap((s) => {
    const rel = rels.get(s.rid);
    return rel && isType(rel, 'worksheet') ? [{ ...s, part: rel.target }] : [];
  });
  const first = worksheets.find((s) => !s.hidden) ?? worksheets[0];
  if (!first) throw new ImportFileError(pkg.file, 'is an Excel workbook with no worksheet.');
  const target = (kind: string) => [...rels.values()].find((r) => isType(r, kind) && pkg.has(r.target))?.target ?? null;
  const stylesPart = target('styles');
  const stringsPart = target('sharedStrings');

  const limits = new Limits(pkg.file);
  const dateStyles = stylesPart ? await readDateStyles(pkg, stylesPart) : new Set<number>();
  const sheet = await readSheet(pkg, first.part, dateStyles, book.date1904, limits);
  const strings = stringsPart && sheet.shared.size > 0 ? await readSharedStrings(pkg, stringsPart, sheet.shared) : new Map<number, string>();

  const rows: RawRow[] = [];
  for (const r of sheet.rows) {
    const cells = r.cells.map((c) => {
      if (typeof c === 'string') return c;
      const text = strings.get(c) ?? '';
      limits.text(text.length);
      return text;
    });
    if (cells.some((c) => c !== '')) rows.push({ line: r.line, cells });
  }
  return rows;
}

export async function readXlsxRows(file: string, bytes: Uint8Array): Promise<RawRow[]> {
  try {
    return await readRows(new Package(file, bytes));
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if (err instanceof ZipBudgetError) {
      const mb = MAX_XLSX_EXPANDED_BYTES / 1048576;
      throw new ImportFileError(
        file,
        `expands to more than ${mb} MB when unzipped, more than this app reads from one workbook (a sheet of ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows needs far less); it may be damaged or made to exhaust memory. Save the sheet as CSV (UTF-8), or split it, and import that.`,
      );
    }
    if (err instanceof ZipError && err.message === 'it is password-protected') {
      throw new ImportFileError(file, 'is password-protected; remove the password in your spreadsheet, save it again, and import that.');
    }
    throw cannotRead(file, messageOf(err));
  }
}
