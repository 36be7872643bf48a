/**
 * Just under the import's row limit: 50,000 rows, as a CSV written by Excel
 * (byte order mark, CRLF) and as an XLSX, each imported whole and exactly.
 * Written at test time (tests/fixtures/hostile/spreadsheets/make-corpus.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../electron/services/import';
import { count, findByKey, list, searchQuestions } from '../../electron/store';
import { EVENT, EVENT_DATE, JUST_UNDER, ROLE, writeLarge } from '../fixtures/hostile/spreadsheets/make-corpus';
import { figure } from '../helpers/figures';
import { SUITE, demoCopy, dropTemplate, importFile } from './spreadsheets-corpus';

let dir = '';
let files: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-limit-'));
  files = await writeLarge(dir, ['candidates-50k-rows.csv', 'questions-50k-rows.xlsx']);
}, 60_000);

afterAll(() => {
  dropTemplate();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a file just under the row limit', () => {
  it('is the limit', () => {
    expect(JUST_UNDER).toBe(MAX_IMPORT_ROWS);
  });

  it('imports a 50,000-row roster CSV whole', async ({ task }) => {
    const db = await demoCopy();
    const before = count(db, 'candidates');
    const started = performance.now();
    const outcome = await importFile(db, files['candidates-50k-rows.csv'] ?? '');
    const ms = Math.round(performance.now() - started);
    expect(outcome.kind).toBe('imported');
    if (outcome.kind !== 'imported') return;
    expect(outcome.result.imported).toBe(JUST_UNDER);
    expect(count(db, 'candidates')).toBe(before + JUST_UNDER);
    expect(outcome.table.headers[0]).toBe('Name');
    const mine = new Set(outcome.result.ids);
    const stored = list(db, 'candidates').filter((c) => mine.has(c.id));
    const last = stored.find((c) => c.email === `p${JUST_UNDER}@example.com`);
    expect(last).toMatchObject({
      name: `Person ${JUST_UNDER}`,
      roleId: findByKey(db, 'roles', ROLE).id,
      eventId: findByKey(db, 'events', EVENT).id,
      interviewAt: `${EVENT_DATE}T${String(9 + ((JUST_UNDER - 1) % 8)).padStart(2, '0')}:${String((JUST_UNDER - 1) % 60).padStart(2, '0')}`,
    });
    expect(stored.every((c) => c.interviewAt?.startsWith(EVENT_DATE))).toBe(true);
    figure(task, SUITE, 'spreadsheet inputs tried', 1);
    figure(task, SUITE, 'spreadsheets imported exactly', 1);
    figure(task, SUITE, `time to import ${JUST_UNDER.toLocaleString('en-US')} candidates from CSV`, `${ms} ms`);
  }, 60_000);

  it('imports a 50,000-row question XLSX whole, searchable', async ({ task }) => {
    const db = await demoCopy();
    const before = count(db, 'questions');
    const started = performance.now();
    const outcome = await importFile(db, files['questions-50k-rows.xlsx'] ?? '');
    const ms = Math.round(performance.now() - started);
    expect(outcome.kind).toBe('imported');
    if (outcome.kind !== 'imported') return;
    expect(outcome.result.imported).toBe(JUST_UNDER);
    expect(count(db, 'questions')).toBe(before + JUST_UNDER);
    expect(outcome.table.rows.at(-1)).toEqual({ line: JUST_UNDER + 1, cells: [`Generated question number ${JUST_UNDER}?`, 'Teamwork', String(1 + ((JUST_UNDER - 1) % 30))] });
    const hit = searchQuestions(db, `Generated question number ${JUST_UNDER}`)[0]?.question;
    expect(hit).toMatchObject({ text: `Generated question number ${JUST_UNDER}?`, minutes: 1 + ((JUST_UNDER - 1) % 30) });
    figure(task, SUITE, 'spreadsheet inputs tried', 1);
    figure(task, SUITE, 'spreadsheets imported exactly', 1);
    figure(task, SUITE, `time to import ${JUST_UNDER.toLocaleString('en-US')} questions from XLSX`, `${ms} ms`);
  }, 60_000);
});
