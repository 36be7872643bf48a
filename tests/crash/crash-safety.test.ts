/**
 * Crash safety: a worker process (child.ts) changes a library, exports kits
 * and packets from it, runs a hiring event's batch export, backs the library
 * up and restores it, all through the app's own functions, and is killed with
 * SIGKILL at a random moment, again and again. After every kill:
 *
 * - the library is opened as the app opens it and must be whole:
 *   integrity_check ok, no broken reference, the search index in step, every
 *   committed change there (and an interrupted transaction all there or not
 *   at all), whether the kill cut a restore before, during or after the swap;
 * - no exported kit or packet under its final name is less than complete;
 * - in the event's folder, every .docx under its final name opens (zip CRCs,
 *   word/document.xml whole), the manifest is whole, and no file is there
 *   that the plan does not name; the next worker first runs a cut batch
 *   again, and that run must finish, skip exactly the complete files, write
 *   the rest, and leave each file once, as its manifest and the export log say;
 * - every backup under its final name (backups, the copies restoreLibrary
 *   keeps of the library it replaces) passes inspectBackup and holds exactly
 *   the library as it was when the backup began.
 *
 * The kill moments come from a seeded generator; the seed is printed, and
 * IKIT_CRASH_SEED=<seed> replays the same schedule (the worker's choices also
 * depend on where earlier kills landed, so a replay is close, not exact).
 * IKIT_CRASH_ROUNDS sets the number of kills (default 55); IKIT_CRASH_DEBUG=1
 * prints where each kill landed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, planBatch, runBatch } from '../../electron/services/batch';
import { exportPacket } from '../../electron/services/documents';
import {
  LATEST_VERSION,
  backupLibrary,
  create,
  findByKey,
  get,
  getCompany,
  inspectBackup,
  list,
  loadDemo,
  openLibrary,
  restoreLibrary,
  searchQuestions,
  type Database,
} from '../../electron/store';
import { STALE_TEMP_MS } from '../../electron/store/files';
import { parseCsv } from '../batch/helpers';
import { figure } from '../helpers/figures';
import { buildChild } from './build';
import { BULK_PREFIX, SINGLES_BANK, rng, type AckedFile, type BatchAck, type ChildConfig, type Line, type Op, type OpKind } from './protocol';

const ROUNDS = Number(process.env.IKIT_CRASH_ROUNDS ?? 55);
const SEED = Number(process.env.IKIT_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The temporary names of store/files tempNameFor: ".<final name>.<8 hex>.partial". */
const PARTIAL = /^\..+\.[0-9a-f]{8}\.partial$/;
/** A temporary name, or what SQLite keeps beside one it was writing (a backup, the library being restored). */
const PARTIAL_OR_SIDE = /^\..+\.[0-9a-f]{8}\.partial(-journal|-wal|-shm)?$/;
const FINAL = /^[^.].*\.(docx|html)$/;
const LIBRARY = 'library.db';
/** The library file and what SQLite keeps beside it. */
const LIBRARY_FILES = /^library\.db(-wal|-shm|-journal)?$/;
/** The copy restoreLibrary keeps of the library it replaces. */
const KEPT = /^library\.db\.before-restore-.+\.backup$/;
const BACKUP = /^(backup|restore)-.+\.ikit-backup$/;

/** The hiring event the batch exports: a few candidates for store associate (bulk stages go to other roles). */
const EVENT = 'Crash Hiring Day';
const EVENT_CANDIDATES = [
  { name: 'Ana Ruiz', role: 'Store Associate', time: '09:00' },
  { name: 'Devon Park', role: 'Store Associate', time: '09:30' },
  { name: 'Lily Osei', role: 'Store Associate', time: '10:00' },
  { name: 'Marco Bianchi', role: 'Store Associate', time: '10:30' },
];

let work = '';
let childJs = '';
let libDir = '';
let libFile = '';
let outDir = '';
let batchDir = '';
let backupDir = '';
let scratch = '';
let eventId = '';
let eventRoleIds: string[] = [];
/** The event folder and the .docx names the batch's plan gives, fixed for the whole run. */
let eventFolder = '';
let planned: string[] = [];
let failed = true;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-crash-'));
  libDir = path.join(work, 'library');
  libFile = path.join(libDir, LIBRARY);
  outDir = path.join(work, 'exports');
  batchDir = path.join(work, 'events');
  backupDir = path.join(work, 'backups');
  scratch = path.join(work, 'scratch');
  for (const dir of [libDir, outDir, batchDir, backupDir, scratch]) fs.mkdirSync(dir);
  childJs = await buildChild(work, 'child', { batchWorker: true });
  const { db } = await openLibrary(libFile);
  loadDemo(db);
  create(db, 'questionBanks', { name: SINGLES_BANK, description: 'Questions the crash test adds one at a time.' });
  const event = create(db, 'events', { name: EVENT, date: '2027-05-01', venue: 'Pearl District store' });
  eventId = event.id;
  const roles = EVENT_CANDIDATES.map((c) => {
    const role = findByKey(db, 'roles', c.role);
    create(db, 'candidates', { name: c.name, roleId: role.id, eventId: event.id, interviewAt: `${event.date}T${c.time}` });
    return role.id;
  });
  eventRoleIds = [...new Set(roles)];
  const plan = planBatch(db, event.id, { outDir: batchDir, formats: ['docx'] });
  eventFolder = plan.folder;
  planned = plan.documents.map((d) => d.files.docx ?? '').sort();
  fs.mkdirSync(eventFolder); // to be watched from the first kill on
  db.close();
});

afterAll(() => {
  if (failed) console.log(`crash safety: the library and exports of the failed run are kept in ${work}`);
  else if (work) fs.rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------- what should be in the library

type BulkInsert = Extract<Op, { kind: 'bulk-insert' }>;

/** Every change the worker committed, replayed from its acks: what the library must hold. */
interface Model {
  /** Question id → its text, or null once removed. */
  questions: Map<string, string | null>;
  candidates: Map<string, { name: string; roleId: string }>;
  benefits: Map<string, string>;
  summaries: Map<string, string>;
  tagline: string;
  bulks: Map<string, { op: BulkInsert; present: boolean }>;
}

const cloneModel = (m: Model): Model => ({
  questions: new Map(m.questions),
  candidates: new Map(m.candidates),
  benefits: new Map(m.benefits),
  summaries: new Map(m.summaries),
  tagline: m.tagline,
  bulks: new Map([...m.bulks].map(([id, b]) => [id, { ...b }])),
});

function apply(model: Model, op: Op): void {
  switch (op.kind) {
    case 'create-question':
      model.questions.set(op.id, op.text);
      break;
    case 'create-candidate':
      model.candidates.set(op.id, { name: op.name, roleId: op.roleId });
      break;
    case 'create-benefit':
      model.benefits.set(op.id, op.name);
      break;
    case 'remove-question':
      model.questions.set(op.id, null);
      break;
    case 'update-roles':
      for (const id of op.ids) model.summaries.set(id, op.summary);
      break;
    case 'update-company':
      model.tagline = op.tagline;
      break;
    case 'bulk-insert':
      model.bulks.set(op.bankId, { op, present: true });
      break;
    case 'bulk-delete': {
      const bulk = model.bulks.get(op.bankId);
      if (!bulk) throw new Error(`the worker deleted a bulk bank the test never saw created (${op.name})`);
      bulk.present = false;
      break;
    }
    // Files only; a restore puts back the library as it was (the worker backed it up a moment before).
    case 'export-kit':
    case 'export-packet':
    case 'batch':
    case 'backup':
    case 'restore':
      break;
  }
}

/** Did the store op that was running at the kill reach the library? (Its whole effect is then checked by verifyModel.) */
function landed(db: Database, op: Op): boolean {
  switch (op.kind) {
    case 'create-question':
      return get(db, 'questions', op.id) !== null;
    case 'create-candidate':
      return get(db, 'candidates', op.id) !== null;
    case 'create-benefit':
      return get(db, 'benefits', op.id) !== null;
    case 'remove-question':
      return get(db, 'questions', op.id) === null;
    case 'update-roles':
      return get(db, 'roles', op.ids[0])?.summary === op.summary;
    case 'update-company':
      return getCompany(db)?.tagline === op.tagline;
    case 'bulk-insert':
      return get(db, 'questionBanks', op.bankId) !== null;
    case 'bulk-delete':
      return get(db, 'questionBanks', op.bankId) === null;
    case 'export-kit':
    case 'export-packet':
    case 'batch':
    case 'backup':
    case 'restore':
      return false;
  }
}

const scalar = (db: Database, sql: string, ...params: unknown[]): number =>
  (db.prepare(sql).pluck().get(...params) as number | undefined) ?? 0;

/** The library holds exactly what the model says; returns the number of records checked. */
function verifyModel(db: Database, model: Model, where: string): number {
  let checked = 0;
  for (const [id, text] of model.questions) {
    expect(get(db, 'questions', id)?.text ?? null, `${where}: question ${id}`).toBe(text);
    checked++;
  }
  for (const [id, want] of model.candidates) {
    const c = get(db, 'candidates', id);
    expect(c && { name: c.name, roleId: c.roleId }, `${where}: candidate ${id}`).toEqual(want);
    checked++;
  }
  for (const [id, name] of model.benefits) {
    expect(get(db, 'benefits', id)?.name, `${where}: benefit ${id}`).toBe(name);
    checked++;
  }
  for (const [id, summary] of model.summaries) {
    expect(get(db, 'roles', id)?.summary, `${where}: summary of role ${id}`).toBe(summary);
    checked++;
  }
  expect(getCompany(db)?.tagline, `${where}: company tagline`).toBe(model.tagline);
  checked++;
  for (const { op, present } of model.bulks.values()) {
    const questions = scalar(db, `SELECT count(*) FROM questions WHERE bank_id = ?`, op.bankId);
    const stage = get(db, 'stages', op.stageId);
    const state = { bank: get(db, 'questionBanks', op.bankId) !== null, questions, stage: stage !== null };
    expect(state, `${where}: bulk transaction "${op.name}" must be whole or absent`).toEqual(
      present ? { bank: true, questions: op.n, stage: true } : { bank: false, questions: 0, stage: false },
    );
    if (stage) {
      expect(stage.questionIds, `${where}: stage "${op.name}"`).toHaveLength(op.inStage);
      const inBank = scalar(
        db,
        `SELECT count(*) FROM questions WHERE bank_id = ? AND id IN (SELECT value FROM json_each(?))`,
        op.bankId,
        JSON.stringify(stage.questionIds),
      );
      expect(inBank, `${where}: stage "${op.name}" asks questions of its own bank`).toBe(op.inStage);
    }
    checked += 1 + questions;
  }
  // Nothing the worker made beyond what it acked (and the one op in flight, already resolved).
  const singles = list(db, 'questionBanks').find((b) => b.name === SINGLES_BANK);
  const live = [...model.questions.values()].filter((t) => t !== null).length;
  expect(scalar(db, `SELECT count(*) FROM questions WHERE bank_id = ?`, singles?.id), `${where}: questions added one by one`).toBe(live);
  expect(scalar(db, `SELECT count(*) FROM candidates WHERE name LIKE 'Crash %'`), `${where}: candidates added`).toBe(model.candidates.size);
  expect(scalar(db, `SELECT count(*) FROM benefits WHERE name LIKE 'crash-benefit %'`), `${where}: benefits added`).toBe(model.benefits.size);
  const bulkBanks = scalar(db, `SELECT count(*) FROM question_banks WHERE name LIKE '${BULK_PREFIX} %'`);
  expect(bulkBanks, `${where}: bulk banks`).toBe([...model.bulks.values()].filter((b) => b.present).length);
  return checked;
}

/** What a user relies on when the app reopens: a sound file, references whole, search in step. */
function verifyStructure(db: Database, where: string, integrityChecked = false): void {
  if (!integrityChecked) expect(db.pragma('integrity_check', { simple: true }), `${where}: PRAGMA integrity_check`).toBe('ok');
  expect(db.pragma('foreign_key_check'), `${where}: PRAGMA foreign_key_check`).toEqual([]);
  expect(() => db.exec(`INSERT INTO questions_fts (questions_fts) VALUES ('integrity-check')`), `${where}: search index`).not.toThrow();
  const unindexed = scalar(
    db,
    `SELECT count(*) FROM questions q LEFT JOIN questions_fts f ON f.rowid = q.seq WHERE f.rowid IS NULL OR f.text IS NOT q.text`,
  );
  expect(unindexed, `${where}: questions missing from the search index`).toBe(0);
  const orphans = scalar(db, `SELECT count(*) FROM questions_fts WHERE rowid NOT IN (SELECT seq FROM questions)`);
  expect(orphans, `${where}: search entries of deleted questions`).toBe(0);
}

/**
 * A backup a user could restore: inspectBackup (what restore checks first)
 * passes, and, opened as the app would open it once restored, it is whole and
 * holds exactly the library as it was when the backup began.
 */
async function verifyBackup(file: string, model: Model, where: string): Promise<void> {
  await expect(inspectBackup(file), `${where}: inspectBackup ${path.basename(file)}`).resolves.toEqual({ schemaVersion: LATEST_VERSION, integrity: 'ok' });
  const copy = path.join(scratch, 'restored.db');
  fs.copyFileSync(file, copy);
  const { db } = await openLibrary(copy, { noBackup: true });
  try {
    verifyStructure(db, `${where}: backup ${path.basename(file)}`, true); // inspectBackup ran integrity_check
    verifyModel(db, model, `${where}: backup ${path.basename(file)}`);
  } finally {
    db.close();
    for (const name of fs.readdirSync(scratch)) fs.rmSync(path.join(scratch, name));
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A complete document: a Word file that opens with its body, or HTML through its closing tag. */
async function expectComplete(file: string, bytes: Buffer, where: string): Promise<void> {
  if (file.endsWith('.html')) {
    expect(bytes.toString('utf8').trimEnd().endsWith('</html>'), `${where}: ${file} ends with </html>`).toBe(true);
    return;
  }
  let body: string | undefined;
  try {
    body = await (await JSZip.loadAsync(bytes, { checkCRC32: true })).file('word/document.xml')?.async('string');
  } catch (err) {
    throw new Error(`${where}: ${file} (${bytes.length} bytes) is not a complete .docx: ${String(err)}`, { cause: err });
  }
  expect(body?.trimEnd().endsWith('</w:document>'), `${where}: ${file} has its word/document.xml`).toBe(true);
}

/** The manifest as a user opens it: the header, then one row per file, each with its SHA-256. */
function readManifest(where: string): Map<string, string> {
  const text = fs.readFileSync(path.join(eventFolder, MANIFEST), 'utf8');
  expect(text.startsWith('\uFEFF') && text.endsWith('\r\n'), `${where}: ${MANIFEST} is whole (byte order mark to last line end)`).toBe(true);
  const [header, ...rows] = parseCsv(text);
  expect(header, `${where}: ${MANIFEST} header`).toEqual(['candidate', 'document', 'format', 'file', 'sha256']);
  const files = new Map<string, string>();
  for (const row of rows) {
    expect(row, `${where}: ${MANIFEST} row`).toHaveLength(5);
    const [, , format = '', file = '', digest = ''] = row;
    expect({ format, digest: /^[0-9a-f]{64}$/.test(digest) }, `${where}: ${MANIFEST} row for ${file}`).toEqual({ format: 'docx', digest: true });
    expect(files.has(file), `${where}: ${file} listed twice in ${MANIFEST}`).toBe(false);
    files.set(file, digest);
  }
  return files;
}

// ---------------------------------------------------------------- one kill

type Mode = 'random' | 'bulk' | 'export' | 'file-appears' | 'batch' | 'backup' | 'restore';

/** How many of the kills each mode aims (out of 55; scaled to IKIT_CRASH_ROUNDS, the rest random). */
const SCHEDULE: [Mode, number][] = [
  ['bulk', 8],
  ['export', 7],
  ['file-appears', 4],
  ['batch', 8],
  ['backup', 7],
  ['restore', 8],
];

/** The share of kills aimed into a batch run by time; the rest are aimed at its files being written. */
const BATCH_TIMED = 0.35;
/** The share of kills aimed into restoreLibrary by time; the rest at the files it makes beside the library. */
const RESTORE_TIMED = 0.3;

/** The op kinds a mode aims at; the worker is told to choose them more often. */
const AIMS: Record<Mode, OpKind[]> = {
  random: [],
  'file-appears': [],
  bulk: ['bulk-insert', 'bulk-delete'],
  export: ['export-kit', 'export-packet'],
  batch: ['batch'],
  backup: ['backup'],
  restore: ['restore'],
};

interface Run {
  lines: Line[];
  /** Anything on stdout that is not a line of the protocol. */
  noise: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  trigger: string;
}

/** Typical duration of each kind of op (and of restoreLibrary within a restore), learned from acks, to aim kills inside them. */
const durations = new Map<string, number[]>();
const learn = (key: string, ms: number): void => void durations.set(key, [...(durations.get(key) ?? []), ms].slice(-25));
const typical = (key: string, guess = 150): number => {
  const ms = [...(durations.get(key) ?? [])].sort((a, b) => a - b);
  return Math.max(ms[Math.floor(ms.length / 2)] ?? guess, 5);
};
const opKey = (op: Op): string =>
  op.kind === 'export-kit' && op.big ? 'export-kit big' : op.kind === 'batch' && op.resume ? 'batch resume' : op.kind;

/**
 * Starts the worker, waits for it to work (and, after a kill mid-batch, for
 * its first op, the batch run again, to finish), and kills it with SIGKILL at
 * a moment chosen by `mode`; `at` (0 to 1) says where in the chosen window.
 */
function runAndKill(config: ChildConfig, mode: Mode, at: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childJs, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Line[] = [];
    const noise: string[] = [];
    let pending = '';
    let stderr = '';
    let trigger = '';
    const timers: NodeJS.Timeout[] = [];
    const watchers: fs.FSWatcher[] = [];
    let armed = false;
    let aimedSeq = 0;
    /** Watching for the aimed moment (rather than timing it): if the op ends first, kill then. */
    let watching = false;
    let fallback: NodeJS.Timeout | undefined;
    const kill = (why: string): void => {
      if (trigger) return;
      trigger = why;
      child.kill('SIGKILL');
    };
    const later = (ms: number, why: string): NodeJS.Timeout => {
      const timer = setTimeout(() => kill(why), ms);
      timers.push(timer);
      return timer;
    };
    /** Kills at the `nth` file in `dir` made, renamed or removed whose name passes `filter`. */
    const killAtChange = (dir: string, nth: number, filter: (name: string) => boolean, why: string): void => {
      let seen = 0;
      watching = true;
      watchers.push(
        fs.watch(dir, (event, name) => {
          if (event === 'rename' && name && filter(String(name)) && ++seen === nth) kill(`${why} (${nth}: ${String(name)})`);
        }),
      );
    };
    const arm = (): void => {
      armed = true;
      if (mode === 'random') later(at * 700, 'random moment');
      else fallback = later(1_500, `${mode}: nothing to aim at in 1.5 s`);
      // The first file an export creates: the temporary file, if writes go through one.
      if (mode === 'file-appears') killAtChange(outDir, 1, () => true, 'a file appeared in the export folder');
    };
    const onLine = (line: Line): void => {
      if (line.t === 'ready') {
        if (!config.resumeBatch) arm();
      } else if (line.t === 'ack' && line.seq === 1 && config.resumeBatch) {
        arm();
      } else if (line.t === 'begin' && armed && !trigger && aimedSeq === 0 && AIMS[mode].includes(line.op.kind)) {
        aimedSeq = line.seq;
        clearTimeout(fallback);
        const kind = opKey(line.op);
        if (mode === 'restore') {
          // Aimed from the moment the library is closed and restoreLibrary starts (the mark).
        } else if (mode === 'batch' && at >= BATCH_TIMED) {
          // Most of a run is making templates; its files are written in a few tens of milliseconds at the
          // end. Kill at the n-th temporary file made, or at the n-th file renamed to its final name.
          const among = (at - BATCH_TIMED) / (1 - BATCH_TIMED);
          const nth = 1 + Math.floor(((among * 2) % 1) * (planned.length + 1));
          if (among < 0.5) killAtChange(eventFolder, nth, (name) => PARTIAL.test(name), 'a batch file being written');
          else killAtChange(eventFolder, nth, (name) => !PARTIAL.test(name), 'a batch file renamed into place');
        } else {
          const window = mode === 'batch' ? at / BATCH_TIMED : at;
          later(window * typical(kind) * 1.2, `during ${kind}`);
        }
      } else if (line.t === 'mark' && line.seq === aimedSeq && mode === 'restore') {
        if (at < RESTORE_TIMED) later((at / RESTORE_TIMED) * typical('restoreLibrary', 40) * 1.2, 'in restoreLibrary, timed');
        else {
          // restoreLibrary makes, renames and removes about 30 files beside the library: its copy of the
          // library it replaces, the restored copy, SQLite's journals; the swap is the 22nd or so.
          const nth = 1 + Math.floor(((at - RESTORE_TIMED) / (1 - RESTORE_TIMED)) * 30);
          killAtChange(libDir, nth, () => true, 'in restoreLibrary, a file beside the library');
        }
      } else if (line.t === 'ack' && line.seq === aimedSeq && watching) {
        kill('the aimed op ended before the moment watched for');
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          noise.push(text);
          continue;
        }
        lines.push(line);
        onLine(line);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    timers.push(setTimeout(() => kill(config.resumeBatch ? 'not ready, or the batch not resumed, in 15 s' : 'not ready in 15 s'), 15_000));
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      for (const w of watchers) w.close();
      // A line cut by the kill (none in practice: each is one write under PIPE_BUF) is not an ack.
      resolve({ lines, noise, signal, code, stderr, trigger });
    });
  });
}

/** The kill modes of the run, in a seeded order: each new kind of op gets its share of kills aimed into it. */
function schedule(random: () => number): Mode[] {
  const modes = SCHEDULE.flatMap(([mode, n]) => Array<Mode>(Math.max(1, Math.round((n * ROUNDS) / 55))).fill(mode)).slice(0, ROUNDS);
  while (modes.length < ROUNDS) modes.push('random');
  for (let i = modes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [modes[i], modes[j]] = [modes[j] as Mode, modes[i] as Mode];
  }
  return modes;
}

// ---------------------------------------------------------------- the suite

describe('crash safety', () => {
  it(`keeps the library, exports, event batches and backups whole through ${ROUNDS} SIGKILLs`, async ({ task }) => {
    console.log(`crash safety: seed ${SEED} (replay with IKIT_CRASH_SEED=${SEED})`);
    const started = performance.now();
    const random = rng(SEED);
    const modesLeft = schedule(random);

    const model: Model = { questions: new Map(), candidates: new Map(), benefits: new Map(), summaries: new Map(), tagline: '', bulks: new Map() };
    {
      const { db } = await openLibrary(libFile);
      for (const role of list(db, 'roles')) model.summaries.set(role.id, role.summary);
      model.tagline = getCompany(db)?.tagline ?? '';
      db.close();
    }
    /** Acked export files (kits, packets), by path. */
    const exportsAcked = new Map<string, AckedFile>();
    /** Acked backups not yet checked, by path. */
    const backupsAcked = new Map<string, AckedFile>();
    /** What each backup (by path) must hold: the library when its op began. */
    const backupModels = new Map<string, Model>();

    const tally = {
      survived: 0,
      committed: 0,
      records: 0,
      betweenOps: 0,
      midStoreWrite: 0,
      inFlightLanded: 0,
      midExport: 0,
      bulkCommitted: 0,
      bulkRolledBack: 0,
      filesChecked: 0,
      filesAcked: 0,
      unackedFinal: 0,
      logRows: 0,
      midBatch: 0,
      batchRuns: 0,
      batchDocxChecked: 0,
      manifests: 0,
      resumes: 0,
      resumeWritten: 0,
      resumeSkipped: 0,
      midBackup: 0,
      backupsChecked: 0,
      backupsFinalAtKill: 0,
      midRestore: 0,
      restoreWhileBackingUp: 0,
      restoreOld: 0,
      restoreSwapped: 0,
      restoresAcked: 0,
      keptChecked: 0,
    };
    const partials = { exports: new Set<string>(), batch: new Set<string>(), backups: new Set<string>(), library: new Set<string>() };
    const checkedFiles = new Set<string>();
    /** Event-folder files already found complete, by a key that changes when the file is replaced. */
    const batchChecked = new Set<string>();
    const modes = new Map<Mode, number>();
    const landedIn = new Map<string, number>();
    let lastLogRow = 0;
    let lastSingle: { id: string; text: string } | null = null;
    /** After a kill mid-batch: each complete file of the event folder then, with its SHA-256. */
    let cutBatch: Map<string, string> | null = null;

    for (let round = 1; round <= ROUNDS; round++) {
      const resume = cutBatch !== null;
      // A worker that resumes a batch runs no other batch: aim it at something else.
      const pickAt = resume ? Math.max(0, modesLeft.findIndex((m) => m !== 'batch')) : 0;
      const mode: Mode = modesLeft.splice(pickAt, 1)[0] ?? 'random';
      modes.set(mode, (modes.get(mode) ?? 0) + 1);
      const seed = Math.floor(random() * 2 ** 31);
      const config: ChildConfig = {
        library: libFile,
        exports: outDir,
        seed,
        batches: batchDir,
        backups: backupDir,
        eventId,
        eventRoleIds,
        resumeBatch: resume,
        favour: AIMS[mode],
      };
      const runStarted = performance.now();
      const run = await runAndKill(config, mode, random());
      const runMs = performance.now() - runStarted;
      const where = `kill ${round} (seed ${SEED}, ${mode}${resume ? ' after resuming the batch' : ''}: ${run.trigger})`;
      expect(run.signal, `${where}: the worker ended on its own (code ${run.code}):\n${run.stderr}`).toBe('SIGKILL');
      expect(run.lines[0]?.t, `${where}: the worker never got ready:\n${run.stderr}`).toBe('ready');
      expect(run.noise, `${where}: stray output from the worker`).toEqual([]);

      // The worker's own account: acked ops are committed; at most the last begun op is in flight.
      const begun = new Map<number, Op>();
      let inFlight: Op | null = null;
      let inFlightSeq = 0;
      let restoreIno: number | null = null;
      let lastBatch: BatchAck | null = null;
      let resumed: BatchAck | null = null;
      for (const line of run.lines) {
        if (line.t === 'begin') {
          expect(inFlight, `${where}: an op began before the previous one was acked`).toBeNull();
          begun.set(line.seq, line.op);
          inFlight = line.op;
          inFlightSeq = line.seq;
          restoreIno = null;
          if (line.op.kind === 'backup' || line.op.kind === 'restore') backupModels.set(line.op.file, cloneModel(model));
        } else if (line.t === 'mark') {
          expect(line.seq, `${where}: a mark of an op not running`).toBe(inFlightSeq);
          restoreIno = line.ino;
        } else if (line.t === 'ack') {
          const op = begun.get(line.seq);
          if (!op) throw new Error(`${where}: ack of op ${line.seq}, never begun`);
          apply(model, op);
          if (op.kind === 'create-question') lastSingle = { id: op.id, text: op.text };
          if (op.kind === 'export-kit' || op.kind === 'export-packet') {
            for (const f of line.files ?? []) exportsAcked.set(f.path, f);
          } else if (op.kind === 'backup' || op.kind === 'restore') {
            for (const f of line.files ?? []) backupsAcked.set(f.path, f);
            if (line.restore) {
              tally.restoresAcked++;
              learn('restoreLibrary', line.restore.restoreMs);
              expect(line.restore.keptAt, `${where}: restoreLibrary kept the library it replaced`).not.toBeNull();
              if (line.restore.keptAt) backupModels.set(line.restore.keptAt, backupModels.get(op.file) ?? cloneModel(model));
            }
          } else if (op.kind === 'batch') {
            expect(line.batch?.folder, `${where}: the batch's folder`).toBe(eventFolder);
            lastBatch = line.batch ?? null;
            tally.batchRuns++;
            if (op.resume) resumed = lastBatch;
          } else {
            tally.committed++;
          }
          learn(opKey(op), line.ms);
          inFlight = null;
        }
      }
      if (resume) expect(resumed, `${where}: the batch run again after a kill cut it did not finish:\n${run.stderr}`).not.toBeNull();
      const kindAtKill = inFlight ? opKey(inFlight) : 'between ops';
      landedIn.set(kindAtKill, (landedIn.get(kindAtKill) ?? 0) + 1);

      // What the kill left beside the library, before anything opens it.
      const restoreSwapped = inFlight?.kind === 'restore' && restoreIno !== null && fs.statSync(libFile).ino !== restoreIno;
      const kept: string[] = [];
      for (const name of fs.readdirSync(libDir)) {
        if (PARTIAL_OR_SIDE.test(name)) partials.library.add(name);
        else if (KEPT.test(name)) kept.push(path.join(libDir, name));
        else expect(name, `${where}: unexpected file beside the library`).toMatch(LIBRARY_FILES);
      }

      // Reopen as the app does: WAL recovery, then the checks.
      const { db } = await openLibrary(libFile);
      try {
        verifyStructure(db, where);
        if (inFlight === null) tally.betweenOps++;
        else if (inFlight.kind === 'export-kit' || inFlight.kind === 'export-packet') tally.midExport++;
        else if (inFlight.kind === 'batch') tally.midBatch++;
        else if (inFlight.kind === 'backup') tally.midBackup++;
        else if (inFlight.kind === 'restore') {
          tally.midRestore++;
          if (restoreIno === null) tally.restoreWhileBackingUp++;
          else if (restoreSwapped) tally.restoreSwapped++;
          else tally.restoreOld++;
        } else {
          tally.midStoreWrite++;
          const reached = landed(db, inFlight);
          if (reached) {
            apply(model, inFlight);
            tally.inFlightLanded++;
          }
          if (inFlight.kind.startsWith('bulk-')) {
            if (reached) tally.bulkCommitted++;
            else tally.bulkRolledBack++;
          }
        }
        // Whether a restore was cut before, during or after the swap, the library holds every acked change.
        tally.records = verifyModel(db, model, where);
        if (lastSingle && model.questions.get(lastSingle.id) === lastSingle.text) {
          const hits = searchQuestions(db, lastSingle.text).map((h) => h.question.id);
          expect(hits, `${where}: search finds the last question added`).toContain(lastSingle.id);
        }

        // Every export the log records is on disk with the recorded bytes; a batch file, as its latest run recorded it.
        const rows = db
          .prepare(`SELECT rowid, path, sha256 FROM export_log WHERE rowid > ? ORDER BY rowid`)
          .all(lastLogRow) as { rowid: number; path: string; sha256: string }[];
        const batchRows = new Map<string, string>();
        for (const row of rows) {
          lastLogRow = row.rowid;
          tally.logRows++;
          if (path.dirname(row.path) === eventFolder) {
            batchRows.set(path.basename(row.path), row.sha256);
            continue;
          }
          expect(fs.existsSync(row.path), `${where}: logged export ${row.path} exists`).toBe(true);
          expect(sha256(fs.readFileSync(row.path)), `${where}: logged export ${row.path}`).toBe(row.sha256);
        }
        for (const f of exportsAcked.values()) {
          if (checkedFiles.has(f.path)) continue;
          const logged = scalar(db, `SELECT count(*) FROM export_log WHERE path = ? AND sha256 = ?`, f.path, f.sha256);
          expect(logged, `${where}: acked export ${f.path} is in the export log`).toBe(1);
        }

        // ---- the event's batch folder
        const finals = new Map<string, string>();
        if (fs.existsSync(eventFolder)) {
          for (const name of fs.readdirSync(eventFolder)) {
            const file = path.join(eventFolder, name);
            if (PARTIAL.test(name)) {
              partials.batch.add(name);
              continue;
            }
            if (name === MANIFEST) continue;
            // Every file under a final name is one the plan names, once: no "-2" copy, nothing half-written.
            expect(planned, `${where}: unexpected file in the event folder`).toContain(name);
            const bytes = fs.readFileSync(file);
            finals.set(name, sha256(bytes));
            const stat = fs.statSync(file);
            const key = `${name}|${stat.ino}|${stat.size}|${stat.mtimeMs}`;
            if (batchChecked.has(key)) continue;
            await expectComplete(file, bytes, where);
            batchChecked.add(key);
            tally.batchDocxChecked++;
          }
          if (fs.existsSync(path.join(eventFolder, MANIFEST))) {
            const manifest = readManifest(where);
            tally.manifests++;
            // A manifest lists files of the plan, which are there (a cut run may have rewritten some since).
            for (const file of manifest.keys()) expect(finals.has(file), `${where}: ${MANIFEST} lists ${file}, which is there`).toBe(true);
            if (lastBatch && inFlight?.kind !== 'batch') {
              // The last run finished: its manifest names every file once, with the bytes on disk.
              expect(Object.fromEntries(manifest), `${where}: ${MANIFEST} of the finished run`).toEqual(Object.fromEntries(finals));
              expect([...finals.keys()].sort(), `${where}: the event folder after a finished run`).toEqual(planned);
              expect(lastBatch.written + lastBatch.skipped, `${where}: files the finished run wrote or found there`).toBe(planned.length);
            }
          } else {
            expect(lastBatch === null || inFlight?.kind === 'batch', `${where}: a finished batch run wrote ${MANIFEST}`).toBe(true);
          }
          if (lastBatch && inFlight?.kind !== 'batch') {
            // Every export is in the export log with its SHA-256: for each file, the latest entry is the bytes on disk.
            const latest = db.prepare(`SELECT sha256 FROM export_log WHERE path = ? ORDER BY rowid DESC LIMIT 1`).pluck();
            for (const name of planned) {
              expect(latest.get(path.join(eventFolder, name)), `${where}: the export log's latest entry for ${name}`).toBe(finals.get(name));
            }
          }
        }
        if (resumed && cutBatch) {
          // The run after a kill skips exactly the files the cut run finished, and writes the rest.
          const kept = planned.filter((name) => cutBatch?.get(name) !== undefined && cutBatch.get(name) === finals.get(name));
          expect({ written: resumed.written, skipped: resumed.skipped }, `${where}: the batch run again after the kill`).toEqual({
            written: planned.length - kept.length,
            skipped: kept.length,
          });
          // Every file it wrote is logged (and the log's latest entry for each file is its bytes: checked above).
          for (const name of planned.filter((n) => !kept.includes(n))) {
            expect(batchRows.get(name), `${where}: the resumed run logged ${name}`).toBe(finals.get(name));
          }
          tally.resumes++;
          tally.resumeWritten += resumed.written;
          tally.resumeSkipped += resumed.skipped;
        }
        cutBatch = inFlight?.kind === 'batch' ? finals : null;
      } finally {
        db.close();
      }

      // Every file under a final name is a complete document; acked ones are the acked bytes.
      for (const name of fs.readdirSync(outDir)) {
        const file = path.join(outDir, name);
        if (PARTIAL.test(name)) {
          partials.exports.add(name);
          continue;
        }
        expect(name, `${where}: unexpected file in the export folder`).toMatch(FINAL);
        if (checkedFiles.has(file)) continue;
        const bytes = fs.readFileSync(file);
        await expectComplete(file, bytes, where);
        const acked = exportsAcked.get(file);
        if (acked) {
          expect({ sha256: sha256(bytes), bytes: bytes.length }, `${where}: ${name}`).toEqual({ sha256: acked.sha256, bytes: acked.bytes });
          tally.filesAcked++;
        } else {
          tally.unackedFinal++;
        }
        checkedFiles.add(file);
        tally.filesChecked++;
      }
      for (const f of exportsAcked.values()) expect(checkedFiles.has(f.path), `${where}: acked export ${f.path} exists`).toBe(true);

      // Every backup under its final name, and every copy a restore kept of the library it replaced,
      // restores to exactly the library of its moment. (Checked once, then removed, to spare the disk.)
      for (const name of fs.readdirSync(backupDir)) {
        const file = path.join(backupDir, name);
        if (PARTIAL_OR_SIDE.test(name)) {
          partials.backups.add(name);
          continue;
        }
        expect(name, `${where}: unexpected file in the backup folder`).toMatch(BACKUP);
        const want = backupModels.get(file);
        if (!want) throw new Error(`${where}: backup ${name} of no op the worker began`);
        const acked = backupsAcked.get(file);
        if (acked) expect(sha256(fs.readFileSync(file)), `${where}: ${name} as acked`).toBe(acked.sha256);
        else tally.backupsFinalAtKill++;
        await verifyBackup(file, want, where);
        tally.backupsChecked++;
        fs.rmSync(file);
        backupsAcked.delete(file);
      }
      expect([...backupsAcked.keys()], `${where}: acked backups that are not there`).toEqual([]);
      for (const file of kept) {
        const want = backupModels.get(file) ?? (inFlight?.kind === 'restore' ? backupModels.get(inFlight.file) : undefined);
        if (!want) throw new Error(`${where}: ${path.basename(file)} kept by no restore the worker began`);
        await verifyBackup(file, want, where);
        tally.keptChecked++;
        fs.rmSync(file);
      }
      tally.survived++;
      if (process.env.IKIT_CRASH_DEBUG) {
        const checkMs = performance.now() - runStarted - runMs;
        console.log(`${where}: landed in ${kindAtKill}; worker ${runMs.toFixed(0)} ms, checks ${checkMs.toFixed(0)} ms`);
      }
    }

    // Files do not change once written: the acked ones still hold their bytes at the end.
    for (const f of exportsAcked.values()) expect(sha256(fs.readFileSync(f.path)), f.path).toBe(f.sha256);

    const seconds = (performance.now() - started) / 1000;

    // The temporary files of cut writes go with the next write into their folder, once old enough
    // to belong to no write still running.
    const old = new Date(Date.now() - STALE_TEMP_MS - 1000);
    const age = (dir: string, kept: Set<string>, what: string): void => {
      const leftover = fs.readdirSync(dir).filter((name) => PARTIAL_OR_SIDE.test(name));
      expect(leftover.sort(), `temporary files left by the kills in ${what}`).toEqual([...kept].sort());
      for (const name of leftover) fs.utimesSync(path.join(dir, name), old, old);
    };
    age(outDir, partials.exports, 'the export folder');
    if (fs.existsSync(eventFolder)) age(eventFolder, partials.batch, 'the event folder');
    age(backupDir, partials.backups, 'the backup folder');
    age(libDir, partials.library, 'the library folder');
    const finals = fs.readdirSync(outDir).filter((name) => !PARTIAL.test(name));
    {
      const { db } = await openLibrary(libFile);
      try {
        const role = list(db, 'roles')[0];
        if (!role) throw new Error('the demo library has no role');
        await exportPacket(db, { role: role.id }, { outDir, formats: ['html'] });
        const result = await runBatch(planBatch(db, eventId, { outDir: batchDir, formats: ['docx'] }), { workers: 1 });
        expect(result.failed, 'the batch after the kills').toEqual([]);
        await backupLibrary(db, path.join(backupDir, 'after.ikit-backup'));
      } finally {
        db.close();
      }
      await restoreLibrary(libFile, path.join(backupDir, 'after.ikit-backup'));
    }
    const after = fs.readdirSync(outDir);
    expect(after.filter((name) => PARTIAL.test(name)), 'temporary files after the next export').toEqual([]);
    expect(after.filter((name) => finals.includes(name)).sort(), 'finished exports are kept').toEqual(finals.sort());
    expect(fs.readdirSync(eventFolder).sort(), 'the event folder after the next batch run').toEqual([...planned, MANIFEST].sort());
    expect(fs.readdirSync(backupDir), 'the backup folder after the next backup').toEqual(['after.ikit-backup']);
    expect(fs.readdirSync(libDir).filter((name) => !KEPT.test(name)), 'the library folder after the next restore').toEqual([LIBRARY]);

    const bulks = tally.bulkCommitted + tally.bulkRolledBack;
    const n = (key: string): number => landedIn.get(key) ?? 0;
    // The kills must land where the risk is, not only between operations: a floor for each kind of write,
    // well under what the aiming gets (typically 6-20 each), so timing noise cannot fail the run.
    if (ROUNDS >= 50) {
      const where = { 'store transaction': tally.midStoreWrite, 'bulk transaction': bulks, 'kit or packet export': tally.midExport, 'event batch': tally.midBatch, backup: tally.midBackup, restore: tally.midRestore };
      for (const [kind, kills] of Object.entries(where)) expect(kills, `kills that landed inside a ${kind}`).toBeGreaterThanOrEqual(2);
    }
    figure(task, 'Crash safety', 'SIGKILLs survived (opens, integrity_check ok, foreign keys and search index whole)', `${tally.survived} of ${ROUNDS}`);
    figure(task, 'Crash safety', 'kill moments', [...modes].map(([m, k]) => `${k} ${m}`).join(', ') + ` (seed ${SEED})`);
    figure(
      task,
      'Crash safety',
      'where kills landed',
      `${tally.midStoreWrite} in a store transaction (${tally.inFlightLanded} found committed, ${tally.midStoreWrite - tally.inFlightLanded} rolled back), ${tally.midExport} in a kit or packet export, ${tally.midBatch} in an event batch, ${tally.midBackup} in a backup, ${tally.midRestore} in a restore, ${tally.betweenOps} between ops`,
    );
    figure(task, 'Crash safety', 'committed changes verified (each after every later kill)', `${tally.committed}; ${tally.records} records checked after the last kill`);
    figure(
      task,
      'Crash safety',
      'bulk transactions (bank, 800 questions, stage) cut by a kill',
      `${bulks}: ${tally.bulkCommitted} committed in full, ${tally.bulkRolledBack} rolled back in full, 0 half-done`,
    );
    figure(
      task,
      'Crash safety',
      'exported files checked',
      `${tally.filesChecked} complete (.docx opens, .html ends): ${tally.filesAcked} acked with matching SHA-256, ${tally.unackedFinal} renamed just before the kill; ${tally.logRows} export-log rows checked against their files`,
    );
    figure(
      task,
      'Crash safety',
      `event batch (${EVENT_CANDIDATES.length} candidates, ${planned.length} .docx, ${os.availableParallelism()} worker threads): kills inside a run`,
      `${n('batch')}; each cut run run again first thing in the next worker and finished: ${tally.resumes} resumes skipped ${tally.resumeSkipped} complete files and wrote ${tally.resumeWritten}, exactly as the files on disk called for, no duplicate`,
    );
    figure(
      task,
      'Crash safety',
      'event batch files checked',
      `${tally.batchDocxChecked} .docx under a final name complete (zip CRCs, word/document.xml whole) over ${tally.batchRuns} finished runs; ${tally.manifests} manifests whole and parsed, each finished run's listing every planned file once with its SHA-256 on disk`,
    );
    figure(
      task,
      'Crash safety',
      'backups: kills inside backupLibrary',
      `${n('backup')}; ${tally.backupsChecked} backups checked (${tally.backupsFinalAtKill} renamed into place just before a kill): each passes inspectBackup, opens with integrity_check ok and holds exactly the library when it began`,
    );
    figure(
      task,
      'Crash safety',
      'restores: kills inside a restore (back up, close, restoreLibrary, reopen)',
      `${n('restore')}: ${tally.restoreWhileBackingUp} while backing up first, ${tally.restoreOld} in restoreLibrary with the old library still in place, ${tally.restoreSwapped} with the restored one in place; the library opened whole with every acked change each time; ${tally.keptChecked} copies of the replaced library checked like backups; ${tally.restoresAcked} restores finished`,
    );
    figure(
      task,
      'Crash safety',
      'temporary files left by kills mid-write',
      `${partials.exports.size} in the export folder, ${partials.batch.size} in the event folder, ${partials.backups.size} in the backup folder, ${partials.library.size} beside the library; never under a final name; all removed by the next write into their folder once ${STALE_TEMP_MS / 60_000} minutes old`,
    );
    figure(task, 'Crash safety', 'time', `${seconds.toFixed(1)} s for ${ROUNDS} kills`);
    failed = false;
  }, 240_000);
});
