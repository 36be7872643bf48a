/**
 * What the crash-test worker (child.ts) tells the test (crash-safety.test.ts),
 * one JSON object a line on its stdout:
 *
 *   { t: 'ready' }                     the library is open, work starts
 *   { t: 'begin', seq, op }            about to run `op` (ids chosen up front)
 *   { t: 'mark', seq, step }           `op` reached `step` (a restore: the
 *                                      library is closed, restoreLibrary starts)
 *   { t: 'ack', seq, ms, files? }      `op` returned: its transaction committed,
 *                                      its files were renamed into place (a
 *                                      batch: the run finished and was logged;
 *                                      a restore: the library is open again)
 *
 * An ack is written only after the store or export function has returned, with
 * a synchronous write(2) to the pipe: once written, it reaches the test even if
 * the worker is killed the next instant. So every ack is a committed change,
 * and at most one op (the last `begin` without an ack) is in flight at a kill.
 */

export type Op =
  | { kind: 'create-question'; id: string; bankId: string; text: string }
  | { kind: 'create-candidate'; id: string; name: string; roleId: string }
  | { kind: 'create-benefit'; id: string; name: string }
  | { kind: 'remove-question'; id: string }
  /** Two roles' summaries set to one value in one transaction. */
  | { kind: 'update-roles'; ids: [string, string]; summary: string }
  | { kind: 'update-company'; tagline: string }
  /** One transaction: a bank, `n` questions in it, and a stage asking `inStage` of them. */
  | { kind: 'bulk-insert'; bankId: string; stageId: string; roleId: string; name: string; n: number; inStage: number }
  /** One transaction: the bank deleted with its questions (cascade), then its stage. */
  | { kind: 'bulk-delete'; bankId: string; stageId: string; name: string; n: number }
  | { kind: 'export-kit'; roleId: string; stageId: string; candidateId: string | null; big: boolean }
  | { kind: 'export-packet'; roleId: string; candidateId: string | null }
  /**
   * The hiring event's batch export (.docx), through the app's BatchJobs:
   * planBatch, runBatch on worker threads, logBatch. `resume`: the run that
   * follows a kill mid-batch, first thing in the next worker.
   */
  | { kind: 'batch'; eventId: string; resume: boolean }
  /** backupLibrary to `file` (a new name in the backup folder). */
  | { kind: 'backup'; file: string }
  /**
   * What a user does to go back to a backup, made so the library's content does
   * not change: backupLibrary to `file`, close the library, restoreLibrary from
   * `file`, open the library again. Acked once it is open again.
   */
  | { kind: 'restore'; file: string };

export type OpKind = Op['kind'];

export interface AckedFile {
  path: string;
  format: string;
  sha256: string;
  bytes: number;
}

/** What a batch run reported when it ended (BatchJobs' status). */
export interface BatchAck {
  folder: string;
  written: number;
  skipped: number;
}

/** What restoreLibrary returned, and how long it took (the library closed throughout). */
export interface RestoreAck {
  keptAt: string | null;
  restoreMs: number;
}

export type Line =
  | { t: 'ready'; pid: number }
  | { t: 'begin'; seq: number; op: Op }
  /** `ino`: the library file's inode then, to tell afterwards whether restoreLibrary swapped it. */
  | { t: 'mark'; seq: number; step: 'restoring'; ino: number }
  | { t: 'ack'; seq: number; ms: number; files?: AckedFile[]; batch?: BatchAck; restore?: RestoreAck };

/** How the test starts a worker (one JSON argument). */
export interface ChildConfig {
  library: string;
  /** Kits and packets go here. */
  exports: string;
  seed: number;
  /** Event batches go into a folder in here. */
  batches: string;
  backups: string;
  /** The hiring event of the batch op. */
  eventId: string;
  /** Roles of the event's candidates: bulk stages are added to other roles, so the event's documents stay the same set. */
  eventRoleIds: string[];
  /** First thing, run the batch a kill cut short. */
  resumeBatch: boolean;
  /** Op kinds to choose more often (the test is aiming a kill at them). */
  favour: OpKind[];
}

/** Names the worker gives what it makes, so the test can find them. */
export const SINGLES_BANK = 'Crash singles';
export const BULK_PREFIX = 'crash-bulk';

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
