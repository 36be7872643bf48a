/**
 * What the app makes from imported hostile data. Every file of the hostile
 * corpus that imports (IMPORTED: CSV, UTF-16 text and XLSX; questions and
 * rosters) is imported into a demo library, a question file beside a roster;
 * the kits (asking the imported questions) and packets of some of each
 * roster's candidates are exported as .docx by the real export functions,
 * then opened by LibreOffice (one soffice call for them all) and by pandoc
 * (each file). And a hiring-day batch for hostile candidates writes its
 * manifest.csv, in which no cell may run as a formula in a spreadsheet,
 * judged by an oracle that shares nothing with the app's CSV writer.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../electron/services/import';
import { csvCell } from '../../shared/csv';
import { exportKit, exportPacket } from '../../electron/services/documents';
import { planFromLibrary, runBatch } from '../../electron/services/batch';
import { create, findByKey, list, loadLibrary, update, type Database } from '../../electron/store';
import type { Candidate, Question } from '../../shared/schemas';
import { CSV_INJECTION, INVISIBLE_LEADING, ROLE, corpusFile } from '../fixtures/hostile/spreadsheets/make-corpus';
import { figure } from '../helpers/figures';
import { announceMissing, flat, pageCount, pdfText, requireTools, run, skip, tool } from '../helpers/tools';
import { IMPORTED, SUITE, demoLibraryAt, dropTemplate, importFile, kindOf } from './spreadsheets-corpus';
import { formulaCells, runsAsFormula } from './spreadsheets-oracle';

announceMissing(['soffice', 'pandoc', 'pdfinfo', 'pdftotext']);

/** How many candidates of each imported roster get a kit and a packet: the first, the last, and some between. */
const PER_ROSTER = 3;

interface Doc {
  /** The corpus files whose records it shows. */
  sources: string[];
  person: string;
  kind: 'kit' | 'packet';
  file: string;
  /** What a reader must find in it. */
  fragments: string[];
}

let dir = '';
let out = '';
const libraries: Database[] = [];
const docs: Doc[] = [];

/** `n` of `items`, evenly spread, the first and the last among them. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (items.length - 1)) / (n - 1))))].map((i) => items[i] as T);
}

/** The records an import created, in the file's order. */
function created<T extends { id: string }>(all: T[], ids: readonly string[]): T[] {
  const byId = new Map(all.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
}

async function imported(db: Database, file: string): Promise<string[]> {
  const outcome = await importFile(db, corpusFile(file));
  if (outcome.kind !== 'imported') throw new Error(`${file} did not import: ${outcome.kind === 'crashed' ? outcome.why : JSON.stringify(outcome.kind === 'refused' ? outcome.error.message : outcome.kind === 'rejected' && outcome.rejected)}`);
  return outcome.result.ids;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-docs-'));
  out = path.join(dir, 'out');
  const questionFiles = IMPORTED.filter((f) => kindOf(f) === 'questions');
  const rosters = IMPORTED.filter((f) => kindOf(f) === 'candidates');
  // Fewer question files than rosters: each question file sits beside one roster (files repeat people and questions, so each pair gets its own library).
  expect(questionFiles.length).toBeLessThanOrEqual(rosters.length);
  for (const [n, roster] of rosters.entries()) {
    const db = await demoLibraryAt(path.join(dir, `library-${n}.db`));
    libraries.push(db);
    const questionFile = questionFiles[n];
    const questionIds = questionFile ? await imported(db, questionFile) : [];
    const candidateIds = await imported(db, roster);
    const questions: Question[] = created(list(db, 'questions'), questionIds);
    const candidates: Candidate[] = created(list(db, 'candidates'), candidateIds);
    const role = findByKey(db, 'roles', ROLE);
    const stage = list(db, 'stages').find((s) => s.roleId === role.id);
    if (!stage) throw new Error(`the demo has no stage for ${ROLE}`);
    if (questions.length > 0) update(db, 'stages', stage.id, { questionIds: [...questions.map((q) => q.id), ...stage.questionIds] });
    const sources = questionFile ? [questionFile, roster] : [roster];
    const folder = path.join(out, String(n));
    for (const candidate of spread(candidates, PER_ROSTER)) {
      const kit = await exportKit(db, { role: role.id, stage: stage.id, candidate: candidate.id }, { outDir: folder, formats: ['docx'] });
      const packet = await exportPacket(db, { role: role.id, candidate: candidate.id }, { outDir: folder, formats: ['docx'] });
      docs.push({ sources, person: candidate.name, kind: 'kit', file: kit.files[0]?.path ?? '', fragments: [candidate.name, ...questions.map((q) => q.text)] });
      docs.push({ sources, person: candidate.name, kind: 'packet', file: packet.files[0]?.path ?? '', fragments: [`Thank you, ${candidate.name}`] });
    }
  }
  expect(docs.length).toBeGreaterThanOrEqual(2 * rosters.length);
}, 60_000);

afterAll(() => {
  for (const db of libraries) if (db.open) db.close();
  dropTemplate();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const label = (d: Doc) => `${d.kind} of ${JSON.stringify(d.person)} (${d.sources.join(' + ')})`;

/** Whitespace-insensitive: a reader may break a long line anywhere. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** Bidirectional embeddings, overrides and isolates: documents leave them out (electron/documents/sanitize.ts), so "Invoice\u202Efdp.exe" cannot turn a sentence around. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** A text as a document shows it. */
const shown = (s: string) => s.replace(new RegExp(BIDI_CONTROL, 'g'), '');

/** Emoji, with their modifiers, joiners and variation selectors: LibreOffice needs a font for them that a machine may lack. */
const EMOJI_SEQUENCE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0F\u20E3\u200D]+/gu;
/** Arabic or Hebrew words, with the spaces and marks between them. */
const RTL_RUN = /[\p{Script=Arabic}\p{Script=Hebrew}]+(?:[\s\u200E\u200F]+[\p{Script=Arabic}\p{Script=Hebrew}]+)*/gu;

/** Text as compared with a PDF's: no emoji, no whitespace, no bidi or zero-width marks (pdftotext adds its own). */
const pdfComparable = (s: string) => squash(shown(s).replace(EMOJI_SEQUENCE, '').replace(/[\u200B\u200E\u200F]/g, ''));

/**
 * A fragment as the pieces a PDF's text keeps in order: the text between
 * emoji (a missing glyph may leave anything in their place), and in it the
 * right-to-left runs apart from the text around them (pdftotext puts a "?"
 * after Arabic on its left, where it shows).
 */
function pdfPieces(fragment: string): string[] {
  return shown(fragment)
    .split(EMOJI_SEQUENCE)
    .flatMap((part) => [...(part.match(RTL_RUN) ?? []), ...part.split(RTL_RUN)])
    .map(pdfComparable)
    .filter((p) => p !== '');
}

describe('documents made from imported hostile data', () => {
  it('a kit and a packet from every corpus file that imports, CSV and XLSX, written inside the output folder under names that are not paths or device names', ({ task }) => {
    for (const file of IMPORTED) {
      for (const kind of ['kit', 'packet'] as const) expect(docs.some((d) => d.kind === kind && d.sources.includes(file)), `${kind} from ${file}`).toBe(true);
    }
    for (const d of docs) {
      expect(path.dirname(path.dirname(d.file))).toBe(out);
      const base = path.basename(d.file);
      expect(base).toMatch(/\.docx$/);
      expect(base).not.toMatch(/[/\\]|^\.|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(fs.statSync(d.file).size).toBeGreaterThan(0);
    }
    figure(task, SUITE, 'imported corpus files that reached a kit and a packet', IMPORTED.length);
  });

  describe.skipIf(skip(['soffice', 'pdfinfo', 'pdftotext']))('in LibreOffice', () => {
    it('every kit and packet converts to PDF (one soffice call) and shows the hostile text', ({ task }) => {
      requireTools(['soffice', 'pdfinfo', 'pdftotext']);
      // Each library wrote its own folder, and names repeat between them: one flat folder of numbered copies for the one call.
      const flatDir = path.join(dir, 'docx');
      fs.mkdirSync(flatDir);
      const copies = docs.map((d, i) => {
        const copy = path.join(flatDir, `doc-${i}.docx`);
        fs.copyFileSync(d.file, copy);
        return copy;
      });
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-lo-profile-'));
      const pdfs = path.join(dir, 'pdf');
      const started = performance.now();
      try {
        run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfs, ...copies], 180_000);
      } finally {
        fs.rmSync(profile, { recursive: true, force: true });
      }
      const ms = Math.round(performance.now() - started);
      docs.forEach((d, i) => {
        const pdf = path.join(pdfs, `doc-${i}.pdf`);
        expect(fs.existsSync(pdf), `LibreOffice made no PDF of the ${label(d)}`).toBe(true);
        expect(pageCount(pdf)).toBeGreaterThan(0);
        const text = pdfComparable(pdfText(pdf));
        for (const piece of d.fragments.flatMap(pdfPieces)) expect(text, label(d)).toContain(piece);
      });
      figure(task, SUITE, 'documents from hostile imports opened in LibreOffice', docs.length);
      figure(task, SUITE, 'time for LibreOffice to open the documents from hostile imports', `${docs.length} documents in one soffice call: ${ms} ms`);
    }, 200_000);
  });

  describe.skipIf(skip(['pandoc']))('in pandoc', () => {
    it('every kit and packet reads as text with the hostile text intact, emoji included, bidi overrides left out', async ({ task }) => {
      requireTools(['pandoc']);
      const pandoc = tool('pandoc');
      const read = promisify(execFile);
      const texts: string[] = [];
      // Two at a time: one pandoc per file, but not one after the other.
      for (let i = 0; i < docs.length; i += 2) {
        const pair = docs.slice(i, i + 2).map(async (d) => (await read(pandoc, ['-f', 'docx', '-t', 'plain', '--wrap=none', d.file], { encoding: 'utf8', timeout: 60_000 })).stdout);
        texts.push(...(await Promise.all(pair)));
      }
      docs.forEach((d, i) => {
        const text = flat(texts[i] ?? '');
        for (const f of d.fragments) expect(text, label(d)).toContain(flat(shown(f)));
        expect(text, label(d)).not.toMatch(BIDI_CONTROL);
      });
      figure(task, SUITE, 'documents from hostile imports read by pandoc', docs.length);
    }, 120_000);
  });
});

// ---------------------------------------------------------------- CSV the app writes

/** A value written as a careless program would: no quotes, nothing neutralised. */
const naiveCell = (value: string) => value;
/** …and as a careful one that forgot formulas: RFC 4180 quoting, nothing neutralised. */
const quotedCell = (value: string) => Papa.unparse([[value]], { newline: '\r\n' });

describe('csvCell, the one writer of CSV cells (shared/csv)', () => {
  // [value, what the app writes, whether a spreadsheet would run the value written naively]
  it.each([
    ['=1+1', "'=1+1", true],
    ['Ruiz; =1+1', `"Ruiz;' =1+1"`, true],
    ['Ruiz;=1+2;Lee', `"Ruiz;'=1+2;Lee"`, true],
    ['Kim\t=3+3', "Kim\t'=3+3", true],
    ['Ann\n=3+4\nBo', `"Ann\n'=3+4\nBo"`, true],
    ['x\n\ty', `"x\n'\ty"`, true],
    ['＝1+1 Full Width', "'＝1+1 Full Width", true],
    ['\u00A0@Mention', "'\u00A0@Mention", true],
    ['\uFEFF=2+3', "'\uFEFF=2+3", true],
    ['\u0000=4+5', "'=4+5", true],
    ['\u0000\u0000@SUM(1;2)', `"'@SUM(1;2)"`, true],
    ['\r=1+1', `"'\r'=1+1"`, true],
    ['\u200B=1+2', '\u200B=1+2', false],
    ['Kim\tLee', 'Kim\tLee', false],
    ['سارة أحمد 👩‍👩‍👧‍👦', 'سارة أحمد 👩‍👩‍👧‍👦', false],
  ] as const)('%j → %s', (value, cell, hostile) => {
    expect(csvCell(value)).toBe(cell);
    expect(formulaCells(`${cell}\r\n`)).toEqual([]);
    // The oracle sees the formula in the same value written without care: it can fail.
    const naive = [...formulaCells(`${naiveCell(value)}\r\n`), ...formulaCells(`${quotedCell(value)}\r\n`)];
    expect(naive.length > 0, JSON.stringify(naive)).toBe(hostile);
  });
});

/** Names typed into the library, not imported (a form, a bundle): the store keeps a NUL and a zero-width space, and trims a no-break space and a byte order mark off the ends. */
const TYPED = ['\u200B=5+6', '\uFEFF=6+7', '\u00A0=7+8', '\u0000=8+9', '\u0000\u0000@SUM(1;2)', '\u200B\u0000-9+9'];
/** Left inert by every spreadsheet whoever writes them: a zero-width space is a character no reader drops, so the cell is text. */
const INERT = (name: string) => name.startsWith('\u200B');
/** The hostile names of the roster, as stored (the store trims with String.prototype.trim). */
const HOSTILE = [...CSV_INJECTION, ...INVISIBLE_LEADING.map((n) => n.stored), ...TYPED].map((n) => n.trim());

describe('manifest.csv of a batch for hostile candidates', () => {
  it('has no cell a spreadsheet would run as a formula, however it splits the lines', async ({ task }) => {
    const db = await demoLibraryAt(path.join(dir, 'manifest.db'));
    libraries.push(db);
    const event = create(db, 'events', { name: 'Hostile Hiring Day', date: '2027-06-01', venue: 'Pearl District store' });
    const role = findByKey(db, 'roles', ROLE);
    for (const file of ['candidates-csv-injection.csv', 'candidates-control-chars.xlsx']) {
      const outcome = await importFile(db, corpusFile(file), 'candidates', { event: event.id });
      expect(outcome.kind, file).toBe('imported');
    }
    // candidates-control-chars.xlsx has no Role column: they are given the role, as a coordinator would before the day.
    for (const c of list(db, 'candidates')) if (c.eventId === event.id && c.roleId === null) update(db, 'candidates', c.id, { roleId: role.id });
    for (const [i, name] of TYPED.entries()) create(db, 'candidates', { name, email: `typed${i}@example.com`, roleId: role.id, eventId: event.id });
    const roster = list(db, 'candidates').filter((c) => c.eventId === event.id);
    const names = roster.map((c) => c.name);
    // What reached the roster: the import removed the invisible characters it cleans; the store kept NUL and U+200B.
    expect(names).toEqual(expect.arrayContaining(HOSTILE));
    expect(names).toEqual(expect.arrayContaining(['=2+3', '=3+4', '=4+5', '=6+7', '=7+8', '\u0000=8+9', '\u200B=1+2', '\u200B=5+6']));

    const plan = planFromLibrary(loadLibrary(db), event.id, { outDir: path.join(dir, 'batch'), formats: ['docx'] });
    const result = await runBatch(plan);
    expect(result.failed).toEqual([]);
    const text = fs.readFileSync(result.manifestPath, 'utf8');
    const found = formulaCells(text);
    figure(task, SUITE, 'CSV files the app writes, checked for formula injection', 1);
    figure(task, SUITE, 'manifest cells that would run as a formula', found.length);
    expect(found).toEqual([]);

    // The same rows written without care: the oracle finds every hostile name in them, so it can fail.
    const rows = result.written.map((w) => [w.candidate, w.document, w.format, path.relative(plan.folder, w.file), w.sha256]);
    const runs = (name: string, writer: (rows: string[][]) => string) => formulaCells(writer(rows.filter((r) => r[0] === name))).length > 0;
    const naive = (rs: string[][]) => `${rs.map((r) => r.map(naiveCell).join(',')).join('\r\n')}\r\n`;
    const quoted = (rs: string[][]) => `${Papa.unparse(rs, { newline: '\r\n' })}\r\n`;
    for (const name of HOSTILE) expect(runs(name, naive) || runs(name, quoted), JSON.stringify(name)).toBe(!INERT(name));

    // What the app wrote for each name, read as RFC 4180: the name, with control characters gone and apostrophes added, and nothing else.
    const [header, ...written] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(header).toEqual(['candidate', 'document', 'format', 'file', 'sha256']);
    expect(written).toHaveLength(rows.length);
    // eslint-disable-next-line no-control-regex -- what the writer drops
    const plain = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/'/g, '');
    const cells = new Map(written.map((r) => [plain(r[0] ?? ''), r[0] ?? '']));
    for (const name of names) {
      const cell = cells.get(plain(name));
      expect(cell, JSON.stringify(name)).toBeDefined();
      expect(runsAsFormula(cell ?? ''), JSON.stringify(cell)).toBe(false);
    }

    // Read back by the app's own importer (a NUL written raw would make it refuse the file): the same, every cell plain text.
    const back = await readTable(result.manifestPath);
    expect([...back.headers, ...back.rows.flatMap((r) => r.cells)].filter(runsAsFormula)).toEqual([]);
    expect(back.rows).toHaveLength(rows.length);
  }, 120_000);
});
