/**
 * The hiring-event batch export: every candidate's kits and packet for an
 * event, made from one template per role and stage, on worker threads, with
 * progress, cancel and resume; and the event-day sheets.
 *
 *   const plan = planBatch(db, 'Spring Hiring Day', { outDir, formats: ['docx'] });
 *   const result = await runBatch(plan, { onProgress, signal });
 *   logBatch(db, plan, result);
 */
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

/** Records the files a run wrote in the library's export log (skipped files were logged when written). */
export function logBatch(db: Database, plan: BatchPlan, result: BatchResult): void {
  const roles = new Map(plan.library.roles.map((r) => [r.id, r.title]));
  const stages = new Map(plan.library.stages.map((s) => [s.id, s.name]));
  const byDoc = new Map(plan.documents.map((d) => [`${d.candidateId}|${d.label}`, d]));
  tx(db, () => {
    for (const f of result.written) {
      const doc = f.candidateId ? byDoc.get(`${f.candidateId}|${f.document}`) : undefined;
      const subject = doc
        ? [doc.candidateName, roles.get(doc.roleId) ?? '', doc.stageId ? (stages.get(doc.stageId) ?? '') : ''].filter(Boolean).join(', ')
        : `${plan.event.name}: ${f.document}`;
      logExport(db, { kind: f.kind, format: f.format, subject, candidateId: f.candidateId, roleId: f.roleId, path: f.file, sha256: f.sha256 });
    }
  });
}
