/**
 * The huge part of the hostile spreadsheet corpus, written at test time into
 * a temporary folder (tests/fixtures/hostile/spreadsheets/make-corpus.ts):
 * 100,000 rows, a megabyte in one cell, a 100,000-character name, zip bombs,
 * a shared string used 50,000 times, a sheet 16,384 columns wide. Each is
 * refused early with a message naming the file, or has its row rejected,
 * with the library untouched. A 100,000-row XLSX is read in a process of
 * its own, whose peak memory must stay within PEAK_BOUND_MB of its baseline.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../electron/services/import';
import { LARGE_ROWS, writeLarge } from '../fixtures/hostile/spreadsheets/make-corpus';
import { figure } from '../helpers/figures';
import { SUITE, crashes, demoCopy, dropTemplate, importFile, whyCrashed } from './spreadsheets-corpus';
import { crashOf } from './spreadsheets-crashes';

/**
 * How far above its baseline (everything loaded, nothing read) the memory of
 * a process reading the 100,000-row XLSX may go. Measured on this machine
 * (node 20): the streaming reader peaks 60 to 65 MB above it; loading the
 * whole workbook, as the import did before (exceljs), about 270 to 310 MB. The
 * bound leaves the first room for noise and fails the second.
 */
const PEAK_BOUND_MB = 160;

interface Probe {
  beforeMb: number;
  peakMb: number;
  ms: number;
  outcome: string;
  error: { name: string; message: string } | null;
}

/** Reads `file` in a child process (spreadsheets-rss.ts); a child that dies is a crash, its stderr the reason. */
function probe(file: string, ...flags: string[]): Probe | { died: string } {
  try {
    const out = execFileSync(process.execPath, ['bin/run-ts.mjs', 'tests/hostile/spreadsheets-rss.ts', file, ...flags], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Probe;
  } catch (err) {
    const e = err as { message: string; stderr?: string };
    return { died: `the reading process died: ${e.stderr || e.message}`.slice(0, 2000) };
  }
}

const REFUSED: Record<string, string | RegExp> = {
  'questions-100k-rows.csv': 'has more than 50,000 rows; split it into smaller files.',
  'candidates-100k-rows.csv': 'has more than 50,000 rows; split it into smaller files.',
  'candidates-100k-rows.xlsx': 'has more than 50,000 rows; split it into smaller files.',
  'bomb-declared.xlsx': /^expands to more than 128 MB when unzipped, .*it may be damaged or made to exhaust memory/,
  'bomb-lying.xlsx': /^expands to more than 128 MB when unzipped/,
  'bomb-shared-strings.xlsx': /^expands to more than 128 MB when unzipped/,
  'amplified-shared-string.xlsx': /^holds more than 64 million characters of text/,
  'wide-sheet.xlsx': /^has more than 10,000,000 cells \(rows × columns\); delete the columns you do not need/,
};

const REJECTED: Record<string, { line: number; reason: string }> = {
  'questions-1mb-cell.csv': { line: 3, reason: 'Question: must be at most 1000 characters' },
  'questions-1mb-cell.xlsx': { line: 3, reason: 'Listen for: must be at most 2000 characters' },
  'candidates-100k-char-name.csv': { line: 3, reason: 'Name: must be at most 120 characters' },
  'candidates-100k-char-name.xlsx': { line: 3, reason: 'Name: must be at most 120 characters' },
};

let dir = '';
let files: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-large-'));
  files = await writeLarge(dir, [...Object.keys(REFUSED), ...Object.keys(REJECTED)]);
}, 60_000);

afterAll(() => {
  dropTemplate();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('huge hostile spreadsheets', () => {
  it.for(Object.keys(REFUSED))('%s is refused early, naming the file', async (name, { task }) => {
    const db = await demoCopy();
    const file = files[name] ?? '';
    const started = performance.now();
    const outcome = await importFile(db, file);
    figure(task, SUITE, 'crashes (spreadsheets)', crashes(outcome));
    expect(crashes(outcome), whyCrashed(outcome)).toBe(0);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    const problem = outcome.error.message.slice(`The file "${file}" `.length);
    const expected = REFUSED[name] ?? '';
    if (typeof expected === 'string') expect(problem).toBe(expected);
    else expect(problem).toMatch(expected);
    figure(task, SUITE, 'spreadsheet inputs tried', 1);
    figure(task, SUITE, 'spreadsheets refused with a message naming the file', 1);
    figure(task, SUITE, 'time to refuse a huge spreadsheet', `${name} (${(fs.statSync(file).size / 1048576).toFixed(1)} MB): ${Math.round(performance.now() - started)} ms`);
  });

  it.for(Object.keys(REJECTED))('%s: the long row is rejected by line and column, nothing written', async (name, { task }) => {
    const db = await demoCopy();
    const outcome = await importFile(db, files[name] ?? '');
    figure(task, SUITE, 'crashes (spreadsheets)', crashes(outcome));
    expect(crashes(outcome), whyCrashed(outcome)).toBe(0);
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind !== 'rejected') return;
    expect(outcome.rejected).toEqual([REJECTED[name]]);
    expect(outcome.preview.counts.valid).toBe(1);
    figure(task, SUITE, 'spreadsheet inputs tried', 1);
    figure(task, SUITE, 'spreadsheets with rows rejected by line and column, nothing written', 1);
  });

  it(`reads a 100,000-row XLSX as a stream and stops past the limit, at most ${PEAK_BOUND_MB} MB above the baseline of a process doing only that`, ({ task }) => {
    const file = files['candidates-100k-rows.xlsx'] ?? '';
    const run = probe(file);
    const crash = 'died' in run ? run.died : run.error ? crashOf(run.error.name, run.error.message) : null;
    figure(task, SUITE, 'crashes (spreadsheets)', crash === null ? 0 : 1);
    expect(crash).toBeNull();
    if ('died' in run) return;
    expect(run.outcome).toBe(`The file "${file}" has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; split it into smaller files.`);
    const above = run.peakMb - run.beforeMb;
    figure(
      task,
      SUITE,
      `peak RSS reading the ${LARGE_ROWS.toLocaleString('en-US')}-row XLSX`,
      `${run.peakMb} MB, ${above} MB above the ${run.beforeMb} MB before reading (bound ${PEAK_BOUND_MB} MB; ${run.ms} ms)`,
    );
    expect(above, `peak ${run.peakMb} MB, baseline ${run.beforeMb} MB`).toBeLessThan(PEAK_BOUND_MB);
  }, 60_000);

  it('the memory bound fails a reader that loads the whole workbook (exceljs, as the import did before)', ({ task }) => {
    const run = probe(files['candidates-100k-rows.xlsx'] ?? '', '--whole-workbook');
    if ('died' in run) throw new Error(run.died);
    expect(run.outcome).toBe('past the limit');
    const above = run.peakMb - run.beforeMb;
    figure(task, SUITE, `peak RSS loading the whole ${LARGE_ROWS.toLocaleString('en-US')}-row XLSX (the old way)`, `${above} MB above the baseline (bound ${PEAK_BOUND_MB} MB)`);
    expect(above).toBeGreaterThan(PEAK_BOUND_MB);
  }, 60_000);
});
