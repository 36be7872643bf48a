/**
 * Hostile names (issue #6): candidates, roles, stages, interviewers, events
 * and the company named with path separators, reserved device names,
 * control characters, lone surrogates, bidirectional overrides, XML, emoji
 * and the like (tests/fixtures/hostile/names), and hostile text in every
 * text field of a kit and a packet. Through the real paths: the CLI adds
 * the candidates, the export service writes each kit and packet, the batch
 * writes the event. Every file must have a safe, unique name in the chosen
 * folder that says whose it is and never replaces another; every document
 * must open in LibreOffice and pandoc with the names readable.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../electron/documents';
import { sanitizeText } from '../../electron/documents/sanitize';
import { exportKit, exportPacket, type WrittenFile } from '../../electron/services/documents';
import { eventFolderName, planBatch, planFromLibrary, runBatch, type BatchPlan, type BatchResult } from '../../electron/services/batch';
import { assignFileNames, shortId } from '../../electron/services/batch/names';
import { create, get, list, loadLibrary, openLibrary, saveCompany, update, type Database } from '../../electron/store';
import { messageOf } from '../../shared/errors';
import { fileNameKey, safeFileName, slugPart } from '../../shared/filenames';
import { logoFromBytes } from '../../shared/images';
import type { Candidate, HiringEvent } from '../../shared/schemas';
import { ikit } from '../helpers/cli';
import { figure } from '../helpers/figures';
import { announceMissing, requireTools, skip } from '../helpers/tools';
import {
  directlyIn,
  hostileFile,
  hostileNames,
  libreOfficeToPdf,
  pandocTextAsync,
  pdfPagesAsync,
  pdfTextAsync,
  pool,
  readable,
  unsafeReasons,
  type StoredName,
} from './docs-helpers';

const READERS = ['soffice', 'pandoc', 'pdfinfo', 'pdftotext'] as const;
announceMissing([...READERS, 'chromium']);
const noReaders = skip([...READERS]);

const NAMES = hostileNames();
const FIELDS = JSON.parse(fs.readFileSync(hostileFile('names', 'text-fields.json'), 'utf8')) as { long: string; short: string; paragraphs: string };
/** A field's value: a readable marker, then the hostile text. */
const long = (marker: string): string => `${marker} ${FIELDS.long}`;
const short = (marker: string): string => `${marker} ${FIELDS.short}`;
const LONE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The part of the hostile text every reader shows as typed. */
const XML_PART = `<w:t>]]>&amp; "q" 'a' </w:p>`;

interface Added {
  entry: StoredName;
  candidate: Candidate;
}

interface Exported extends Added {
  kit: WrittenFile[];
  packet: WrittenFile[];
}

let work = '';
let db: Database;
let dbFile = '';
let event: HiringEvent;
let roleId = '';
let stageId = '';
let panelRoleId = '';
let panelStageId = '';
const added: Added[] = [];
const refusals: { label: string; code: number; stderr: string; expected: string }[] = [];
const exported: Exported[] = [];
const crashes: string[] = [];
let singleDir = '';
let panelFiles: WrittenFile[] = [];
let panelCandidate: Candidate;
/** The panel's interviewers: one for each hostile name (once, as interviewers' names are unique regardless of case). */
const panelists: string[] = [];
let batchPlan: BatchPlan;
let batchResult: BatchResult;
/** LibreOffice runs in the background while the other tests run: it is the slow part. */
let converted: Promise<Map<string, string | null>> | null = null;

const docFiles = (e: Exported): WrittenFile[] => [...e.kit, ...e.packet];
const ofFormat = (files: readonly WrittenFile[], format: string): string[] => files.filter((f) => f.format === format).map((f) => f.path);

/** A field's text as the library holds it (found by its marker). */
function storedText(marker: string): string {
  let found = '';
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith(`${marker} `)) found ||= v;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(loadLibrary(db));
  return found;
}

async function attempt<T>(what: string, fn: () => Promise<T> | T): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    crashes.push(`${what}: ${messageOf(err)}`);
    return null;
  }
}

/**
 * A small library with hostile text in every text field the kit and the
 * packet print. The candidates' role is kept short (their documents are
 * many); the panel's role carries the long hostile text in every field.
 */
function buildLibrary(): void {
  const logo = logoFromBytes(new Uint8Array(fs.readFileSync(hostileFile('logos', 'logo.png'))), 'company profile', 'logo', 'logo.png');
  saveCompany(db, {
    name: `Fernbrook <Co> & "Sons" \u202Eevil \ud83d\udc69\u200d\ud83d\udcbb`,
    tagline: long('Tagline'),
    mission: long('Mission'),
    story: `${long('Story')}\n\n${FIELDS.paragraphs}`,
    values: [{ name: short('Value'), description: long('ValueText') }],
    contactName: long('Contact').slice(0, 120),
    contactEmail: 'jobs@example.com',
    website: 'https://example.com/?q=<script>',
    careersUrl: 'https://example.com/careers?a=1&b=2',
    logo,
  });
  const guide = (marker: (level: number) => string) =>
    [1, 2, 3, 4].map((level) => ({ level, label: short(`L${level}`).slice(0, 40), anchor: marker(level) }));
  const plain = create(db, 'competencies', { name: short('Teamwork'), definition: short('Def'), ratingGuide: guide((l) => short(`A${l}`)) });
  const competency = create(db, 'competencies', { name: short('Ownership'), definition: long('Definition'), ratingGuide: guide((l) => long(`Anchor${l}`)) });
  const bank = create(db, 'questionBanks', { name: long('Bank').slice(0, 120), description: long('BankText') });
  const plainQuestion = create(db, 'questions', { bankId: bank.id, text: short('Ask'), type: 'situational', competencyIds: [plain.id], minutes: 10 });
  const question = create(db, 'questions', {
    bankId: bank.id,
    text: long('Question'),
    type: 'behavioural',
    competencyIds: [competency.id],
    probes: [
      { text: long('Probe'), reflection: false },
      { text: long('Reflection'), reflection: true },
    ],
    listenFor: long('ListenFor'),
    redFlags: long('RedFlags'),
    tags: ['<tag>', 'emoji-\ud83d\ude42'],
    minutes: 10,
  });
  const role = create(db, 'roles', { title: `Store <Associate> & "Lead" \u202Eevil`, employmentType: 'full-time', competencyIds: [plain.id] });
  roleId = role.id;
  const hosts = [
    create(db, 'interviewers', { name: `Priya <Nair> & \u202Eevil`, title: short('Title'), pronouns: 'she/her', bio: short('Bio') }),
    create(db, 'interviewers', { name: `\u0645\u0631\u064a\u0645 \ud83d\udc69\u200d\ud83d\udcbb O'Neil`, title: short('Title2'), bio: short('Bio2') }),
  ];
  stageId = create(db, 'stages', {
    roleId: role.id,
    name: `../Team interview: CON \u0000`,
    durationMinutes: 45,
    format: 'in-person',
    questionIds: [plainQuestion.id],
    interviewerIds: hosts.map((h) => h.id),
    focusCompetencyIds: [plain.id],
    notes: short('StageNotes'),
  }).id;
  create(db, 'products', { name: short('Product'), summary: short('ProductText'), customerValue: short('CustomerValue') });
  event = create(db, 'events', {
    name: `../../Spring Day: CON \u202Eevil`,
    date: '2027-05-01',
    venue: short('Venue'),
    roleIds: [role.id],
    interviewerIds: hosts.map((h) => h.id),
  });

  // The panel: one interviewer per hostile name, so one kit and one packet carry every name.
  const panelRole = create(db, 'roles', {
    title: `Panel <role> \ud83d\udc69\u200d\ud83d\udcbb \u202Eevil`,
    department: long('Department').slice(0, 120),
    location: long('Location').slice(0, 120),
    employmentType: 'contract',
    summary: `${long('Summary')}\n\n${FIELDS.paragraphs}`,
    responsibilities: [long('Duty')],
    requirements: [long('Requirement')],
    niceToHaves: [long('NiceToHave')],
    hiringManager: long('Manager').slice(0, 120),
    competencyIds: [competency.id],
    hiringSteps: [{ name: short('Step'), description: long('StepText'), duration: short('Week') }],
    payRange: { min: 20, max: 30, currency: 'USD', period: 'hour' },
  });
  panelRoleId = panelRole.id;
  create(db, 'benefits', {
    name: long('Benefit').slice(0, 120),
    category: 'perks',
    description: long('BenefitText'),
    waitingPeriod: short('Wait'),
    eligibility: { roles: [panelRole.id] },
  });
  const taken = new Set<string>();
  panelists.length = 0;
  for (const { name } of NAMES.stored) {
    const key = name.trim().toLowerCase();
    if (taken.has(key)) continue;
    taken.add(key);
    panelists.push(create(db, 'interviewers', { name, bio: long('PanelBio') }).id);
  }
  panelStageId = create(db, 'stages', {
    roleId: panelRole.id,
    name: 'Panel',
    durationMinutes: 60,
    format: 'video',
    questionIds: [question.id],
    interviewerIds: panelists,
    focusCompetencyIds: [competency.id],
    notes: long('PanelNotes'),
  }).id;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-names-'));
  dbFile = path.join(work, 'library.db');
  ({ db } = await openLibrary(dbFile));
  buildLibrary();

  // Candidates arrive through the CLI, with their hostile names as arguments.
  for (const entry of NAMES.stored) {
    const r = await ikit('event', 'add-candidate', event.id, `--name=${entry.name}`, `--role=${roleId}`, '--time=09:30', '--db', dbFile, '--json');
    const id = r.code === 0 ? r.json<{ candidate: { id: string } }>().candidate.id : null;
    const candidate = id ? get(db, 'candidates', id) : null;
    if (candidate) added.push({ entry, candidate });
    else crashes.push(`add-candidate ${entry.label}: exit ${r.code} ${r.stderr}`);
  }
  for (const entry of NAMES.refused) {
    const r = await ikit('event', 'add-candidate', event.id, `--name=${entry.name}`, `--role=${roleId}`, '--db', dbFile);
    refusals.push({ label: entry.label, code: r.code, stderr: r.stderr, expected: entry.message });
  }

  // Each candidate's kit and packet, as Word and as the HTML preview, into one folder.
  singleDir = path.join(work, 'single');
  for (const a of added) {
    const opts = { outDir: singleDir, formats: ['docx', 'html'] as ('docx' | 'html')[] };
    const kit = await attempt(`kit for ${a.entry.label}`, () => exportKit(db, { role: roleId, stage: stageId, candidate: a.candidate.id }, opts));
    const packet = await attempt(`packet for ${a.entry.label}`, () => exportPacket(db, { role: roleId, candidate: a.candidate.id }, opts));
    if (kit && packet) exported.push({ ...a, kit: kit.files, packet: packet.files });
  }

  // The panel's kit and packet: every hostile name in one document, for a candidate (of no event) with the override in their name.
  panelCandidate = create(db, 'candidates', { name: 'Panel evil\u202efdp.exe', preferredName: short('Pref'), pronouns: short('Pro'), roleId: panelRoleId });
  const panelDir = path.join(work, 'panel');
  const panelKit = await attempt('panel kit', () =>
    exportKit(db, { role: panelRoleId, stage: panelStageId, candidate: panelCandidate.id }, { outDir: panelDir, formats: ['docx', 'html'] }),
  );
  const panelPacket = await attempt('panel packet', () =>
    exportPacket(db, { role: panelRoleId, candidate: panelCandidate.id }, { outDir: panelDir, formats: ['docx', 'html'] }),
  );
  panelFiles = [...(panelKit?.files ?? []), ...(panelPacket?.files ?? [])];

  if (!noReaders) {
    // LibreOffice takes a quarter of a second a document: the panel's four (every name, every field) and each candidate's kit.
    const readerInputs = [...panelFiles.map((f) => f.path), ...exported.flatMap((e) => ofFormat(e.kit, 'docx'))];
    converted = libreOfficeToPdf(readerInputs, work);
    converted.catch(() => undefined); // awaited (and reported) by its test
  }

  // The whole event at once.
  batchPlan = planBatch(db, event.id, { outDir: path.join(work, 'batch'), formats: ['docx'] });
  batchResult = await runBatch(batchPlan, { workers: 2 });
}, 120_000);

afterAll(() => {
  if (db?.open) db.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('safe file names, piece by piece (what the corpus found)', () => {
  it('counts bytes as well as characters: 120 Chinese characters fit Linux and macOS', () => {
    const name = safeFileName(['\u6f22\u5b57'.repeat(60), '\u5e97\u54e1'.repeat(30), 'Team interview', 'kit'], 'docx');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^\u6f22\u5b57.*-\u5e97\u54e1.*-team-interview-kit\.docx$/);
  });

  it('shortens the longest parts first, so the candidate, the role, the stage and the document type all stay', () => {
    const name = safeFileName(['Ana Ruiz', 'R'.repeat(120), 'S'.repeat(120), 'kit'], 'docx');
    expect(name).toMatch(/^ana-ruiz-r{40,}-s{40,}-kit\.docx$/);
    expect(name.length).toBeLessThanOrEqual(125);
  });

  it('keeps what makes a name readable: vowel signs, accents in either Unicode form, whole emoji', () => {
    expect(slugPart('\u0939\u093f\u0928\u094d\u0926\u0940 \u0928\u093e\u092e')).toBe('\u0939\u093f\u0928\u094d\u0926\u0940-\u0928\u093e\u092e');
    expect(slugPart('Jose\u0301')).toBe(slugPart('Jos\u00e9'));
    expect(slugPart('\ud83d\udc69\u200d\ud83d\udcbb')).toBe('\ud83d\udc69\u200d\ud83d\udcbb');
    expect(slugPart('evil\u202efdp.exe')).toBe('evil-fdp-exe');
    expect(slugPart('!!! .. .')).toBe('');
  });

  it('folds case as Windows and macOS do: ΟΔΟΣ and οδοσ, Straße and STRASSE are one file there', () => {
    expect(slugPart('\u039f\u0394\u039f\u03a3')).toBe(slugPart('\u03bf\u03b4\u03bf\u03c3'));
    expect(slugPart('Stra\u00dfe')).toBe(slugPart('STRASSE'));
    expect(fileNameKey('\u03bf\u03b4\u03bf\u03c3.docx')).toBe(fileNameKey('\u039f\u0394\u039f\u03a3.DOCX'));
  });

  it('gives a batch candidate whose name has nothing readable their short id', () => {
    const id = '1a2b3c4d-0000-4000-8000-000000000001';
    const [name] = assignFileNames([{ candidateId: id, candidateName: '!!!', rest: ['Role', 'packet'], ext: 'docx' }]);
    expect(name).toBe('1a2b3c4d-role-packet.docx');
  });

  it('keeps an override character from turning the rest of a sentence around in a document', () => {
    expect(sanitizeText('Thank you, evil\u202efdp.exe, for \u2067coming\u2069')).toBe('Thank you, evilfdp.exe, for coming');
    expect(sanitizeText('\u0645\u0631\u064a\u0645 \u200f(RLM) \u05e9\u05e8\u05d4')).toBe('\u0645\u0631\u064a\u0645 \u200f(RLM) \u05e9\u05e8\u05d4');
  });
});

describe('hostile names in the library', () => {
  it('stores every hostile name through the CLI, and refuses the impossible ones saying why', ({ task }) => {
    expect(crashes).toEqual([]);
    expect(added.map((a) => a.entry.label)).toEqual(NAMES.stored.map((e) => e.label));
    for (const { entry, candidate } of added) {
      // Stored as typed, only trimmed; a lone surrogate (not a character) becomes one replacement character.
      const expected = entry.name.trim();
      expect(candidate.name, entry.label).toBe(expected.replace(LONE_ALL, '\uFFFD'));
    }
    for (const r of refusals) {
      expect(r.code, r.label).toBe(1);
      expect(r.stderr, r.label).toMatch(new RegExp(`^ikit: Invalid candidate: name ${r.expected}`));
    }
    expect(list(db, 'candidates').filter((c) => c.eventId === event.id)).toHaveLength(NAMES.stored.length);
    figure(task, 'Hostile input', 'hostile names tried', `${NAMES.stored.length + NAMES.refused.length} (${NAMES.refused.length} refused by the library with the field and the reason)`);
  });
});

describe('file names of single kit and packet exports', () => {
  it('are safe on Windows, macOS and Linux and stay directly in the chosen folder', () => {
    expect(exported).toHaveLength(added.length);
    const files = exported.flatMap(docFiles);
    expect(files).toHaveLength(added.length * 4);
    for (const f of files) {
      expect(unsafeReasons(path.basename(f.path)), f.path).toEqual([]);
      expect(directlyIn(singleDir, f.path), f.path).toBe(true);
    }
    // Nothing else was left in the folder (no temporary files, no sub-folders).
    expect(fs.readdirSync(singleDir).sort()).toEqual(files.map((f) => path.basename(f.path)).sort());
  });

  it('are unique as a case-insensitive file system sees them, and say whose they are', ({ task }) => {
    const files = exported.flatMap(docFiles).map((f) => path.basename(f.path));
    expect(new Set(files.map(fileNameKey)).size).toBe(files.length);
    let named = 0;
    for (const e of exported) {
      const slug = slugPart(e.candidate.name);
      for (const f of docFiles(e)) {
        const base = path.basename(f.path);
        expect(base, e.entry.label).toMatch(f.path.includes('packet') ? /-packet(-\d+)?\.(docx|html)$/ : /-kit(-\d+)?\.(docx|html)$/);
        // The candidate's name starts the file name (shortened when long) whenever it has anything readable.
        // A name with nothing readable ("!!!", ".", "..") is told by a piece of the candidate's id instead.
        const who = slug ? slug.slice(0, 24) : shortId(e.candidate.id);
        expect(base.startsWith(who) || (!slug && base.includes(who)), `${e.entry.label}: ${base}`).toBe(true);
      }
      named += 1;
    }
    const nameless = exported.filter((e) => !slugPart(e.candidate.name)).length;
    figure(task, 'Hostile input', 'single-export file names that say whose they are', `${named} of ${exported.length} (${nameless} all-punctuation names by a piece of their id)`);
  });

  it('never replace a file: exporting again writes numbered siblings and leaves the first files as they were', async () => {
    const before = new Map(exported.flatMap(docFiles).map((f) => [f.path, crypto.createHash('sha256').update(fs.readFileSync(f.path)).digest('hex')]));
    const again: string[] = [];
    for (const e of exported.slice(0, 6)) {
      const opts = { outDir: singleDir, formats: ['docx', 'html'] as ('docx' | 'html')[] };
      again.push(...(await exportKit(db, { role: roleId, stage: stageId, candidate: e.candidate.id }, opts)).files.map((f) => f.path));
      again.push(...(await exportPacket(db, { role: roleId, candidate: e.candidate.id }, opts)).files.map((f) => f.path));
    }
    for (const file of again) {
      expect(before.has(file), file).toBe(false);
      expect(path.basename(file)).toMatch(/-\d+\.(docx|html)$/);
      expect(unsafeReasons(path.basename(file))).toEqual([]);
    }
    for (const [file, digest] of before) expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), file).toBe(digest);
    for (const file of again) fs.rmSync(file);
  });

  it('the CLI finds a candidate by a hostile name, and says so when a name is ambiguous', async () => {
    const out = path.join(work, 'cli');
    for (const label of ['right-to-left override', 'XML tags', 'leading dash', 'path traversal', 'accents and emoji']) {
      const a = added.find((x) => x.entry.label === label) as Added;
      const r = await ikit('packet', `--role=${roleId}`, `--candidate=${a.candidate.name}`, `--out=${out}`, '--db', dbFile, '--json');
      expect(r.stderr, label).toBe('');
      expect(r.code, label).toBe(0);
      const [file] = r.json<{ files: string[] }>().files;
      expect(directlyIn(out, file ?? ''), label).toBe(true);
      expect(unsafeReasons(path.basename(file ?? ''))).toEqual([]);
    }
    // "Ana Ruiz", "ANA RUIZ", "ana ruiz" are one name to a person typing it: which one is asked.
    const ana = await ikit('kit', `--role=${roleId}`, `--stage=${stageId}`, '--candidate=Ana Ruiz', `--out=${out}`, '--db', dbFile);
    expect(ana.code).toBe(1);
    expect(ana.stderr).toMatch(/3 candidates are named "Ana Ruiz"; name one by its id/);
    // José typed in one Unicode form (NFC) and stored in both: the same name to a person, so which one is asked too.
    const jose = await ikit('kit', `--role=${roleId}`, `--stage=${stageId}`, '--candidate=Jos\u00e9 Garc\u00eda', `--out=${out}`, '--db', dbFile);
    expect(jose.code).toBe(1);
    expect(jose.stderr).toMatch(/2 candidates are named "Jos\u00e9 Garc\u00eda"; name one by its id/);
  });
});

describe('file names of the event batch', () => {
  it('writes every document, in the event’s own folder inside the chosen one', () => {
    expect(batchResult.failed).toEqual([]);
    expect(batchResult.written).toHaveLength(added.length * 2);
    const out = path.resolve(work, 'batch');
    expect(path.dirname(batchPlan.folder)).toBe(out);
    expect(unsafeReasons(path.basename(batchPlan.folder))).toEqual([]);
    expect(path.basename(batchPlan.folder)).toBe(eventFolderName(event, loadLibrary(db).events));
    for (const f of batchResult.written) {
      expect(directlyIn(batchPlan.folder, f.file), f.file).toBe(true);
      expect(fs.existsSync(f.file)).toBe(true);
    }
  });

  it('gives every candidate’s document a safe name of its own that says whose it is', ({ task }) => {
    const names = batchResult.written.map((f) => path.basename(f.file));
    expect(new Set(names.map(fileNameKey)).size).toBe(names.length);
    for (const f of batchResult.written) {
      const base = path.basename(f.file);
      expect(unsafeReasons(base), base).toEqual([]);
      const slug = slugPart(f.candidate);
      const id = shortId(f.candidateId ?? '', 8);
      // Its name, or its short id when the name has nothing readable or reads the same as another candidate's.
      expect(base.startsWith(slug.slice(0, 24)) || base.includes(id), `${JSON.stringify(f.candidate)}: ${base}`).toBe(true);
      if (!slug) expect(base, f.candidate).toContain(id);
    }
    // Names that read the same once made safe carry the short id.
    for (const group of [['Ana Ruiz', 'ANA RUIZ', 'ana ruiz'], ['Jos\u00e9 Garc\u00eda', 'Jose\u0301 Garci\u0301a'], ['\u039f\u0394\u039f\u03a3', '\u03bf\u03b4\u03bf\u03c3']]) {
      for (const name of group) {
        const f = batchResult.written.find((w) => w.candidate === name);
        expect(f, name).toBeDefined();
        expect(path.basename(f?.file ?? ''), name).toContain(shortId(f?.candidateId ?? '', 8));
      }
    }
    figure(task, 'Hostile input', 'file names checked (single exports + event batch)', exported.length * 4 + names.length);
  });

  it('gives events whose names read the same, or have nothing readable, folders of their own', async () => {
    const extra = ['Spring Day', 'spring-day!', 'SPRING DAY?', '!!!', '???', 'CON', 'con.', '..'].map((name) => create(db, 'events', { name, date: '2027-06-01' }));
    const lib = loadLibrary(db);
    const out = path.join(work, 'events');
    const folders = [event, ...extra].map((e) => planFromLibrary(lib, e.id, { outDir: out, formats: ['docx'] }).folder);
    expect(new Set(folders.map((f) => fileNameKey(path.basename(f)))).size).toBe(folders.length);
    for (const f of folders) {
      expect(directlyIn(out, f), f).toBe(true);
      expect(unsafeReasons(path.basename(f)), f).toEqual([]);
    }
    // A name that reads the same as no other event keeps its plain folder name,
    const lone = create(db, 'events', { name: 'Autumn Fair', date: '2027-09-01' });
    expect(eventFolderName(lone, loadLibrary(db).events)).toBe('autumn-fair');
    // and keeps it when a look-alike event is added later: the newcomer gets the short id.
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later creation time, not the same millisecond
    const lookAlike = create(db, 'events', { name: 'AUTUMN fair!', date: '2027-09-02' });
    expect(eventFolderName(lone, loadLibrary(db).events)).toBe('autumn-fair');
    expect(eventFolderName(lookAlike, loadLibrary(db).events)).toContain(shortId(lookAlike.id, 8));
    update(db, 'events', lookAlike.id, { name: `gone ${lookAlike.id}` });
    for (const e of [...extra, lone]) update(db, 'events', e.id, { name: `${e.name} (old ${e.id})` });
  });
});

describe.skipIf(noReaders)('the documents, opened by real readers', () => {
  const compact = (s: string): string => readable(s).replace(/\s+/g, '');
  const onPanel = (): StoredName[] => {
    const names = new Set(panelists.map((id) => get(db, 'interviewers', id)?.name));
    return NAMES.stored.filter((n) => names.has(n.name.trim()));
  };

  it('every Word file and HTML preview opens in LibreOffice, with each hostile name readable', async ({ task }) => {
    requireTools([...READERS]);
    const pdfs = await (converted as Promise<Map<string, string | null>>);
    const failed = [...pdfs].filter(([, pdf]) => pdf === null).map(([file]) => file);
    expect(failed).toEqual([]);
    const checks = await pool([...pdfs], 4, async ([file, pdf]) => ({ file, pages: await pdfPagesAsync(pdf ?? ''), text: await pdfTextAsync(pdf ?? '') }));
    const byFile = new Map(checks.map((c) => [c.file, c]));
    for (const c of checks) expect(c.pages, c.file).toBeGreaterThan(0);
    for (const e of exported) {
      for (const file of ofFormat(e.kit, 'docx')) {
        const text = compact(byFile.get(file)?.text ?? '');
        for (const part of e.entry.readable) expect(text.includes(compact(part)), `${e.entry.label} in ${path.basename(file)}`).toBe(true);
      }
    }
    // The panel's kit and packet carry every name at once, and the hostile text of every field.
    for (const file of ofFormat(panelFiles, 'docx')) {
      const text = compact(byFile.get(file)?.text ?? '');
      for (const e of onPanel()) for (const part of e.readable) expect(text.includes(compact(part)), `${e.label} in the panel's ${path.basename(file)}`).toBe(true);
      expect(text).toContain(compact(XML_PART));
    }
    // LibreOffice lays HTML out as a word processor would (it clips words at some line ends): the preview opens, with its text.
    for (const file of ofFormat(panelFiles, 'html')) expect(compact(byFile.get(file)?.text ?? '')).toContain(compact(XML_PART));
    figure(task, 'Hostile input', 'documents opened in LibreOffice (to PDF, pages > 0, names readable)', pdfs.size);
  }, 240_000);

  it('pandoc reads every Word file and the HTML previews, with every name and field exactly as stored', async ({ task }) => {
    requireTools(['pandoc']);
    const docx = [...ofFormat(panelFiles, 'docx'), ...exported.flatMap((e) => ofFormat(docFiles(e), 'docx'))];
    const html = ofFormat(panelFiles, 'html');
    const texts = new Map(
      await pool([...docx, ...html], 3, async (file) => [file, await pandocTextAsync(file, file.endsWith('.html') ? 'html' : 'docx')] as const),
    );
    for (const e of exported) {
      const name = readable(sanitizeText(e.candidate.name));
      for (const file of ofFormat(docFiles(e), 'docx')) expect(texts.get(file), `${e.entry.label} in ${path.basename(file)}`).toContain(name);
    }
    for (const file of [...ofFormat(panelFiles, 'docx'), ...html]) {
      const text = texts.get(file) ?? '';
      for (const id of panelists) {
        const name = get(db, 'interviewers', id)?.name ?? '';
        expect(text, `${JSON.stringify(name)} in the panel's ${path.basename(file)}`).toContain(readable(sanitizeText(name)));
      }
    }
    // Hostile text in each field arrives whole in the kit or the packet: markup as text, controls and overrides gone.
    // (pandoc draws boxes, such as the notes callout, as grid tables that wrap their text: spaces and rules are left out of the comparison.)
    const squash = (t: string): string => t.replace(/[\s|]+/g, '');
    const both = squash(ofFormat(panelFiles, 'docx').map((f) => texts.get(f) ?? '').join(' '));
    const fields = ['Tagline', 'Mission', 'Story', 'ValueText', 'Contact', 'Definition', 'Anchor1', 'Anchor4', 'Question', 'Probe', 'Reflection', 'ListenFor', 'RedFlags', 'PanelNotes']
      .concat(['Department', 'Location', 'Summary', 'Duty', 'Requirement', 'NiceToHave', 'Manager', 'StepText', 'Benefit', 'BenefitText', 'PanelBio']);
    const missing = fields.filter((marker) => !both.includes(squash(readable(sanitizeText(storedText(marker))))));
    expect(missing).toEqual([]);
    figure(task, 'Hostile input', 'documents read by pandoc (names and fields exactly as stored)', texts.size);
    figure(task, 'Hostile input', 'crashes (names)', crashes.length);
  }, 120_000);
});

describe.skipIf(skip(['chromium', 'pdftotext']))('the HTML previews, printed by Chromium as the app prints them', () => {
  it('show every hostile name and field', async ({ task }) => {
    requireTools(['chromium', 'pdftotext']);
    const printer = await PdfPrinter.launch();
    const compact = (s: string): string => readable(s).replace(/\s+/g, '');
    try {
      for (const file of ofFormat(panelFiles, 'html')) {
        const pdf = `${file}.pdf`;
        fs.writeFileSync(pdf, await printer.print(fs.readFileSync(file, 'utf8')));
        const text = compact(await pdfTextAsync(pdf));
        for (const id of panelists) {
          const entry = NAMES.stored.find((n) => n.name.trim() === get(db, 'interviewers', id)?.name);
          for (const part of entry?.readable ?? []) expect(text.includes(compact(part)), `${entry?.label} in ${path.basename(file)}`).toBe(true);
        }
        expect(text).toContain(compact(XML_PART));
      }
    } finally {
      await printer.close();
    }
    figure(task, 'Hostile input', 'HTML previews printed by Chromium with every name readable', ofFormat(panelFiles, 'html').length);
  }, 60_000);
});
