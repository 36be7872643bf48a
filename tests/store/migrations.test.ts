import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, openLibrary, searchQuestions, list } from '../../electron/store';
import { tempDir, track } from './../helpers/library';

const upTo = (v: number) => MIGRATIONS.slice(0, v);

/** A library at schema version `v`, holding one question bank, competency and question. */
async function libraryAt(v: number) {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const { db } = await openLibrary(file, { migrations: upTo(v) });
  const at = '2026-01-01T00:00:00.000Z';
  db.prepare(`INSERT INTO question_banks VALUES ('b0000000-0000-4000-8000-000000000001', 'Core', '', ?, ?)`).run(at, at);
  db.prepare(
    `INSERT INTO competencies VALUES ('c0000000-0000-4000-8000-000000000001', 'Customer Focus', 'def', ?, ?, ?)`,
  ).run(JSON.stringify([1, 2, 3, 4].map((l) => ({ level: l, label: `L${l}`, anchor: `a${l}` }))), at, at);
  db.prepare(
    `INSERT INTO questions (id, bank_id, text, type, competency_ids, probes, listen_for, red_flags, minutes, difficulty, tags, required, created_at, updated_at)
     VALUES ('a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001',
      'Tell me about a conflict with a customer.', 'behavioural', '["c0000000-0000-4000-8000-000000000001"]',
      '[{"text":"What did it teach you?","reflection":true}]', '', '', 5, 'intermediate', '["service"]', 0, ?, ?)`,
  ).run(at, at);
  db.close();
  return { dir, file };
}

describe('migrations', () => {
  it('are numbered 1..n in order, and a new library is at the latest version', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const dir = tempDir();
    const { db, fromVersion, backupPath } = await openLibrary(path.join(dir, 'new.db'));
    track(db);
    expect(fromVersion).toBe(0);
    expect(backupPath).toBeNull();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('step 1 creates STRICT entity tables that refuse values of the wrong type', async () => {
    const dir = tempDir();
    const { db } = await openLibrary(path.join(dir, 'v1.db'), { migrations: upTo(1) });
    track(db);
    const tables = (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'`).all() as { name: string; sql: string }[]);
    for (const t of ['company', 'products', 'benefits', 'competencies', 'question_banks', 'questions', 'roles', 'stages', 'interviewers', 'events', 'candidates']) {
      const found = tables.find((x) => x.name === t);
      expect(found, t).toBeDefined();
      expect(found?.sql).toMatch(/STRICT$/);
    }
    db.prepare(`INSERT INTO question_banks VALUES ('b', 'n', '', 'x', 'y')`).run();
    expect(() =>
      db
        .prepare(`INSERT INTO questions (id, bank_id, text, type, competency_ids, probes, listen_for, red_flags, minutes, difficulty, tags, required, created_at, updated_at) VALUES ('q', 'b', 't', 'behavioural', '[]', '[]', '', '', 'five', 'easy', '[]', 0, 'x', 'y')`)
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('step 2 adds the question search index and fills it from the questions already stored', async () => {
    const { file } = await libraryAt(1);
    const { db, fromVersion, backupPath } = await openLibrary(file, { migrations: upTo(2) });
    track(db);
    expect(fromVersion).toBe(1);
    expect(backupPath).not.toBeNull();
    const hits = searchQuestions(db, 'conflict');
    expect(hits.map((h) => h.question.text)).toEqual(['Tell me about a conflict with a customer.']);
    // competency names are searchable too
    expect(searchQuestions(db, 'customer focus')).toHaveLength(1);
  });

  it('step 3 adds the export log and keeps every record', async () => {
    const { file } = await libraryAt(2);
    const { db } = await openLibrary(file, { migrations: upTo(3) });
    track(db);
    expect(db.prepare(`SELECT count(*) AS n FROM export_log`).get()).toEqual({ n: 0 });
    expect(list(db, 'questions')).toHaveLength(1);
    expect(list(db, 'competencies')[0]?.name).toBe('Customer Focus');
  });

  it('all pending steps run in one transaction: a failing step leaves the library as it was', async () => {
    const { file } = await libraryAt(1);
    const broken = [
      ...upTo(2),
      { version: 3, name: 'broken', up: () => { throw new Error('boom'); } },
    ];
    await expect(openLibrary(file, { migrations: broken })).rejects.toThrow('boom');
    const raw = track(new Sqlite(file));
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare(`SELECT name FROM sqlite_schema WHERE name = 'questions_fts'`).get()).toBeUndefined();
  });

  it('backs up the library before upgrading, and the backup opens at the old version', async () => {
    const { file, dir } = await libraryAt(1);
    const { db, backupPath } = await openLibrary(file);
    track(db);
    expect(backupPath && fs.existsSync(backupPath)).toBe(true);
    expect(path.dirname(backupPath ?? '')).toBe(dir);
    const old = track(new Sqlite(backupPath ?? '', { readonly: true }));
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(old.prepare(`SELECT count(*) AS n FROM questions`).get()).toEqual({ n: 1 });
  });

  it('refuses a library from a newer version without changing the file', async () => {
    const { file } = await libraryAt(LATEST_VERSION);
    const raw = new Sqlite(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    await expect(openLibrary(file)).rejects.toThrow(/newer version of Interview Kit Builder.*Update the app/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a library', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'these are not the droids'.repeat(100));
    await expect(openLibrary(text)).rejects.toThrow(/is not an Interview Kit Builder library/);
    const other = path.join(dir, 'other.db');
    const raw = new Sqlite(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    await expect(openLibrary(other)).rejects.toThrow(/database of another program/);
  });
});
