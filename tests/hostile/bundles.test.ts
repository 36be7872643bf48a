/**
 * Hostile library bundles (issue #6): malformed, cut short, the wrong kind
 * of JSON, from a future version, above the size limit, nested a million
 * deep, "__proto__" / "constructor" / "prototype" keys at every level,
 * duplicate ids, wrong types, missing references, UTF-16 and byte order
 * marks, a logo that is an SVG, hostile names (tests/fixtures/hostile/bundles/corpus.json).
 * Through the store (the bytes of the file, as the bundle code reads them)
 * and the CLI (`ikit bundle import`). Each is imported correctly, or refused
 * with a message naming the file (and the entry and field), with no
 * prototype polluted and nothing stored changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBundleBytes, importBundle, parseBundleText, MAX_BUNDLE_BYTES } from '../../electron/store/bundle';
import { create, exportBundle, listExports, loadLibrary, openLibrary, saveCompany, type Database } from '../../electron/store';
import { AppError, messageOf } from '../../shared/errors';
import { bundleFile, corpus, writeDeepBundle, writeOversizedBundle, VALID_RECORDS, type BundleCase } from '../fixtures/hostile/bundles/make-bundles';
import { ikit } from '../helpers/cli';
import { figure } from '../helpers/figures';
import { prototypesClean, tableCounts, totalChanges } from './docs-helpers';

const CASES = corpus();
const refusedCases = CASES.filter((c): c is BundleCase & { expect: { refused: string[] } } => 'refused' in c.expect);
const importedCases = CASES.filter((c): c is BundleCase & { expect: { imported: { added: number } } } => 'imported' in c.expect);

let work = '';
/** A library with records of its own, which every refused bundle must leave exactly as it is. */
let local: Database;
let localFile = '';
const open: Database[] = [];
let oversized = '';
let deep = '';
const tally = { tried: 0, refusedClearly: 0, unchanged: 0, crashes: [] as string[] };

const source = (file: string): string => `The file "${file}"`;

async function freshLibrary(): Promise<{ db: Database; file: string }> {
  const file = path.join(fs.mkdtempSync(path.join(work, 'lib-')), 'library.db');
  const { db } = await openLibrary(file);
  open.push(db);
  return { db, file };
}

/** Everything a refused import must not change. */
function snapshot(db: Database) {
  return { counts: tableCounts(db), library: loadLibrary(db), exports: listExports(db) };
}

/** The bundle code's own path: the file's bytes, parsed and imported (or dry-run). */
function importFile(db: Database, file: string, dryRun = false) {
  return importBundle(db, parseBundleText(new Uint8Array(fs.readFileSync(file)), source(file)), { source: source(file), dryRun });
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    tally.crashes.push(messageOf(err));
    throw new Error(`not a clear refusal (${err instanceof Error ? err.constructor.name : typeof err}): ${messageOf(err)}`, { cause: err });
  }
  throw new Error('imported, not refused');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-bundles-'));
  localFile = path.join(work, 'local', 'library.db');
  ({ db: local } = await openLibrary(localFile));
  saveCompany(local, { name: 'Local Outfitters', mission: 'Ours, not theirs.' });
  const c = create(local, 'competencies', {
    name: 'Curiosity',
    ratingGuide: [1, 2, 3, 4].map((level) => ({ level, label: `L${level}`, anchor: `Curious at ${level}` })),
  });
  const bank = create(local, 'questionBanks', { name: 'Local bank' });
  create(local, 'questions', { bankId: bank.id, text: 'What did you learn last week?', type: 'motivational', competencyIds: [c.id], minutes: 5 });
  create(local, 'roles', { title: 'Local role', employmentType: 'seasonal', competencyIds: [c.id] });
  oversized = writeOversizedBundle(work, MAX_BUNDLE_BYTES);
  deep = writeDeepBundle(work);
}, 60_000);

afterAll(() => {
  for (const db of open) if (db.open) db.close();
  if (local?.open) local.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('refused bundles (read by the bundle code)', () => {
  it.each(refusedCases.map((c) => [c.file, c] as const))('%s: refused, naming the file; nothing changes, nothing is polluted', (_f, c) => {
    const file = bundleFile(c.file);
    const before = snapshot(local);
    const changes = totalChanges(local);
    for (const dryRun of [true, false]) {
      tally.tried += 1;
      const err = refusal(() => importFile(local, file, dryRun));
      expect(err.message.startsWith(source(file)), err.message).toBe(true);
      for (const pattern of c.expect.refused) expect(err.message).toMatch(new RegExp(pattern));
      expect(err.message).toMatch(/Nothing was imported\.$/);
      tally.refusedClearly += 1;
      expect(prototypesClean()).toBe(true);
      expect(snapshot(local)).toEqual(before);
      // Refused before a single row was written, except where a record is refused mid-import (then rolled back).
      if (c.file !== 'name-clash-then-reference.json') expect(totalChanges(local)).toBe(changes);
      tally.unchanged += 1;
    }
  });

  it('refuses a bundle above the size limit (generated), and one nested a million deep', () => {
    const before = snapshot(local);
    expect(fs.statSync(oversized).size).toBeGreaterThan(MAX_BUNDLE_BYTES);
    const big = refusal(() => importFile(local, oversized));
    expect(big.message).toBe(`${source(oversized)} is ${(fs.statSync(oversized).size / 1048576).toFixed(1)} MB; the limit is 64 MB. Nothing was imported.`);
    expect(() => parseBundleText(' '.repeat(MAX_BUNDLE_BYTES + 1), 'The pasted text')).toThrow(/^The pasted text is larger than the 64 MB limit/);
    const nested = refusal(() => importFile(local, deep));
    expect(nested.message).toBe(`${source(deep)} is nested deeper than any library bundle (more than 32 levels). Nothing was imported.`);
    expect(snapshot(local)).toEqual(before);
    expect(prototypesClean()).toBe(true);
    tally.tried += 2;
    tally.refusedClearly += 2;
    tally.unchanged += 2;
  });

  it('imports all or nothing: a record refused mid-import takes back the ones before it', () => {
    const clash = bundleFile('name-clash-then-reference.json');
    const before = loadLibrary(local);
    expect(() => importFile(local, clash)).toThrow(/Who owns a fix nobody asked for/);
    const after = loadLibrary(local);
    expect(after.products.map((p) => p.name)).not.toContain('Bike fitting');
    expect(after).toEqual(before);
  });
});

describe('bundles that import (read by the bundle code)', () => {
  it.each(importedCases.map((c) => [c.file, c] as const))('%s: imported whole, and again as unchanged', async (_f, c) => {
    const { db } = await freshLibrary();
    const file = bundleFile(c.file);
    tally.tried += 1;
    const dry = importFile(db, file, true);
    expect(dry.totals).toEqual({ added: c.expect.imported.added, updated: 0, unchanged: 0, conflicts: 0 });
    expect(loadLibrary(db).candidates).toEqual([]);
    const report = importFile(db, file);
    expect(report.totals).toEqual({ added: c.expect.imported.added, updated: 0, unchanged: 0, conflicts: 0 });
    const lib = loadLibrary(db);
    // The text came through whatever the file's encoding: "José García" has its accents.
    expect(lib.candidates.map((x) => x.name)).toContain(c.file === 'hostile-names.json' ? 'ANA RUIZ' : 'Jos\u00e9 Garc\u00eda');
    // A second import of the same file changes nothing, even for text a library cannot store as given (lone surrogates).
    const again = importFile(db, file);
    expect(again.totals).toEqual({ added: 0, updated: 0, unchanged: c.expect.imported.added, conflicts: 0 });
    expect(prototypesClean()).toBe(true);
  });

  it('a library of hostile names survives export and import: the same library on the other side', async () => {
    const { db: first } = await freshLibrary();
    importFile(first, bundleFile('hostile-names.json'));
    const { db: second } = await freshLibrary();
    const text = JSON.stringify(exportBundle(first, { includeCandidates: true }));
    importBundle(second, parseBundleText(text, 'The exported bundle'), { source: 'The exported bundle' });
    expect(loadLibrary(second)).toEqual(loadLibrary(first));
    const names = loadLibrary(second).candidates.map((c) => c.name);
    for (const name of ['CON', '../../etc/passwd', 'evil\u202efdp.exe', '<w:t>Ana</w:t><w:br/>', 'Nul\u0000Byte', 'Jose\u0301 Garci\u0301a']) expect(names).toContain(name);
  });

  it('reads UTF-16 and byte order marks from the file’s bytes, and says what is wrong with other encodings', () => {
    const utf16 = decodeBundleBytes(new Uint8Array(fs.readFileSync(bundleFile('utf16be-bom.json'))));
    expect(utf16).toBe(fs.readFileSync(bundleFile('valid.json'), 'utf8'));
    // The same file read as UTF-8 text first (as a caller that decodes before asking): refused, saying so.
    expect(() => parseBundleText(fs.readFileSync(bundleFile('utf16le-bom.json')).toString('utf8'), 'The file')).toThrow(
      'The file is saved as UTF-16 text and was read as UTF-8. Save it as UTF-8 and import it again. Nothing was imported.',
    );
  });
});

describe('ikit bundle import', () => {
  it('refuses each bad bundle with exit code 1 and a message naming the file, and leaves the library alone', async ({ task }) => {
    const before = snapshot(local);
    local.close();
    try {
      for (const c of refusedCases.filter((x) => !x.cli)) {
        for (const dry of [[], ['--dry-run']]) {
          const file = bundleFile(c.file);
          const r = await ikit('bundle', 'import', file, ...dry, '--db', localFile);
          expect(r.code, c.file).toBe(1);
          expect(r.stdout).toBe('');
          expect(r.stderr.startsWith(`ikit: ${source(file)}`), r.stderr).toBe(true);
          for (const pattern of c.expect.refused) expect(r.stderr).toMatch(new RegExp(pattern));
        }
      }
      const big = await ikit('bundle', 'import', oversized, '--db', localFile);
      expect(big.code).toBe(1);
      expect(big.stderr).toMatch(new RegExp(`^ikit: The bundle "${oversized.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is 6\\d\\.\\d MB; the limit is 64 MB`));
      const nested = await ikit('bundle', 'import', deep, '--db', localFile);
      expect(nested.code).toBe(1);
      expect(nested.stderr).toContain('is nested deeper than any library bundle');
    } finally {
      ({ db: local } = await openLibrary(localFile));
    }
    expect(snapshot(local)).toEqual(before);
    expect(prototypesClean()).toBe(true);
    figure(task, 'Hostile input', 'bundles tried / refused clearly', `${CASES.length + 2} files / ${refusedCases.length + 2} refused with the file, entry and field named`);
  }, 60_000);

  it('imports the good ones from the command line, UTF-16 included, and refuses other encodings naming the byte', async ({ task }) => {
    for (const c of CASES.filter((x) => 'imported' in x.expect || x.cli)) {
      const { db, file: dbFile } = await freshLibrary();
      db.close();
      const file = bundleFile(c.file);
      const r = await ikit('bundle', 'import', file, '--db', dbFile, '--json');
      if ('refused' in c.expect) {
        expect(r.code, c.file).toBe(1);
        expect(r.stderr, c.file).toMatch(new RegExp(`^ikit: ${source(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${c.expect.refused[0] ?? ''}`));
        continue;
      }
      expect(r.stderr, c.file).toBe('');
      expect(r.code, c.file).toBe(0);
      const added = 'imported' in c.expect ? c.expect.imported.added : VALID_RECORDS;
      expect(r.json<{ totals: { added: number } }>().totals.added, c.file).toBe(added);
    }
    figure(task, 'Hostile input', 'bundle imports refused with the library unchanged (rows, records, export log)', `${tally.unchanged} of ${tally.refusedClearly}`);
    figure(task, 'Hostile input', 'prototype pollution found', prototypesClean() ? 0 : 1);
    figure(task, 'Hostile input', 'bundle import attempts through the bundle code (each refusal also dry-run)', tally.tried);
    figure(task, 'Hostile input', 'crashes (bundles)', tally.crashes.length);
  }, 60_000);
});
