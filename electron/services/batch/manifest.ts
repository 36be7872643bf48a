/**
 * The manifest: one CSV row per document of the batch (candidate, document,
 * format, file, sha256), so a coordinator can check the printed stack and
 * anyone can verify a file. Opened in a spreadsheet, a cell that starts with
 * = + - @ (or a tab or carriage return) would run as a formula: such cells
 * get a leading apostrophe.
 */
import path from 'node:path';
import { writeFileAtomic } from './files';

export const MANIFEST = 'manifest.csv';
const HEADER = ['candidate', 'document', 'format', 'file', 'sha256'] as const;

export interface ManifestRow {
  candidate: string;
  document: string;
  format: string;
  /** Relative to the event folder. */
  file: string;
  sha256: string;
}

/** A value safe to open in a spreadsheet: formulas neutralised, quoted when needed (RFC 4180). */
export function csvCell(value: string): string {
  const safe = /^\s*[=+\-@]|^[\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function manifestCsv(rows: readonly ManifestRow[]): string {
  const lines = [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => csvCell(r[h])).join(','))];
  // A byte order mark, so spreadsheets read names as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Writes `<folder>/manifest.csv` atomically; returns its path. */
export function writeManifest(folder: string, rows: readonly ManifestRow[]): string {
  const file = path.join(folder, MANIFEST);
  writeFileAtomic(file, manifestCsv(rows));
  return file;
}
