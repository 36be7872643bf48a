/**
 * Driving a hostile spreadsheet through the real import service (readTable →
 * guessMapping → previewImport → commitImport) into a demo library, and
 * telling apart the outcomes a user may see: refused with a message,
 * rows rejected by line and column, or imported. Anything else is a crash
 * (spreadsheets-crashes.ts): an error that is not one a user is meant to
 * read, or a message that reads like the program's insides. A crash is
 * returned, not thrown, so that a test can count it before it fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import {
  ImportRejectedError,
  commitImport,
  guessMapping,
  previewImport,
  readTable,
  rejectedRows,
  type ImportKind,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
  type ImportSource,
  type ImportTable,
} from '../../electron/services/import';
import { ENTITY_KINDS, count, loadDemo, openLibrary, type Database } from '../../electron/store';
import { AppError } from '../../shared/errors';
import { BANK, EVENT } from '../fixtures/hostile/spreadsheets/make-corpus';
import { tempDir, track } from '../helpers/library';
import { crashOfError, internalText } from './spreadsheets-crashes';

export const SUITE = 'Hostile input';

/**
 * The files of the committed corpus that import, each into a fresh demo
 * library (several hold the same people or questions, so they would not all
 * import into one). What each gives is in import.test.ts, which checks this
 * list against its own; the documents test (import-documents.test.ts) makes
 * kits and packets from every one.
 */
export const IMPORTED = [
  'questions-excel-style.csv',
  'questions-formulas.csv',
  'questions-emoji-rtl.csv',
  'questions-markup-controls.csv',
  'questions-hostile.xlsx',
  'candidates-excel-style.csv',
  'candidates-mixed-line-ends.csv',
  'candidates-utf16.txt',
  'candidates-formulas.csv',
  'candidates-csv-injection.csv',
  'candidates-emoji-rtl.csv',
  'candidates-markup-controls.csv',
  'candidates-path-names.csv',
  'candidates-hostile.xlsx',
  'candidates-control-chars.xlsx',
  'candidates-formula-cells.xlsx',
  'candidates-tab-order.xlsx',
  'candidates-prefixed-xml.xlsx',
] as const;

/** Questions or candidates, from the file's name. */
export const kindOf = (file: string): ImportKind => (path.basename(file).startsWith('questions') ? 'questions' : 'candidates');

/** What a user picks for the import: a bank for questions, the event for a roster. */
export const optionsFor = (kind: ImportKind) => (kind === 'questions' ? { bank: BANK } : { event: EVENT });

let templateDir: string | null = null;

/** A copy of the demo library (made once per test file, removed by `dropTemplate`) at `file`, not closed after each test. */
export async function demoLibraryAt(file: string): Promise<Database> {
  if (!templateDir) {
    templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-template-'));
    const { db } = await openLibrary(path.join(templateDir, 'library.db'));
    loadDemo(db);
    db.close();
  }
  fs.copyFileSync(path.join(templateDir, 'library.db'), file);
  return (await openLibrary(file)).db;
}

/** A fresh demo library for one test, closed and removed after it. */
export async function demoCopy(): Promise<Database> {
  return track(await demoLibraryAt(path.join(tempDir(), 'library.db')));
}

export function dropTemplate(): void {
  if (templateDir) fs.rmSync(templateDir, { recursive: true, force: true });
  templateDir = null;
}

/** Every table's row count, and the connection's total of changed rows: equal snapshots mean nothing was written. */
export function snapshot(db: Database): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ENTITY_KINDS.map((k) => [k, count(db, k)]));
  counts.exports = (db.prepare('SELECT count(*) AS n FROM export_log').get() as { n: number }).n;
  counts.totalChanges = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return counts;
}

export type Outcome =
  | { kind: 'refused'; error: AppError }
  | { kind: 'rejected'; table: ImportTable; preview: ImportPreview; rejected: { line: number; reason: string }[] }
  | { kind: 'imported'; table: ImportTable; preview: ImportPreview; result: ImportResult }
  | { kind: 'crashed'; why: string };

/** 1 for a crash, 0 for any outcome a user is meant to see: the figure "crashes (spreadsheets)" adds these up. */
export const crashes = (outcome: Outcome): number => (outcome.kind === 'crashed' ? 1 : 0);

/** Why the outcome is a crash ('' when it is not): the message of a failed `expect(crashes(outcome)).toBe(0)`. */
export const whyCrashed = (outcome: Outcome): string => (outcome.kind === 'crashed' ? outcome.why : '');

/**
 * Reads, previews and (when every row is valid) imports `source`. A refusal
 * must name the file and leave the library untouched; rejected rows must make
 * the commit refuse, untouched too. Any other error, or a message that reads
 * like an internal error, is returned as a crash.
 */
export async function importFile(
  db: Database,
  source: ImportSource,
  kind = kindOf(typeof source === 'string' ? source : source.name),
  options: ImportOptions = optionsFor(kind),
): Promise<Outcome> {
  const name = typeof source === 'string' ? source : source.name;
  const before = snapshot(db);
  let table: ImportTable;
  let preview: ImportPreview;
  try {
    table = await readTable(source);
    preview = previewImport(db, kind, table, guessMapping(kind, table.headers), options);
  } catch (err) {
    const why = crashOfError(err);
    if (why !== null || !(err instanceof AppError)) return { kind: 'crashed', why: why ?? String(err) };
    expect(err.message.startsWith(`The file "${name}" `), err.message).toBe(true);
    expect(snapshot(db)).toEqual(before);
    return { kind: 'refused', error: err };
  }
  const rejected = rejectedRows(preview);
  if (rejected.length > 0) {
    const internal = rejected.map((r) => internalText(r.reason)).find((why) => why !== null);
    if (internal) return { kind: 'crashed', why: internal };
    expect(() => commitImport(db, preview)).toThrow(ImportRejectedError);
    expect(snapshot(db)).toEqual(before);
    return { kind: 'rejected', table, preview, rejected };
  }
  try {
    return { kind: 'imported', table, preview, result: commitImport(db, preview) };
  } catch (err) {
    return { kind: 'crashed', why: `committing rows the preview found valid threw: ${crashOfError(err) ?? (err as Error).message}` };
  }
}
