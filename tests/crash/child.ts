/**
 * The crash-test worker: a separate Node process that opens a library and
 * keeps changing it, exporting from it, running the hiring event's batch,
 * backing it up and restoring it, through the app's own store, export and
 * batch functions, until the test kills it with SIGKILL.
 *
 *   node child.mjs '<ChildConfig as JSON>'
 *
 * Each op is announced (`begin`) before it runs and acknowledged (`ack`) after
 * it returned; see protocol.ts for why an ack means "committed".
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  backupLibrary,
  create,
  list,
  openLibrary,
  remove,
  restoreLibrary,
  saveCompany,
  sha256,
  tx,
  update,
  type Database,
} from '../../electron/store';
import { BatchJobs } from '../../electron/services/batch-jobs';
import { exportKit, exportPacket } from '../../electron/services/documents';
import { BULK_PREFIX, SINGLES_BANK, rng, type AckedFile, type ChildConfig, type Line, type Op, type OpKind } from './protocol';

function usage(): never {
  process.stderr.write("usage: child '<config as JSON>'\n");
  process.exit(2);
}
const config = JSON.parse(process.argv[2] ?? usage()) as ChildConfig;
const { library: file, exports: outDir, seed } = config;
const random = rng(seed);
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/** One line to the test, with write(2) itself: nothing is left in a buffer of this process. */
function say(line: Line): void {
  const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
  for (let at = 0; at < bytes.length; ) {
    try {
      at += fs.writeSync(1, bytes, at, bytes.length - at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

// Never outlive the test: if no kill came, something is wrong, and the test says so.
setTimeout(() => {
  process.stderr.write('crash child: not killed within 20 s\n');
  process.exit(3);
}, 20_000).unref();

const BULK_QUESTIONS = 800;
const BULK_IN_STAGE = 40;
/** How much more often the op kinds the test aims at are chosen. */
const FAVOUR = 8;
const probes = [
  { text: 'What did you do first, and why?', reflection: false },
  { text: 'What would you do differently now?', reflection: false },
  { text: 'What did that experience teach you? How does it shape how you solve problems today?', reflection: true },
];

function state(db: Database) {
  const banks = list(db, 'questionBanks');
  const singles = banks.find((b) => b.name === SINGLES_BANK);
  if (!singles) throw new Error(`The library has no "${SINGLES_BANK}" bank; seed it first.`);
  const stages = list(db, 'stages');
  const bulks = banks
    .filter((b) => b.name.startsWith(BULK_PREFIX))
    .map((b) => ({ bank: b, stage: stages.find((s) => s.name === b.name) }));
  const roles = list(db, 'roles');
  return {
    singlesBankId: singles.id,
    singleQuestionIds: (
      db.prepare(`SELECT id FROM questions WHERE bank_id = ?`).all(singles.id) as { id: string }[]
    ).map((r) => r.id),
    bulks,
    roles,
    stages,
    competencies: list(db, 'competencies'),
    candidates: list(db, 'candidates').filter((c) => !c.name.startsWith('Crash ')),
    /** Roles a bulk stage may go to: not the event's, so its batch stays the same set of documents. */
    bulkRoles: roles.filter((r) => !config.eventRoleIds.includes(r.id)),
  };
}

type State = ReturnType<typeof state>;

/** The next op, chosen by the seeded generator from what the library holds now. */
function nextOp(s: State, seq: number): Op {
  const marker = `${seed.toString(36)}-${seq}`;
  const weights: [Op['kind'], number][] = [
    ['create-question', 4],
    ['create-candidate', 2],
    ['create-benefit', 1],
    ['remove-question', s.singleQuestionIds.length > 0 ? 2 : 0],
    ['update-roles', 2],
    ['update-company', 1],
    ['bulk-insert', s.bulks.length < 2 ? 1.5 : 0],
    ['bulk-delete', s.bulks.length > 0 ? 1 : 0],
    ['export-kit', 2],
    ['export-packet', 1],
    ['batch', 0.15],
    ['backup', 0.5],
    ['restore', 0.4],
  ];
  for (const w of weights) {
    if (config.favour.includes(w[0])) w[1] *= FAVOUR;
    // A worker resuming a cut batch runs no other: the test then finds the folder as the resumed run left it.
    if (w[0] === 'batch' && config.resumeBatch) w[1] = 0;
  }
  let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
  const kind = (weights.find(([, w]) => (r -= w) < 0) ?? weights[0]!)[0];
  const role = pick(s.roles);
  const candidateId = random() < 0.8 ? pick(s.candidates).id : null;
  switch (kind) {
    case 'create-question':
      return { kind, id: randomUUID(), bankId: s.singlesBankId, text: `crash-q ${marker}: tell me about a time a customer changed your mind` };
    case 'create-candidate':
      return { kind, id: randomUUID(), name: `Crash ${marker}`, roleId: role.id };
    case 'create-benefit':
      return { kind, id: randomUUID(), name: `crash-benefit ${marker}` };
    case 'remove-question':
      return { kind, id: pick(s.singleQuestionIds) };
    case 'update-roles': {
      const other = pick(s.roles.filter((r) => r.id !== role.id));
      return { kind, ids: [role.id, other.id], summary: `crash-summary ${marker}` };
    }
    case 'update-company':
      return { kind, tagline: `crash-tagline ${marker}` };
    case 'bulk-insert':
      return {
        kind,
        bankId: randomUUID(),
        stageId: randomUUID(),
        roleId: pick(s.bulkRoles).id,
        name: `${BULK_PREFIX} ${marker}`,
        n: BULK_QUESTIONS,
        inStage: BULK_IN_STAGE,
      };
    case 'bulk-delete': {
      const bulk = pick(s.bulks);
      if (!bulk.stage) throw new Error(`bulk bank "${bulk.bank.name}" has no stage: a bulk transaction was cut in half`);
      return { kind, bankId: bulk.bank.id, stageId: bulk.stage.id, name: bulk.bank.name, n: BULK_QUESTIONS };
    }
    case 'export-kit': {
      const bigStages = s.bulks.flatMap((b) => (b.stage ? [b.stage] : []));
      const big = bigStages.length > 0 && random() < 0.5;
      const stage = big ? pick(bigStages) : pick(s.stages.filter((st) => !st.name.startsWith(BULK_PREFIX)));
      return { kind, roleId: stage.roleId, stageId: stage.id, candidateId, big };
    }
    case 'export-packet':
      return { kind, roleId: role.id, candidateId };
    case 'batch':
      return { kind, eventId: config.eventId, resume: false };
    case 'backup':
      return { kind, file: path.join(config.backups, `backup-${marker}.ikit-backup`) };
    case 'restore':
      return { kind, file: path.join(config.backups, `restore-${marker}.ikit-backup`) };
  }
}

function acked(target: string, format: string): AckedFile {
  const bytes = fs.readFileSync(target);
  return { path: target, format, sha256: sha256(bytes), bytes: bytes.length };
}

/** The event's batch as the window runs it: BatchJobs plans, runs on worker threads and logs it. */
async function runEventBatch(eventId: string): Promise<Ack> {
  const jobs = new BatchJobs(db, () => Promise.reject(new Error('The crash test prints no PDF.')));
  const { id } = await jobs.start(eventId, config.batches, ['docx'], false);
  await jobs.settle();
  const status = jobs.status(id);
  if (status.state !== 'done' || status.failed.length > 0) {
    throw new Error(`the batch ended ${status.state}: ${status.error ?? JSON.stringify(status.failed)}`);
  }
  return { batch: { folder: status.folder, written: status.written, skipped: status.skipped } };
}

type Ack = Pick<Extract<Line, { t: 'ack' }>, 'files' | 'batch' | 'restore'>;

async function run(s: State, seq: number, op: Op): Promise<Ack | undefined> {
  const competencyId = pick(s.competencies).id;
  switch (op.kind) {
    case 'create-question':
      create(db, 'questions', { id: op.id, bankId: op.bankId, text: op.text, type: 'behavioural', competencyIds: [competencyId], probes, minutes: 5 });
      return;
    case 'create-candidate':
      create(db, 'candidates', { id: op.id, name: op.name, roleId: op.roleId, email: 'crash@example.com' });
      return;
    case 'create-benefit':
      create(db, 'benefits', { id: op.id, name: op.name, category: 'perks', description: 'Written by the crash test.' });
      return;
    case 'remove-question':
      remove(db, 'questions', op.id);
      return;
    case 'update-roles':
      tx(db, () => {
        for (const id of op.ids) update(db, 'roles', id, { summary: op.summary });
      });
      return;
    case 'update-company':
      saveCompany(db, { tagline: op.tagline });
      return;
    case 'bulk-insert':
      tx(db, () => {
        create(db, 'questionBanks', { id: op.bankId, name: op.name, description: 'Written in one transaction by the crash test.' });
        const ids: string[] = [];
        for (let i = 0; i < op.n; i++) {
          const q = create(db, 'questions', {
            bankId: op.bankId,
            text: `${op.name} #${i}: describe a problem you solved for a customer under time pressure`,
            type: 'behavioural',
            competencyIds: [competencyId],
            probes,
            listenFor: 'A concrete situation, what the candidate did, and what changed because of it. '.repeat(4),
            redFlags: 'Blames others; no example; cannot say what they learned.',
            minutes: 1,
          });
          ids.push(q.id);
        }
        create(db, 'stages', {
          id: op.stageId,
          roleId: op.roleId,
          name: op.name,
          position: 9,
          durationMinutes: 480,
          format: 'in-person',
          focusCompetencyIds: [competencyId],
          questionIds: ids.slice(0, op.inStage),
        });
      });
      return;
    case 'bulk-delete':
      tx(db, () => {
        remove(db, 'questionBanks', op.bankId, { cascade: true });
        remove(db, 'stages', op.stageId);
      });
      return;
    case 'export-kit': {
      const req = { role: op.roleId, stage: op.stageId, ...(op.candidateId ? { candidate: op.candidateId } : {}) };
      return { files: (await exportKit(db, req, { outDir, formats: ['docx', 'html'] })).files };
    }
    case 'export-packet': {
      const req = { role: op.roleId, ...(op.candidateId ? { candidate: op.candidateId } : {}) };
      return { files: (await exportPacket(db, req, { outDir, formats: ['docx', 'html'] })).files };
    }
    case 'batch':
      return runEventBatch(op.eventId);
    case 'backup':
      return { files: [acked(await backupLibrary(db, op.file), 'backup')] };
    case 'restore': {
      // As the window does it: close the library, restore, open it again.
      const source = acked(await backupLibrary(db, op.file), 'backup');
      db.close();
      say({ t: 'mark', seq, step: 'restoring', ino: fs.statSync(file).ino });
      const started = performance.now();
      const result = await restoreLibrary(file, op.file);
      const restoreMs = Math.round(performance.now() - started);
      ({ db } = await openLibrary(file));
      return { files: [source], restore: { keptAt: result.previousKeptAt, restoreMs } };
    }
  }
}

/** Changes the library's content: the state the next ops are chosen from is read again. */
const changes = (kind: OpKind): boolean =>
  !['export-kit', 'export-packet', 'update-company', 'update-roles', 'batch', 'backup', 'restore'].includes(kind);

let { db } = await openLibrary(file);
let s = state(db);
say({ t: 'ready', pid: process.pid });
for (let seq = 1; ; seq++) {
  const op: Op = seq === 1 && config.resumeBatch ? { kind: 'batch', eventId: config.eventId, resume: true } : nextOp(s, seq);
  say({ t: 'begin', seq, op });
  const started = performance.now();
  const ack = await run(s, seq, op);
  const ms = Math.round(performance.now() - started);
  say({ t: 'ack', seq, ms, ...ack });
  if (changes(op.kind)) s = state(db);
}
