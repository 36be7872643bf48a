import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Candidate, Question } from '../../shared/schemas';
import { ikit } from '../helpers/cli';
import { list, openLibrary } from '../../electron/store';
import { tempDir, track } from '../helpers/library';
import { csvAsXlsx, csvBytes, fixture } from '../fixtures/import/make-fixtures';

interface Report {
  imported: number;
  rejected: { line: number; reason: string }[];
  dryRun: boolean;
}

let demoDb = '';

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-import-demo-'));
  demoDb = path.join(dir, 'demo.db');
  const r = await ikit('init', '--demo', '--db', demoDb);
  expect(r.code, r.stderr).toBe(0);
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the demo library, so each test starts from the same state. */
function library(): string {
  const file = path.join(tempDir(), 'library.db');
  fs.copyFileSync(demoDb, file);
  return file;
}

function writeFile(name: string, bytes: Uint8Array): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function bankNames(file: string): Promise<string[]> {
  const { db } = await openLibrary(file);
  track(db);
  return list(db, 'questionBanks').map((b) => b.name);
}

const listed = async <T>(db: string, kind: string): Promise<T[]> => (await ikit('list', kind, '--db', db, '--json')).json<T[]>();

const BAD_QUESTIONS = [
  ['Question', 'Competencies', 'Minutes'],
  ['How do you close the store on a quiet night?', 'Ownership', '5'],
  ['What do you say to a customer who is wrong?', 'Customer Focus', '4'],
  ['Tell me about fixing a jammed zipper.', 'Zipper Craft', '6'],
  ['How do you share a tip with the team?', 'Teamwork', 'ten'],
];

describe('ikit import questions', () => {
  it('imports a good file in one go; the questions are then searchable', async () => {
    const db = library();
    const before = (await listed<Question>(db, 'questions')).length;
    const r = await ikit('import', 'questions', fixture('questions.csv'), '--bank', 'Imported', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Imported 3 questions from "${fixture('questions.csv')}".\nCreated question bank "Imported".\n`);
    expect((await listed<Question>(db, 'questions')).length).toBe(before + 3);
    const hits = (await ikit('search', 'voicemail', '--db', db, '--json')).json<Question[]>();
    expect(hits[0]?.text).toMatch(/customer left a voicemail/);
  });

  it('imports nothing when a row is rejected: exit 1, each rejected row with its line and reason', async () => {
    const db = library();
    const before = await listed<Question>(db, 'questions');
    const file = writeFile('bad.csv', csvBytes(BAD_QUESTIONS));
    const r = await ikit('import', 'questions', file, '--bank', 'Core behavioural', '--db', db);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 4: Competencies: no competency is named "Zipper Craft"\n');
    expect(r.stderr).toContain('line 5: Minutes: "ten" must be a number of minutes, such as 5\n');
    expect(r.stderr).toMatch(/ikit: Nothing was imported: 2 of 4 rows in ".*bad\.csv" were rejected \(listed above\)\. .*--skip-invalid/);
    expect(await listed<Question>(db, 'questions')).toEqual(before);
  });

  it('--json reports the imported count, the rejected rows and whether it was a dry run', async () => {
    const db = library();
    const file = writeFile('bad.csv', csvBytes(BAD_QUESTIONS));
    const r = await ikit('import', 'questions', file, '--bank', 'Core behavioural', '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(r.json<Report>()).toEqual({
      imported: 0,
      rejected: [
        { line: 4, reason: 'Competencies: no competency is named "Zipper Craft"' },
        { line: 5, reason: 'Minutes: "ten" must be a number of minutes, such as 5' },
      ],
      dryRun: false,
    });
    const good = await ikit('import', 'questions', fixture('questions.csv'), '--bank', 'Core behavioural', '--db', db, '--json');
    expect(good.code, good.stderr).toBe(0);
    expect(good.json<Report>()).toEqual({ imported: 3, rejected: [], dryRun: false });
  });

  it('--dry-run checks every row and writes nothing', async () => {
    const db = library();
    const before = await listed<Question>(db, 'questions');
    const r = await ikit('import', 'questions', fixture('questions.csv'), '--bank', 'New bank', '--dry-run', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `Dry run, nothing written: 3 questions from "${fixture('questions.csv')}" ready to import.\nWould create question bank "New bank".\n`,
    );
    const json = await ikit('import', 'questions', fixture('questions.csv'), '--bank', 'New bank', '--dry-run', '--db', db, '--json');
    expect(json.json<Report>()).toEqual({ imported: 3, rejected: [], dryRun: true });
    const bad = await ikit('import', 'questions', writeFile('bad.csv', csvBytes(BAD_QUESTIONS)), '--bank', 'X', '--dry-run', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ikit: Dry run: nothing would be imported: 2 of 4 rows/);
    expect(await listed<Question>(db, 'questions')).toEqual(before);
    expect(await bankNames(db)).not.toContain('New bank');
  });

  it('--skip-invalid imports the valid rows and reports the others', async () => {
    const db = library();
    const before = (await listed<Question>(db, 'questions')).length;
    const file = writeFile('bad.csv', csvBytes(BAD_QUESTIONS));
    const r = await ikit('import', 'questions', file, '--bank', 'Core behavioural', '--skip-invalid', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Imported 2 questions from ".*bad\.csv"; skipped 2 rejected rows\.$/m);
    expect(r.stderr).toContain('line 4: ');
    expect((await listed<Question>(db, 'questions')).length).toBe(before + 2);
  });

  it('imports an XLSX file', async () => {
    const db = library();
    const file = writeFile('questions.xlsx', await csvAsXlsx('questions.csv'));
    const r = await ikit('import', 'questions', file, '--bank', 'Core behavioural', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<Report>()).toEqual({ imported: 3, rejected: [], dryRun: false });
  });

  it('names the file in file-level errors', async () => {
    const db = library();
    const empty = writeFile('empty.csv', new Uint8Array());
    const r = await ikit('import', 'questions', empty, '--bank', 'X', '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ikit: The file "${empty}" is empty.\n`);
    const latin1 = writeFile('latin1.csv', new Uint8Array(Buffer.from([0x51, 0x75, 0x65, 0x73, 0x74, 0x69, 0x6f, 0x6e, 0x0a, 0xe9, 0x0a])));
    expect((await ikit('import', 'questions', latin1, '--bank', 'X', '--db', db)).stderr).toMatch(/is not valid UTF-8 text \(line 2/);
    const headerOnly = writeFile('header.csv', csvBytes([['Question', 'Competencies']]));
    expect((await ikit('import', 'questions', headerOnly, '--bank', 'X', '--db', db)).stderr).toMatch(/has a header row \(line 1\) but no data rows/);
    const noBank = await ikit('import', 'questions', fixture('questions.csv'), '--db', db);
    expect(noBank.code).toBe(2);
    expect(noBank.stderr).toMatch(/Choose the question bank .*--bank <name>/);
  });
});

describe('ikit import candidates', () => {
  it('imports candidates for an event, with times on the event’s date', async () => {
    const db = library();
    const r = await ikit('import', 'candidates', fixture('candidates.csv'), '--event', 'Spring Hiring Day — Portland', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Imported 3 candidates from "${fixture('candidates.csv')}".\n`);
    const jamie = (await listed<Candidate>(db, 'candidates')).find((c) => c.name === 'Jamie Rivera');
    expect(jamie).toMatchObject({ email: 'jamie.rivera@example.com', interviewAt: '2027-03-13T10:30' });
  });

  it('rejects a duplicate of a library candidate and a bad email; nothing written', async () => {
    const db = library();
    const before = await listed<Candidate>(db, 'candidates');
    const ana = before.find((c) => c.name === 'Ana Ruiz');
    const file = writeFile(
      'people.csv',
      csvBytes(
        [
          ['Name', 'E-mail', 'Phone'],
          ['Zoë 🌟 Park', 'zoe@example.com', '+1 503 555 0100'],
          ['سارة أحمد', 'sara@', ''],
          ['Ana R.', ana?.email ?? '', ''],
        ],
        { delimiter: ';', newline: '\r\n', bom: true },
      ),
    );
    const r = await ikit('import', 'candidates', file, '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(r.json<Report>()).toEqual({
      imported: 0,
      rejected: [
        { line: 3, reason: 'E-mail: "sara@" must be an email address' },
        { line: 4, reason: `E-mail: "${ana?.email}" is already the email of candidate "Ana Ruiz" in the library` },
      ],
      dryRun: false,
    });
    expect(await listed<Candidate>(db, 'candidates')).toEqual(before);
  });

  it('refuses an unknown event, naming the closest', async () => {
    const r = await ikit('import', 'candidates', fixture('candidates.csv'), '--event', 'Spring hiring', '--db', library());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ikit: No hiring event matches "Spring hiring". Did you mean: "Spring Hiring Day — Portland"?\n');
  });

  it('notes columns it does not import', async () => {
    const file = writeFile('extra.csv', csvBytes([['Name', 'Shoe size'], ['Bo Li', '42']]));
    const r = await ikit('import', 'candidates', file, '--db', library());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('note: columns not imported: "Shoe size"\n');
  });
});
