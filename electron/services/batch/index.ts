/**
 * The hiring-event batch export: every candidate's kits and packet for an
 * event, made from one template per role and stage, on worker threads, with
 * progress, cancel and resume; and the event-day sheets.
 *
 *   const plan = planBatch(db, 'Spring Hiring Day', { outDir, formats: ['docx'] });
 *   const result = await runBatch(plan, { onProgress, signal });
 *   logBatch(db, plan, result);
 */
import path from 'node:path';
import { tx, logExport, type Database } from '../../store';
import type { BatchPlan, BatchResult } from './types';

export { planBatch, planFromLibrary, parseBatchFormats, eventFolderName, libraryStamp } from './plan';
export type { PlanOptions } from './plan';
export { runBatch, defaultWorkerEntry, shareWork } from './run';
export type { RunOptions, WorkerEntry } from './run';
export { writeEventSheets } from './sheets';
export type { SheetsResult } from './sheets';
export { assignFileNames, documentFileName } from './names';
export type { NameRequest } from './names';
export { csvCell, manifestCsv, MANIFEST } from './manifest';
export type {
  BatchFailure,
  BatchFile,
  BatchFormat,
  BatchPlan,
  BatchProgress,
  BatchResult,
  BatchStats,
  WorkerTimings,
  DocKind,
  PlannedDocument,
  PlanProblem,
} from './types';
export { BATCH_FORMATS } from './types';

/**
 * Records the files a run wrote in the library's export log. A file skipped
 * (the same bytes were there) was logged by the run that wrote it, unless
 * that run was cut short (a crash, a kill) between writing and logging: such
 * a file, whose latest entry in the log has other bytes or none, is logged now.
 */
export function logBatch(db: Database, plan: BatchPlan, result: BatchResult): void {
  const roles = new Map(plan.library.roles.map((r) => [r.id, r.title]));
  const stages = new Map(plan.library.stages.map((s) => [s.id, s.name]));
  const byDoc = new Map(plan.documents.map((d) => [`${d.candidateId}|${d.label}`, d]));
  tx(db, () => {
    const logged = result.skipped.length > 0 ? latestLogged(db, plan.folder) : new Map<string, string>();
    const unlogged = result.skipped.filter((f) => logged.get(f.file) !== f.sha256);
    for (const f of [...result.written, ...unlogged]) {
      const doc = f.candidateId ? byDoc.get(`${f.candidateId}|${f.document}`) : undefined;
      const subject = doc
        ? [doc.candidateName, roles.get(doc.roleId) ?? '', doc.stageId ? (stages.get(doc.stageId) ?? '') : ''].filter(Boolean).join(', ')
        : `${plan.event.name}: ${f.document}`;
      logExport(db, { kind: f.kind, format: f.format, subject, candidateId: f.candidateId, roleId: f.roleId, path: f.file, sha256: f.sha256 });
    }
  });
}

/** The SHA-256 of each file in `folder` as the export log last recorded it (one pass over the log). */
function latestLogged(db: Database, folder: string): Map<string, string> {
  const prefix = folder + path.sep;
  // SQLite takes the bare column sha256 from the row holding max(rowid): each path's latest entry.
  const rows = db
    .prepare(`SELECT path, sha256, max(rowid) FROM export_log WHERE substr(path, 1, length(?)) = ? GROUP BY path`)
    .all(prefix, prefix) as { path: string; sha256: string }[];
  return new Map(rows.map((r) => [r.path, r.sha256]));
}
