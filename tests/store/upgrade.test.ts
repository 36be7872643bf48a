/**
 * Upgrades from every earlier schema version, on frozen libraries made by
 * tests/fixtures/libraries/make-fixtures.ts (the demo library plus records
 * with emoji, right-to-left text, quotes, new lines and a logo). Each must
 * reach the latest version with every row intact, keep a backup taken before
 * the upgrade, and be restorable from that backup. A library from a newer
 * version is refused without a byte changing.
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  LATEST_VERSION,
  NewerLibraryError,
  getCompany,
  inspectBackup,
  list,
  openLibrary,
  remove,
  restoreLibrary,
  searchQuestions,
  sha256,
} from '../../electron/store';
import { exportKit } from '../../electron/services/documents';
import { figure } from '../helpers/figures';
import { tempDir, track } from '../helpers/library';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/libraries');
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((f) => /^v\d+\.db$/.test(f))
  .map((f) => ({ file: path.join(FIXTURES, f), version: Number(/\d+/.exec(f)?.[0]) }))
  .sort((a, b) => a.version - b.version);

type Row = Record<string, unknown>;
/** Every row of every app table (not SQLite's or the search index's own), keyed by table. */
function snapshot(file: string): Map<string, Row[]> {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'questions_fts%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return new Map(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Row[]]));
  } finally {
    db.close();
  }
}

function copyOf(file: string): string {
  const target = path.join(tempDir(), 'library.db');
  fs.copyFileSync(file, target);
  return target;
}

describe('upgrading libraries from earlier versions', () => {
  it('has a frozen fixture library for every earlier schema version', () => {
    expect(fixtures.map((f) => f.version)).toEqual(Array.from({ length: LATEST_VERSION - 1 }, (_, i) => i + 1));
  });

  for (const fixture of fixtures) {
    describe(`from schema v${fixture.version}`, () => {
      it('keeps every row of every table, byte for byte, and the upgraded library works', async ({ task }) => {
        const file = copyOf(fixture.file);
        const before = snapshot(file);
        expect([...before.values()].reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(200);

        const { db, fromVersion, backupPath } = await openLibrary(file);
        track(db);
        expect(fromVersion).toBe(fixture.version);
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

        for (const [table, rows] of before) {
          const after = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[];
          expect(after.length, table).toBe(rows.length);
          rows.forEach((row, i) => {
            const upgraded = after[i] ?? {};
            for (const [column, value] of Object.entries(row)) expect(upgraded[column], `${table}.${column} row ${i + 1}`).toEqual(value);
          });
        }

        // What a user sees: the records, the logo, search (including the tricky text) and a kit.
        expect(list(db, 'questions')).toHaveLength(before.get('questions')?.length ?? -1);
        expect(getCompany(db)?.logo?.mime).toBe('image/png');
        const tricky = list(db, 'questions').find((q) => q.text.includes('customer said "no"'));
        expect(tricky?.text).toBe('Tell me about a time a customer said "no" — what did it teach you? 🤝');
        expect(tricky?.probes[1]?.text).toBe('Who else was involved?\nHow did they react?');
        expect(list(db, 'competencies').some((c) => c.name === 'التواصل (Communication)')).toBe(true);
        expect(searchQuestions(db, 'customer said').map((h) => h.question.id)).toContain(tricky?.id);
        expect(searchQuestions(db, 'conflict').length).toBeGreaterThan(0);

        const ana = list(db, 'candidates').find((c) => c.name === 'Ana Ruiz');
        const stage = list(db, 'stages').find((s) => s.roleId === ana?.roleId);
        const out = tempDir();
        const kit = await exportKit(db, { role: ana?.roleId ?? '', stage: stage?.id ?? '', candidate: ana?.id ?? '' }, { outDir: out, formats: ['html'] });
        const html = fs.readFileSync(kit.files[0]?.path ?? '', 'utf8');
        expect(html).toContain('Ana Ruiz');
        expect(db.prepare('SELECT count(*) FROM export_log').pluck().get()).toBe(1);

        // The backup taken before the upgrade is the library as it was.
        expect(backupPath).not.toBeNull();
        const info = await inspectBackup(backupPath ?? '');
        expect(info.schemaVersion).toBe(fixture.version);
        expect(snapshot(backupPath ?? '')).toEqual(before);
        const rows = [...before.values()].reduce((n, r) => n + r.length, 0);
        figure(task, 'Upgrades', `schema v${fixture.version} → v${LATEST_VERSION}`, `${rows} rows intact, backup taken and readable`);
      });

      it('can be restored from the backup made before the upgrade', async () => {
        const file = copyOf(fixture.file);
        const { db, backupPath } = await openLibrary(file);
        const doomed = list(db, 'questions').find((q) => q.text.includes('customer said "no"'));
        remove(db, 'questions', doomed?.id ?? '');
        expect(list(db, 'questions').some((q) => q.id === doomed?.id)).toBe(false);
        db.close();

        const result = await restoreLibrary(file, backupPath ?? '');
        expect(result.schemaVersion).toBe(LATEST_VERSION);
        const { db: restored } = await openLibrary(file);
        track(restored);
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(list(restored, 'questions').find((q) => q.id === doomed?.id)?.text).toBe(doomed?.text);
        expect(searchQuestions(restored, 'customer said').map((h) => h.question.id)).toContain(doomed?.id);
        // The library that was replaced (with the deletion) is kept beside it.
        const { db: kept } = await openLibrary(result.previousKeptAt ?? '', { readonly: true });
        track(kept);
        expect(list(kept, 'questions').some((q) => q.id === doomed?.id)).toBe(false);
      });
    });
  }

  it('refuses a library from a newer version with a clear message, changing nothing', async ({ task }) => {
    const file = copyOf(fixtures.at(-1)?.file ?? '');
    const raw = new Sqlite(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const bytes = sha256(fs.readFileSync(file));
    const folder = fs.readdirSync(path.dirname(file));

    const attempt = openLibrary(file);
    await expect(attempt).rejects.toBeInstanceOf(NewerLibraryError);
    await expect(openLibrary(file)).rejects.toThrow(
      `was saved by a newer version of Interview Kit Builder (schema ${LATEST_VERSION + 1}; this version reads up to ${LATEST_VERSION}). Update the app to open it; the file was not changed.`,
    );
    expect(sha256(fs.readFileSync(file))).toBe(bytes);
    expect(fs.readdirSync(path.dirname(file))).toEqual(folder); // no backup, no -wal or -shm
    figure(task, 'Upgrades', `schema v${LATEST_VERSION + 1} (newer)`, 'refused, file unchanged');
  });
});
