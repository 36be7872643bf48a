/**
 * The hostile spreadsheet corpus (tests/fixtures/hostile/spreadsheets),
 * every file through the real import service into a demo library. Each gives
 * a refusal that names the file, rows rejected by line and column with
 * nothing written, or exactly the right records: never a crash, never a
 * half-written library.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, ImportRejectedError, type ImportTable } from '../../electron/services/import';
import { findByKey, list, type Database } from '../../electron/store';
import { ValidationError } from '../../shared/errors';
import type { Candidate, Question } from '../../shared/schemas';
import {
  CONTROL,
  CSV_INJECTION,
  EMOJI,
  EVENT,
  EVENT_DATE,
  FORMULAS,
  INVISIBLE_LEADING,
  MARKUP,
  PATHS,
  ROLE,
  RTL,
  SMALL_FILES,
  XLSX_CONTROL,
  CORPUS,
  corpusFile,
} from '../fixtures/hostile/spreadsheets/make-corpus';
import { figure } from '../helpers/figures';
import { IMPORTED, SUITE, crashes, demoCopy, dropTemplate, importFile, kindOf, whyCrashed, type Outcome } from './spreadsheets-corpus';
import { USER_FACING, crashOf, crashOfError } from './spreadsheets-crashes';

afterAll(dropTemplate);

interface Stored {
  db: Database;
  table: ImportTable;
  questions: Question[];
  candidates: Candidate[];
}

type Expectation =
  | { refused: string | RegExp }
  | { rejected: { line: number; reason: string | RegExp }[] }
  | { imported: (s: Stored) => void };

/** Characters no stored text may hold (cleaned on import, as documents would refuse them). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const at = (time: string) => `${EVENT_DATE}T${time}`;
const names = (s: Stored) => s.candidates.map((c) => c.name);
const texts = (s: Stored) => s.questions.map((q) => q.text);
const competencyId = (db: Database, name: string) => findByKey(db, 'competencies', name).id;

const CASES: Record<string, Expectation> = {
  // ---------------------------------------------------------------- CSV the way spreadsheets write it
  'questions-excel-style.csv': {
    imported: ({ db, table, questions: [q1, q2] }) => {
      expect(table.headers[0]).toBe('Question');
      expect(q1).toMatchObject({
        text: 'Tell me about a time you calmed an upset customer.',
        competencyIds: [competencyId(db, 'Customer Focus'), competencyId(db, 'Communication')],
        probes: [
          { text: 'What did you say first?', reflection: false },
          { text: 'What did that teach you?', reflection: true },
        ],
        listenFor: 'Stays calm\nListens first',
        redFlags: 'Blames the customer',
        minutes: 5,
        tags: ['calm', 'service'],
      });
      expect(q2).toMatchObject({ text: 'Walk me through your checklist before a rental goes out.', listenFor: 'Checks; double-checks', minutes: 6 });
    },
  },
  'candidates-excel-style.csv': {
    imported: ({ db, table, candidates: [renee, jonas] }) => {
      expect(table.headers).toEqual(['Name', 'E-mail', 'Mobile', 'Position', 'Interview Time', 'Notes']);
      expect(renee).toMatchObject({
        name: 'Renée Dubois',
        email: 'renee@example.com',
        phone: '+33 1 23 45 67 89',
        roleId: findByKey(db, 'roles', ROLE).id,
        eventId: findByKey(db, 'events', EVENT).id,
        interviewAt: at('10:30'),
        notes: 'Prefers mornings\nBring ID; parking pass',
      });
      expect(jonas).toMatchObject({ name: 'Jonas Müller', interviewAt: at('11:15') });
    },
  },
  'candidates-mixed-line-ends.csv': {
    imported: (s) => {
      expect(s.table.rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
      expect(s.candidates.map((c) => [c.name, c.notes])).toEqual([
        ['Ana Ruiz', 'one\ntwo'],
        ['Bo Li', ''],
        ['Cy Diaz', 'x'],
        ['Dee Ray', 'three\nfour'],
      ]);
    },
  },
  'candidates-utf16.txt': { imported: (s) => expect(names(s)).toEqual([EMOJI[0], RTL[0], RTL[1]]) },

  // ---------------------------------------------------------------- formulas: stored as typed, never run
  'questions-formulas.csv': {
    imported: (s) => {
      expect(texts(s)).toEqual([...FORMULAS]);
      expect(s.questions[0]).toMatchObject({
        probes: [
          { text: FORMULAS[1], reflection: false },
          { text: FORMULAS[3], reflection: false },
        ],
        listenFor: '-2+3',
        redFlags: '@SUM(A1)',
        tags: ['-2+3'],
      });
    },
  },
  'candidates-formulas.csv': {
    imported: (s) => {
      expect(names(s)).toEqual([...FORMULAS]);
      expect(s.candidates.map((c) => c.notes)).toEqual(FORMULAS.map((f) => `=1+1 ${f}`));
      expect(s.candidates.every((c) => c.phone === '+1 503 555 0100')).toBe(true);
    },
  },
  'candidates-csv-injection.csv': { imported: (s) => expect(names(s)).toEqual(CSV_INJECTION.map((n) => n.trim())) },

  // ---------------------------------------------------------------- emoji and right-to-left text, intact
  'questions-emoji-rtl.csv': {
    imported: (s) => {
      const typed = [...EMOJI, ...RTL];
      expect(texts(s)).toEqual(typed.map((t, i) => `Question ${i + 1}: how would you welcome ${t}?`));
      expect(s.questions.map((q) => q.listenFor)).toEqual(typed);
      expect(s.questions.map((q) => q.probes[0]?.text)).toEqual(typed.map((t) => `Ask ${t} what they need`));
    },
  },
  'candidates-emoji-rtl.csv': {
    imported: (s) => {
      expect(names(s)).toEqual([...EMOJI, ...RTL]);
      expect(names(s).join('')).toMatch(/\u202B.*\u202C.*\u2067.*\u2069.*\u202E/);
    },
  },

  // ---------------------------------------------------------------- markup kept, control characters removed
  'questions-markup-controls.csv': {
    imported: (s) => {
      expect(texts(s)).toEqual([
        ...MARKUP.map((m, i) => `Markup ${i + 1}: what does ${m} do?`),
        ...CONTROL.map((c, i) => `Control ${i + 1}: ${c.stored}`),
      ]);
      expect(s.questions.slice(0, 4).map((q) => [q.listenFor, q.redFlags])).toEqual(MARKUP.map((m) => [m, m]));
      expect(s.questions.slice(4).map((q) => q.probes.map((p) => p.text))).toEqual(CONTROL.map((c) => [c.stored]));
      expect(s.questions.slice(4).every((q) => q.listenFor === 'line\nbreak\npage')).toBe(true);
      expect(JSON.stringify(s.questions)).not.toMatch(UNWANTED);
    },
  },
  'candidates-markup-controls.csv': {
    imported: (s) => {
      expect(names(s)).toEqual([...MARKUP, ...CONTROL.map((c) => c.stored)]);
      expect(s.candidates.every((c) => c.notes === 'line\nbreak\npage')).toBe(true);
    },
  },
  'candidates-path-names.csv': { imported: (s) => expect(names(s)).toEqual(PATHS.map((p) => p.trim())) },

  // ---------------------------------------------------------------- files refused, saying why
  'questions-windows-1252.csv': { refused: /^is not valid UTF-8 text \(line 3 has a byte that is not UTF-8.*as "CSV UTF-8"/ },
  'candidates-windows-1252.csv': { refused: /^is not valid UTF-8 text \(line 4 has a byte that is not UTF-8/ },
  'questions-empty.csv': { refused: 'is empty.' },
  'candidates-empty.csv': { refused: 'is empty.' },
  'questions-whitespace.csv': { refused: 'is empty.' },
  'candidates-whitespace.csv': { refused: 'is empty.' },
  'questions-header-only.csv': { refused: 'has a header row (line 1) but no data rows below it.' },
  'candidates-header-only.csv': { refused: 'has a header row (line 1) but no data rows below it.' },
  'candidates-nul-byte.csv': { refused: /^is not a CSV or XLSX file \(it holds binary data\)/ },
  'candidates-nul-late.csv': { refused: /^has a NUL byte \(binary data\) on line 302; it may be damaged/ },
  'questions-unclosed-quote.csv': { refused: /^has a quoted field that is never closed, starting on line 3/ },
  'candidates-web-page.xls': { refused: /^is a web page \(HTML\), not CSV or XLSX; .*save it as \.xlsx or as CSV/ },
  'questions-xml-spreadsheet-2003.xls': { refused: /^is an XML Spreadsheet 2003 file, not CSV/ },

  // ---------------------------------------------------------------- rows rejected by line and column
  'candidates-bad-rows.csv': {
    rejected: [
      { line: 3, reason: 'Name: must be at most 120 characters' },
      { line: 4, reason: 'Email: "=HYPERLINK("http://x")@example" must be an email address' },
      {
        line: 5,
        reason:
          /^Role: no role is named "Store Asociate" \(did you mean "Store Associate".*\); Interview time: "25:99" is not a date and time.*; Email: "ada@example\.com" is also on line 2$/,
      },
      { line: 6, reason: 'Name: "Ada Lovelace" for the same role is also on line 2' },
    ],
  },

  'questions-many-problems.csv': {
    rejected: [
      {
        line: 2,
        reason: /^Competencies: no competency is named "Nope 1"; Competencies: no competency is named "Nope 2"; Competencies: no competency is named "Nope 3"; Competencies: and 497 more names that are no competency; Tags: [^;]*$/,
      },
    ],
  },
  'candidates-long-values.csv': {
    rejected: [
      {
        line: 2,
        reason: `Role: no role is named "Role ${'r'.repeat(54)}…"; Interview date: "Day ${'d'.repeat(55)}…" is not a date; write it as 2027-03-13 or 3/13/2027`,
      },
    ],
  },

  // ---------------------------------------------------------------- XLSX
  'questions-hostile.xlsx': {
    imported: ({ questions: [q1, q2, q3, q4, q5] }) => {
      expect(q1).toMatchObject({
        text: FORMULAS[0],
        probes: [{ text: 'What happened next?', reflection: false }],
        listenFor: 'Listens\nfirst',
        redFlags: 'Blames others',
        minutes: 5,
        tags: ['=sum(a1)'],
      });
      expect(q2).toMatchObject({ text: FORMULAS[1], listenFor: FORMULAS[3], redFlags: FORMULAS[2] });
      expect(q3?.text).toBe(FORMULAS[2]);
      expect(q4?.text).toBe(`Welcome ${EMOJI[0]} and ${EMOJI[2]}: ${RTL[2]} / ${RTL[1]}`);
      expect(q5).toMatchObject({ text: `What does ${MARKUP[1]} mean, ${MARKUP[2]}?`, probes: [{ text: MARKUP[0], reflection: false }] });
    },
  },
  'candidates-hostile.xlsx': {
    imported: (s) => {
      const all = [...FORMULAS, ...EMOJI, ...RTL, ...MARKUP, ...PATHS].map((n) => n.trim());
      const byEmail = new Map(s.candidates.map((c) => [c.email, c]));
      expect(s.candidates).toHaveLength(all.length);
      all.forEach((name, i) => {
        const hour = String(9 + (i % 8)).padStart(2, '0');
        expect(byEmail.get(`x${i}@example.com`)).toMatchObject({ name, interviewAt: at(`${hour}:${i % 2 ? '30' : '00'}`), notes: `Met at booth ${i}` });
      });
    },
  },
  'candidates-control-chars.xlsx': {
    imported: (s) => {
      expect(names(s)).toEqual([...XLSX_CONTROL, ...INVISIBLE_LEADING].map((c) => c.stored));
      expect(s.candidates.every((c) => c.notes === 'tab\there and a raw DEL')).toBe(true);
      expect(JSON.stringify(s.candidates)).not.toMatch(UNWANTED);
    },
  },
  'candidates-formula-cells.xlsx': {
    imported: (s) => {
      expect(s.candidates.map((c) => [c.name, c.phone, c.interviewAt, c.notes, c.pronouns])).toEqual([
        ['Ana Ruiz', '5035550100', at('10:30'), 'TRUE', 'they/them'],
        ['=A2&" Jr"', '', at('14:45'), '#N/A', '=LOWER(E2)'],
        ['Cy Diaz', '', null, '#DIV/0!', '=LOWER(E2)'],
      ]);
    },
  },
  'candidates-tab-order.xlsx': { imported: (s) => expect(names(s)).toEqual(['From the first tab']) },
  'candidates-prefixed-xml.xlsx': { imported: (s) => expect(s.candidates.map((c) => [c.name, c.email])).toEqual([['Prefixed Person', 'prefixed@example.com']]) },
  'candidates-cell-out-of-range.xlsx': { refused: /^looks like an Excel workbook \(\.xlsx\) but cannot be read \(its sheet has a cell beyond the last column a sheet can have \(ZZZZZZZZZZ2\)\)/ },
  'candidates-malformed-xml.xlsx': { refused: /^looks like an Excel workbook \(\.xlsx\) but cannot be read \(its part xl\/worksheets\/sheet1\.xml is not well-formed XML: 2:\d+: malformed character entity/ },
  'candidates-entity-expansion.xlsx': { refused: /^looks like an Excel workbook .* \(its part xl\/sharedStrings\.xml is not well-formed XML: .*undefined entity/ },
  'not-a-workbook.xlsx': { refused: 'is a zip archive but not an Excel workbook (.xlsx).' },
  'word-document.xlsx': { refused: 'is a Word document (.docx), not an Excel workbook (.xlsx).' },
  'candidates-truncated.xlsx': { refused: /^looks like an Excel workbook \(\.xlsx\) but cannot be read \(the end of the zip archive is missing: the file is damaged or incomplete\)/ },
  'candidates-no-sheets.xlsx': { refused: 'is an Excel workbook with no worksheet.' },
  'candidates-header-only.xlsx': { refused: 'has a header row (line 1) but no data rows below it.' },
  'questions-empty-sheet.xlsx': { refused: 'has no header row: every row is empty.' },
  'candidates-password.xlsx': { refused: /^is password-protected; remove the password/ },
};

/** The records an import created, in the file's order. */
function stored(db: Database, outcome: Extract<Outcome, { kind: 'imported' }>): Stored {
  const order = new Map(outcome.result.ids.map((id, i) => [id, i]));
  const mine = <T extends { id: string }>(all: T[]) => all.filter((r) => order.has(r.id)).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { db, table: outcome.table, questions: mine(list(db, 'questions')), candidates: mine(list(db, 'candidates')) };
}

describe('the hostile spreadsheet corpus', () => {
  it('has an expectation for every file in the folder, and a file for every expectation', () => {
    const onDisk = fs.readdirSync(CORPUS).filter((f) => !f.endsWith('.ts')).sort();
    expect(onDisk).toEqual(Object.keys(CASES).sort());
    expect([...SMALL_FILES].sort()).toEqual(onDisk);
    expect(Object.keys(CASES).filter((f) => 'imported' in (CASES[f] as Expectation)).sort()).toEqual([...IMPORTED].sort());
  });

  it('counts as a crash any error a user is not meant to see, and any message that reads like the program’s insides', () => {
    const refusal = new ImportFileError('x.csv', 'is empty.');
    const xml = new ImportFileError('x.xlsx', 'looks like an Excel workbook (.xlsx) but cannot be read (its part xl/sharedStrings.xml is not well-formed XML: 1:99: undefined entity "lol3")');
    expect([refusal, xml, new ValidationError('candidate', [{ field: 'name', message: 'is required' }])].map(crashOfError)).toEqual([null, null, null]);
    const crashed = [
      new TypeError("Cannot read properties of undefined (reading 'cells')"),
      new RangeError('Invalid array length'),
      new Error('boom'),
      'a thrown string',
      new ImportFileError('x.csv', 'has undefined rows.'),
      new ImportFileError('x.csv', 'has NaN rows.'),
      new ImportFileError('x.csv', 'is [object Object].'),
      new ImportFileError('x.csv', 'failed: TypeError: x is not a function\n    at readRows (/app/electron/services/import/table.ts:120:7)'),
    ];
    for (const err of crashed) expect(crashOfError(err), String(err)).not.toBeNull();
    // As the memory probe (a child process) reports them: by class name.
    expect(crashOf('ImportFileError', refusal.message)).toBeNull();
    expect(crashOf('ImportRejectedError', 'Nothing was imported: 1 of 2 rows in "x.csv" has errors (line 3: Name: is required).')).toBeNull();
    expect(crashOf('ZipError', 'its zip directory is damaged')).not.toBeNull();
    expect(crashOf('ImportFileError', "Cannot set properties of null (setting 'x')")).not.toBeNull();
    // The names the child process reports are those of the classes.
    expect([...USER_FACING]).toEqual([ImportFileError.name, ImportRejectedError.name, ValidationError.name]);
  });

  it.for(Object.keys(CASES))('%s', async (name, { task }) => {
    const expectation = CASES[name] as Expectation;
    const db = await demoCopy();
    const file = corpusFile(name);
    const outcome = await importFile(db, file);
    figure(task, SUITE, 'spreadsheet inputs tried', 1);
    figure(task, SUITE, 'crashes (spreadsheets)', crashes(outcome));
    expect(crashes(outcome), whyCrashed(outcome)).toBe(0);
    if ('refused' in expectation) {
      expect(outcome.kind).toBe('refused');
      if (outcome.kind !== 'refused') return;
      const problem = outcome.error.message.slice(`The file "${file}" `.length);
      if (typeof expectation.refused === 'string') expect(problem).toBe(expectation.refused);
      else expect(problem).toMatch(expectation.refused);
      figure(task, SUITE, 'spreadsheets refused with a message naming the file', 1);
    } else if ('rejected' in expectation) {
      expect(outcome.kind).toBe('rejected');
      if (outcome.kind !== 'rejected') return;
      expect(outcome.rejected).toEqual(expectation.rejected.map((r) => ({ line: r.line, reason: typeof r.reason === 'string' ? r.reason : expect.stringMatching(r.reason) })));
      figure(task, SUITE, 'spreadsheets with rows rejected by line and column, nothing written', 1);
    } else {
      expect(outcome.kind, outcome.kind === 'refused' ? outcome.error.message : JSON.stringify(outcome.kind === 'rejected' && outcome.rejected)).toBe('imported');
      if (outcome.kind !== 'imported') return;
      const records = stored(db, outcome);
      expect(outcome.result.imported).toBe(kindOf(name) === 'questions' ? records.questions.length : records.candidates.length);
      expect(outcome.result.imported).toBe(outcome.table.rows.length);
      expectation.imported(records);
      figure(task, SUITE, 'spreadsheets imported exactly', 1);
    }
  });
});
