/**
 * The manifest: one CSV row per document of the batch (candidate, document,
 * format, file, sha256), so a coordinator can check the printed stack and
 * anyone can verify a file. Written by shared/csv, which neutralises cells a
 * spreadsheet would run as formulas.
 */
import path from 'node:path';
import { csvText } from '../../../shared/csv';
import { writeFileAtomic } from './files';

export { csvCell } from '../../../shared/csv';

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

export function manifestCsv(rows: readonly ManifestRow[]): string {
  return csvText([[...HEADER], ...rows.map((r) => HEADER.map((h) => r[h]))]);
}

/** Writes `<folder>/manifest.csv` atomically; returns its path. */
export function writeManifest(folder: string, rows: readonly ManifestRow[]): string {
  const file = path.join(folder, MANIFEST);
  writeFileAtomic(file, manifestCsv(rows));
  return file;
}
