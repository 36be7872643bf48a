/**
 * The batch export's data: the plan (what to write, where), progress, the
 * result, and the messages between the coordinating thread and its workers.
 * Everything here is plain data, so it crosses thread boundaries as is.
 */
import type { HiringEvent, Library } from '../../../shared/schemas';
import type { KitOptions } from '../../documents/compose-kit';
import type { PacketOptions } from '../../documents/compose-packet';

export const BATCH_FORMATS = ['docx', 'pdf'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];
export type DocKind = 'kit' | 'packet';

/** One document of one candidate: a kit for one stage, or the packet. */
export interface PlannedDocument {
  /** Stable: candidate id, kind and stage id. */
  id: string;
  kind: DocKind;
  candidateId: string;
  candidateName: string;
  roleId: string;
  stageId: string | null;
  /** "kit: Team interview" or "packet": what the manifest and errors call it. */
  label: string;
  /** Documents with the same key are made from one template. */
  templateKey: string;
  /** Exactly what composeKit / composePacket are called with for this candidate. */
  kit: KitOptions | null;
  packet: PacketOptions | null;
  /** File name (in the event folder) per format; empty in combined mode. */
  files: Partial<Record<BatchFormat, string>>;
  /** When the document's content last changed: written into the file, so a rerun makes identical bytes. */
  stamp: string;
}

export interface CombinedFiles {
  kit: Partial<Record<BatchFormat, string>>;
  packet: Partial<Record<BatchFormat, string>>;
}

export interface PlanProblem {
  candidate: string;
  document: string;
  reason: string;
}

export interface BatchPlan {
  event: HiringEvent;
  /** Absolute path of `<out>/<safe event name>/`. */
  folder: string;
  formats: BatchFormat[];
  combined: boolean;
  /** The library as plain data: everything but the event's candidates is left out of `candidates`. */
  library: Library;
  /** In print order: candidates by interview time, then name; each one's kits by stage, then the packet. */
  documents: PlannedDocument[];
  /** Combined mode: one file per document type and format. */
  combinedFiles: CombinedFiles;
  /** Candidates that cannot have documents (no role, unknown role). */
  problems: PlanProblem[];
}

// ---------------------------------------------------------------- progress and result

export interface BatchProgress {
  /** Files finished (written, skipped or failed); in combined mode, documents added to the print files. */
  done: number;
  total: number;
  elapsedMs: number;
  /** Null until the first file is finished. */
  etaMs: number | null;
  /** What was finished last: "Ana Ruiz · kit: Team interview (docx)". */
  current: string;
}

export interface BatchFile {
  kind: DocKind;
  /** Null for a combined print file. */
  candidateId: string | null;
  roleId: string | null;
  candidate: string;
  document: string;
  format: BatchFormat;
  /** Absolute path. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface BatchFailure {
  candidate: string;
  document: string;
  reason: string;
  format?: BatchFormat;
}

/** Where a worker's time went, in milliseconds from its start. */
export interface WorkerTimings {
  /** Starting the thread and loading the code. */
  loadMs: number;
  /** Composing patterns and rendering templates. */
  templateMs: number;
  /** Filling, zipping and writing each document. */
  documentMs: number;
}

export interface BatchStats {
  workers: number;
  /** Peak resident memory of the process (the workers are threads of it), sampled every 25 ms. */
  peakRssBytes: number;
  /** Each worker's own peak V8 heap, as it reported it. */
  workerPeakHeapBytes: number[];
  /** Templates rendered (once per role and stage, or role), and documents made without one. */
  templates: number;
  fullRenders: number;
  workerTimings: WorkerTimings[];
}

export interface BatchResult {
  written: BatchFile[];
  skipped: BatchFile[];
  failed: BatchFailure[];
  manifestPath: string;
  cancelled: boolean;
  elapsedMs: number;
  stats: BatchStats;
}

// ---------------------------------------------------------------- worker protocol

/** A share of the work: all documents of some templates, or one combined print file. */
export type WorkUnit =
  | { kind: 'documents'; templateKey: string; docs: PlannedDocument[] }
  | { kind: 'combined'; docKind: DocKind; docs: PlannedDocument[]; files: Partial<Record<BatchFormat, string>> };

export interface WorkerInput {
  library: Library;
  event: HiringEvent;
  folder: string;
  formats: BatchFormat[];
  units: WorkUnit[];
  /** Int32 flag: 1 = stop after the current document. */
  abort: SharedArrayBuffer;
  /** PDF documents the worker may hand over before it waits for the printer. */
  pdfCredit: number;
  /** When the worker was started (epoch milliseconds), to measure its start-up. */
  spawnedAt: number;
}

export type DocStatus = 'written' | 'skipped' | 'failed';

export type WorkerMessage =
  | {
      type: 'file';
      docId: string;
      format: BatchFormat;
      status: DocStatus;
      file: string;
      sha256: string;
      bytes: number;
      reason: string;
    }
  /** Combined mode: one more document is in the print file. */
  | { type: 'added'; docId: string; format: BatchFormat }
  /** A combined print file is complete (or failed); its documents are listed by id. */
  | { type: 'combined'; docKind: DocKind; format: BatchFormat; file: string; sha256: string; bytes: number; status: DocStatus; reason: string }
  /** HTML to print to PDF: one document, or a combined print file (docIds lists what is in it). */
  | { type: 'html'; docIds: string[]; file: string; html: string; source: string; combined: DocKind | null }
  | { type: 'stats'; peakHeapBytes: number; templates: number; fullRenders: number; timings: WorkerTimings }
  | { type: 'done'; cancelled: boolean }
  | { type: 'fatal'; reason: string };

export type MainMessage = { type: 'pdf-ack' };
