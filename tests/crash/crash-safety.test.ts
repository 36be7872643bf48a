/**
 * Crash safety: a worker process (child.ts) changes a library and exports
 * kits and packets from it through the app's own functions, and is killed
 * with SIGKILL at a random moment, again and again. After every kill the
 * library is opened as the app opens it and must be whole: integrity_check ok,
 * no broken reference, the search index in step, every committed change there
 * (and an interrupted transaction all there or not at all), and no file under
 * its final name that is not a complete document.
 *
 * The kill moments come from a seeded generator; the seed is printed, and
 * IKIT_CRASH_SEED=<seed> replays the same schedule (the worker's choices also
 * depend on where earlier kills landed, so a replay is close, not exact).
 * IKIT_CRASH_ROUNDS sets the number of kills (default 55).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPacket } from '../../electron/services/documents';
import { create, get, getCompany, list, loadDemo, openLibrary, searchQuestions, type Database } from '../../electron/store';
import { STALE_TEMP_MS } from '../../electron/store/files';
import { figure } from '../helpers/figures';
import { BULK_PREFIX, SINGLES_BANK, rng, type AckedFile, type Line, type Op } from './protocol';

const ROUNDS = Number(process.env.IKIT_CRASH_ROUNDS ?? 55);
const SEED = Number(process.env.IKIT_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The temporary names of store/files writeFileAtomic: ".<final name>.<8 hex>.partial". */
const PARTIAL = /^\..+\.[0-9a-f]{8}\.partial$/;
const FINAL = /^[^.].*\.(docx|html)$/;

const here = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);

let work = '';
let childJs = '';
let libFile = '';
let outDir = '';
let failed = true;

/**
 * One ES module holding the worker and the app code it runs, so each of the
 * many starts costs one file read rather than a TypeScript compile. Only the
 * native SQLite binding stays outside (loaded from node_modules). The PDF
 * printer's playwright-core is replaced by a stub that refuses: the worker
 * writes no PDF, and loading playwright would double the start-up time.
 */
async function buildChild(outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(here, 'child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __ikitRequire } from 'node:module'; const require = __ikitRequire(import.meta.url);" },
    plugins: [
      {
        name: 'crash-child',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({
            path: pathToFileURL(requireHere.resolve(args.path)).href,
            external: true,
          }));
          b.onResolve({ filter: /^playwright-core$/ }, () => ({ path: 'playwright-core', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: `export const chromium = { launch() { throw new Error('The crash test writes no PDF.'); } };`,
            loader: 'js',
          }));
        },
      },
    ],
  });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-crash-'));
  childJs = path.join(work, 'child.mjs');
  libFile = path.join(work, 'library.db');
  outDir = path.join(work, 'exports');
  fs.mkdirSync(outDir);
  await buildChild(childJs);
  const { db } = await openLibrary(libFile);
  loadDemo(db);
  create(db, 'questionBanks', { name: SINGLES_BANK, description: 'Questions the crash test adds one at a time.' });
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
  /** Acked export files, by path. */
  files: Map<string, AckedFile>;
}

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
    case 'export-kit':
    case 'export-packet':
      break;
  }
}

/** Did the op that was running at the kill reach the library? (Its whole effect is then checked by verifyModel.) */
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
function verifyStructure(db: Database, where: string): void {
  expect(db.pragma('integrity_check', { simple: true }), `${where}: PRAGMA integrity_check`).toBe('ok');
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

// ---------------------------------------------------------------- one kill

type Mode = 'random' | 'bulk' | 'export' | 'file-appears';

interface Run {
  lines: Line[];
  /** Anything on stdout that is not a line of the protocol. */
  noise: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  trigger: string;
}

/** Typical duration of each kind of op, learned from acks, to aim kills inside them. */
const durations = new Map<string, number[]>();
const typical = (kind: string): number => {
  const ms = [...(durations.get(kind) ?? [])].sort((a, b) => a - b);
  return Math.max(ms[Math.floor(ms.length / 2)] ?? 150, 5);
};
const opKey = (op: Op): string => (op.kind === 'export-kit' && op.big ? 'export-kit big' : op.kind);

/**
 * Starts the worker, waits for it to work, and kills it with SIGKILL at a
 * moment chosen by `mode`; `at` (0 to 1) says where in the chosen window.
 */
function runAndKill(seed: number, mode: Mode, at: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childJs, libFile, outDir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Line[] = [];
    const noise: string[] = [];
    let pending = '';
    let stderr = '';
    let trigger = '';
    const timers: NodeJS.Timeout[] = [];
    let watcher: fs.FSWatcher | null = null;
    let aimed = false;
    const kill = (why: string): void => {
      if (trigger) return;
      trigger = why;
      child.kill('SIGKILL');
    };
    const later = (ms: number, why: string): void => {
      timers.push(setTimeout(() => kill(why), ms));
    };
    const onLine = (line: Line): void => {
      if (line.t === 'ready') {
        if (mode === 'random') later(at * 700, 'random moment');
        else later(1_500, `${mode}: nothing to aim at in 1.5 s`);
        if (mode === 'file-appears') {
          // The first file an export creates: the temporary file, if writes go through one.
          watcher = fs.watch(outDir, (_event, name) => {
            if (name) kill(`${String(name)} appeared`);
          });
        }
      } else if (line.t === 'begin' && !trigger) {
        const kind = opKey(line.op);
        const target = (mode === 'bulk' && kind.startsWith('bulk-')) || (mode === 'export' && kind.startsWith('export-'));
        if (target && !aimed) {
          aimed = true;
          later(at * typical(kind) * 1.2, `during ${kind}`);
        }
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
    timers.push(setTimeout(() => kill('not ready in 15 s'), 15_000));
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      (watcher as fs.FSWatcher | null)?.close();
      // A line cut by the kill (none in practice: each is one write under PIPE_BUF) is not an ack.
      resolve({ lines, noise, signal, code, stderr, trigger });
    });
  });
}

// ---------------------------------------------------------------- the suite

describe('crash safety', () => {
  it(`keeps the library and the exported files whole through ${ROUNDS} SIGKILLs`, async ({ task }) => {
    console.log(`crash safety: seed ${SEED} (replay with IKIT_CRASH_SEED=${SEED})`);
    const started = performance.now();
    const random = rng(SEED);

    const model: Model = {
      questions: new Map(),
      candidates: new Map(),
      benefits: new Map(),
      summaries: new Map(),
      tagline: '',
      bulks: new Map(),
      files: new Map(),
    };
    {
      const { db } = await openLibrary(libFile);
      for (const role of list(db, 'roles')) model.summaries.set(role.id, role.summary);
      model.tagline = getCompany(db)?.tagline ?? '';
      db.close();
    }

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
    };
    const partials = new Set<string>();
    const checkedFiles = new Set<string>();
    const modes = new Map<Mode, number>();
    let lastLogRow = 0;
    let lastSingle: { id: string; text: string } | null = null;

    for (let round = 1; round <= ROUNDS; round++) {
      const r = random();
      const mode: Mode = r < 0.4 ? 'random' : r < 0.65 ? 'bulk' : r < 0.85 ? 'export' : 'file-appears';
      modes.set(mode, (modes.get(mode) ?? 0) + 1);
      const seed = Math.floor(random() * 2 ** 31);
      const run = await runAndKill(seed, mode, random());
      const where = `kill ${round} (seed ${SEED}, ${mode}: ${run.trigger})`;
      expect(run.signal, `${where}: the worker ended on its own (code ${run.code}):\n${run.stderr}`).toBe('SIGKILL');
      expect(run.lines[0]?.t, `${where}: the worker never got ready:\n${run.stderr}`).toBe('ready');
      expect(run.noise, `${where}: stray output from the worker`).toEqual([]);

      // The worker's own account: acked ops are committed; at most the last begun op is in flight.
      const begun = new Map<number, Op>();
      let inFlight: Op | null = null;
      for (const line of run.lines) {
        if (line.t === 'begin') {
          expect(inFlight, `${where}: an op began before the previous one was acked`).toBeNull();
          begun.set(line.seq, line.op);
          inFlight = line.op;
        } else if (line.t === 'ack') {
          const op = begun.get(line.seq);
          if (!op) throw new Error(`${where}: ack of op ${line.seq}, never begun`);
          apply(model, op);
          if (op.kind === 'create-question') lastSingle = { id: op.id, text: op.text };
          if (op.kind.startsWith('export-')) {
            for (const f of line.files ?? []) model.files.set(f.path, f);
          } else {
            tally.committed++;
          }
          const key = opKey(op);
          durations.set(key, [...(durations.get(key) ?? []), line.ms].slice(-25));
          inFlight = null;
        }
      }

      // Reopen as the app does: WAL recovery, then the checks.
      const { db } = await openLibrary(libFile);
      try {
        verifyStructure(db, where);
        if (inFlight === null) tally.betweenOps++;
        else if (inFlight.kind.startsWith('export-')) tally.midExport++;
        else {
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
        tally.records = verifyModel(db, model, where);
        if (lastSingle && model.questions.get(lastSingle.id) === lastSingle.text) {
          const hits = searchQuestions(db, lastSingle.text).map((h) => h.question.id);
          expect(hits, `${where}: search finds the last question added`).toContain(lastSingle.id);
        }

        // Every export the log records is on disk with the recorded bytes.
        const rows = db
          .prepare(`SELECT rowid, path, sha256 FROM export_log WHERE rowid > ? ORDER BY rowid`)
          .all(lastLogRow) as { rowid: number; path: string; sha256: string }[];
        for (const row of rows) {
          expect(fs.existsSync(row.path), `${where}: logged export ${row.path} exists`).toBe(true);
          expect(sha256(fs.readFileSync(row.path)), `${where}: logged export ${row.path}`).toBe(row.sha256);
          lastLogRow = row.rowid;
          tally.logRows++;
        }
        for (const f of model.files.values()) {
          if (checkedFiles.has(f.path)) continue;
          const logged = scalar(db, `SELECT count(*) FROM export_log WHERE path = ? AND sha256 = ?`, f.path, f.sha256);
          expect(logged, `${where}: acked export ${f.path} is in the export log`).toBe(1);
        }
      } finally {
        db.close();
      }

      // Every file under a final name is a complete document; acked ones are the acked bytes.
      for (const name of fs.readdirSync(outDir)) {
        const file = path.join(outDir, name);
        if (PARTIAL.test(name)) {
          partials.add(name);
          continue;
        }
        expect(name, `${where}: unexpected file in the export folder`).toMatch(FINAL);
        if (checkedFiles.has(file)) continue;
        const bytes = fs.readFileSync(file);
        await expectComplete(file, bytes, where);
        const acked = model.files.get(file);
        if (acked) {
          expect({ sha256: sha256(bytes), bytes: bytes.length }, `${where}: ${name}`).toEqual({ sha256: acked.sha256, bytes: acked.bytes });
          tally.filesAcked++;
        } else {
          tally.unackedFinal++;
        }
        checkedFiles.add(file);
        tally.filesChecked++;
      }
      for (const f of model.files.values()) expect(checkedFiles.has(f.path), `${where}: acked export ${f.path} exists`).toBe(true);
      tally.survived++;
    }

    // Files do not change once written: the acked ones still hold their bytes at the end.
    for (const f of model.files.values()) expect(sha256(fs.readFileSync(f.path)), f.path).toBe(f.sha256);

    const seconds = (performance.now() - started) / 1000;

    // The temporary files of cut writes go with the next export into the folder, once old enough
    // to belong to no write still running.
    const leftover = fs.readdirSync(outDir).filter((name) => PARTIAL.test(name));
    expect(leftover.sort(), 'temporary files left by the kills').toEqual([...partials].sort());
    const old = new Date(Date.now() - STALE_TEMP_MS - 1000);
    for (const name of leftover) fs.utimesSync(path.join(outDir, name), old, old);
    const finals = fs.readdirSync(outDir).filter((name) => !PARTIAL.test(name));
    {
      const { db } = await openLibrary(libFile);
      try {
        const role = list(db, 'roles')[0];
        if (!role) throw new Error('the demo library has no role');
        await exportPacket(db, { role: role.id }, { outDir, formats: ['html'] });
      } finally {
        db.close();
      }
    }
    const after = fs.readdirSync(outDir);
    expect(after.filter((name) => PARTIAL.test(name)), 'temporary files after the next export').toEqual([]);
    expect(after.filter((name) => finals.includes(name)).sort(), 'finished exports are kept').toEqual(finals.sort());

    const bulks = tally.bulkCommitted + tally.bulkRolledBack;
    figure(task, 'Crash safety', 'SIGKILLs survived (opens, integrity_check ok, foreign keys and search index whole)', `${tally.survived} of ${ROUNDS}`);
    figure(task, 'Crash safety', 'kill moments', [...modes].map(([m, n]) => `${n} ${m}`).join(', ') + ` (seed ${SEED})`);
    figure(
      task,
      'Crash safety',
      'where kills landed',
      `${tally.midStoreWrite} in a store transaction (${tally.inFlightLanded} found committed, ${tally.midStoreWrite - tally.inFlightLanded} rolled back), ${tally.midExport} in an export, ${tally.betweenOps} between ops`,
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
      `${tally.filesChecked} complete (.docx opens, .html ends): ${tally.filesAcked} acked with matching SHA-256, ${tally.unackedFinal} renamed just before the kill; ${tally.logRows} export-log rows match their files`,
    );
    figure(
      task,
      'Crash safety',
      'temporary .partial files left by kills mid-write',
      `${partials.size}, never under a final name; all removed by the next export into the folder once ${STALE_TEMP_MS / 60_000} minutes old`,
    );
    figure(task, 'Crash safety', 'time', `${seconds.toFixed(1)} s for ${ROUNDS} kills`);
    failed = false;
  }, 240_000);
});
