/**
 * runBatch: makes a plan's files off the calling thread.
 *
 * The work is split by template (a role and stage's kits, a role's packets)
 * over worker threads, one per core, balanced by cost; a template with many
 * candidates is shared by several workers. Workers write the Word files; the
 * calling thread only prints PDFs (one browser, pages reused), reports
 * progress, and writes the manifest. Cancelling sets a flag the workers check
 * between documents: they stop within a second, and any worker that has not
 * stopped by then is ended and its temporary files removed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { messageOf } from '../../../shared/errors';
import type { HtmlPrinter } from '../documents';
import { STALE_TEMP_MS, appendJournal, compactJournal, fileSha256, readJournal, removeStaleTemps, sha256, syncDir, writeFileAtomic, type JournalEntry } from './files';
import { writeManifest, type ManifestRow } from './manifest';
import type { BatchPrinter } from './printer';
import type {
  BatchFailure,
  BatchFile,
  BatchFormat,
  BatchPlan,
  BatchProgress,
  BatchResult,
  DocKind,
  MainMessage,
  PlannedDocument,
  WorkerInput,
  WorkerMessage,
  WorkerTimings,
  WorkUnit,
} from './types';

export interface RunOptions {
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
  /** Worker threads; default one per core (os.availableParallelism()). */
  workers?: number;
  /** Prints HTML to PDF (Electron's printToPDF in the app); by default Chromium is started for the run. */
  printer?: HtmlPrinter | null;
  /** The worker's entry; by default the one next to this module (see defaultWorkerEntry). */
  workerEntry?: WorkerEntry;
}

export interface WorkerEntry {
  url: URL;
  /** TypeScript source: the worker loads it through tsx. */
  source: boolean;
}

/** Cost of rendering a template, in documents filled from one. */
const TEMPLATE_COST = 150;
const PDF_CREDIT = 3;
const HEARTBEAT_MS = 100;
const STOP_GRACE_MS = 900;

/**
 * Next to this module: worker.ts when running from source (tests, the CLI,
 * benchmarks, through tsx), batch-worker.js when bundled into the app's main
 * process (electron-vite builds electron/services/batch/worker.ts as that entry).
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  return here.endsWith('.ts') ? { url: new URL('./worker.ts', here), source: true } : { url: new URL('./batch-worker.js', here), source: false };
}

function tsxLoaderUrl(): string {
  const resolve = (import.meta as ImportMeta & { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve('tsx/esm/api');
  const require = createRequire(import.meta.url);
  return new URL('dist/esm/api/index.mjs', `file://${path.dirname(require.resolve('tsx/package.json'))}/`).href;
}

/**
 * V8 grows a worker's heap on the renderer's garbage and is slow to give it
 * back; caps keep each worker under about 70 MB (measured: 8 MB of young
 * generation costs no time here, and saves about 25 MB a worker over the
 * default). A worker that runs out anyway (an enormous document) is
 * restarted without the caps for what it had left.
 */
const HEAP_CAP_MB = 96;
const YOUNG_MB = 8;

function spawnWorker(entry: WorkerEntry, data: WorkerInput, capped: boolean): Worker {
  const resourceLimits = capped ? { maxOldGenerationSizeMb: HEAP_CAP_MB, maxYoungGenerationSizeMb: YOUNG_MB } : {};
  if (!entry.source) return new Worker(entry.url, { workerData: data, resourceLimits });
  // Node 20 cannot start a worker from a .ts file even with --import tsx: register tsx first, then import.
  const code = `import(${JSON.stringify(tsxLoaderUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry.url.href)}); });`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}

const outOfMemory = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';

// ---------------------------------------------------------------- sharing the work

function unitsOf(plan: BatchPlan): WorkUnit[] {
  if (plan.combined) {
    return (['kit', 'packet'] as const)
      .map((docKind): WorkUnit => ({ kind: 'combined', docKind, docs: plan.documents.filter((d) => d.kind === docKind), files: plan.combinedFiles[docKind] }))
      .filter((u) => u.docs.length > 0);
  }
  const groups = new Map<string, PlannedDocument[]>();
  for (const d of plan.documents) {
    const group = groups.get(d.templateKey);
    if (group) group.push(d);
    else groups.set(d.templateKey, [d]);
  }
  return [...groups].map(([templateKey, docs]) => ({ kind: 'documents', templateKey, docs }));
}

const costOf = (u: WorkUnit): number => TEMPLATE_COST + u.docs.length;

/** Large templates split into pieces, then the longest first onto the least loaded worker. */
export function shareWork(units: readonly WorkUnit[], workers: number): WorkUnit[][] {
  const target = units.reduce((s, u) => s + costOf(u), 0) / workers;
  const pieces = units.flatMap((u): WorkUnit[] => {
    const parts = u.kind === 'documents' ? Math.min(workers, Math.round(costOf(u) / target)) : 1;
    if (parts <= 1) return [u];
    const size = Math.ceil(u.docs.length / parts);
    return Array.from({ length: parts }, (_, i) => ({ ...u, docs: u.docs.slice(i * size, (i + 1) * size) })).filter((p) => p.docs.length > 0);
  });
  const bins = Array.from({ length: workers }, () => ({ cost: 0, units: [] as WorkUnit[] }));
  for (const u of [...pieces].sort((a, b) => costOf(b) - costOf(a))) {
    const bin = bins.reduce((least, b) => (b.cost < least.cost ? b : least));
    bin.units.push(u);
    bin.cost += costOf(u);
  }
  return bins.map((b) => b.units).filter((u) => u.length > 0);
}

// ---------------------------------------------------------------- the run

interface WorkerState {
  worker: Worker;
  units: WorkUnit[];
  capped: boolean;
  /** "docId|format" not yet finished. */
  pending: Set<string>;
  done: boolean;
  exited: boolean;
  forced: boolean;
}

interface PrintJob {
  docIds: string[];
  file: string;
  html: string;
  source: string;
  combined: DocKind | null;
  from: WorkerState;
}

const key = (docId: string, format: BatchFormat): string => `${docId}|${format}`;

class BatchRun {
  private readonly started = performance.now();
  private readonly docs: Map<string, PlannedDocument>;
  private readonly order: Map<string, number>;
  private readonly written: BatchFile[] = [];
  private readonly skipped: BatchFile[] = [];
  private readonly failed: BatchFailure[];
  private readonly rows: { rank: number; row: ManifestRow }[] = [];
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly journal: Map<string, JournalEntry>;
  private readonly queue: PrintJob[] = [];
  private readonly workers: WorkerState[] = [];
  private readonly workerHeaps: number[] = [];
  private readonly workerTimings: WorkerTimings[] = [];
  private printer: BatchPrinter | null = null;
  private printerError: string | null = null;
  private ownPrinter = false;
  private printing = 0;
  private total = 0;
  private done = 0;
  private current = '';
  private lastEmit = 0;
  private peakRss = process.memoryUsage.rss();
  private templates = 0;
  private fullRenders = 0;
  private cancelled = false;
  private settle: () => void = () => undefined;

  constructor(
    private readonly plan: BatchPlan,
    private readonly opts: RunOptions,
  ) {
    this.docs = new Map(plan.documents.map((d) => [d.id, d]));
    this.order = new Map(plan.documents.map((d, i) => [d.id, i]));
    this.failed = plan.problems.map((p) => ({ ...p }));
    this.journal = new Map();
  }

  async run(): Promise<BatchResult> {
    const { plan } = this;
    fs.mkdirSync(plan.folder, { recursive: true });
    removeStaleTemps(plan.folder, STALE_TEMP_MS);
    for (const [file, entry] of readJournal(plan.folder)) this.journal.set(file, entry);
    const shares = shareWork(unitsOf(plan), Math.max(1, this.opts.workers ?? os.availableParallelism()));
    this.total = plan.documents.length * plan.formats.length;
    const sampler = setInterval(() => this.sample(), 25);
    const heartbeat = setInterval(() => performance.now() - this.lastEmit >= HEARTBEAT_MS && this.emit(), HEARTBEAT_MS);
    const onAbort = (): void => this.abort();
    this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (this.opts.signal?.aborted) this.cancelled = true;
      else if (shares.length > 0) await this.work(shares);
    } finally {
      clearInterval(sampler);
      clearInterval(heartbeat);
      this.opts.signal?.removeEventListener('abort', onAbort);
      if (this.ownPrinter) await this.printer?.close().catch(() => undefined);
    }
    if (this.workers.some((w) => w.forced)) removeStaleTemps(plan.folder, 0);
    // One flush of the folder makes every rename into it durable (a flush per file would cost a disk sync each).
    syncDir(plan.folder);
    this.emit();
    return this.finish();
  }

  private async work(shares: WorkUnit[][]): Promise<void> {
    const finished = new Promise<void>((resolve) => (this.settle = resolve));
    const printerReady = this.plan.formats.includes('pdf') ? this.startPrinter() : Promise.resolve();
    for (const units of shares) this.startWorker(units);
    await printerReady;
    this.pump();
    await finished;
  }

  private async startPrinter(): Promise<void> {
    try {
      // Loaded only for PDF: the browser driver takes half a second to load.
      const { PagePoolPrinter, borrowedPrinter } = await import('./printer');
      if (this.opts.printer) this.printer = borrowedPrinter(this.opts.printer);
      else {
        this.printer = await PagePoolPrinter.launch(2);
        this.ownPrinter = true;
      }
    } catch (err) {
      this.printerError = messageOf(err);
    }
  }

  private startWorker(units: WorkUnit[], capped = true): void {
    const candidateIds = new Set(units.flatMap((u) => u.docs.map((d) => d.candidateId)));
    const data: WorkerInput = {
      library: { ...this.plan.library, candidates: this.plan.library.candidates.filter((c) => candidateIds.has(c.id)) },
      event: this.plan.event,
      folder: this.plan.folder,
      formats: this.plan.formats,
      units,
      abort: this.flag.buffer as SharedArrayBuffer,
      pdfCredit: PDF_CREDIT,
      spawnedAt: performance.timeOrigin + performance.now(),
    };
    const state: WorkerState = {
      worker: spawnWorker(this.opts.workerEntry ?? defaultWorkerEntry(), data, capped),
      units,
      capped,
      pending: new Set(units.flatMap((u) => u.docs.flatMap((d) => this.plan.formats.map((f) => key(d.id, f))))),
      done: false,
      exited: false,
      forced: false,
    };
    state.worker.on('message', (m: WorkerMessage) => this.onMessage(state, m));
    state.worker.on('error', (err) => {
      if (outOfMemory(err) && state.capped && !this.cancelled) this.restartUncapped(state);
      else this.lose(state, `a worker stopped: ${messageOf(err)}`);
    });
    state.worker.on('exit', () => {
      state.exited = true;
      if (!state.done) this.lose(state, 'a worker stopped unexpectedly');
      this.check();
    });
    this.workers.push(state);
  }

  // ---- messages from workers

  private onMessage(state: WorkerState, m: WorkerMessage): void {
    switch (m.type) {
      case 'file':
        this.onFile(state, m.docId, m.format, m.status, m.file, m.sha256, m.bytes, m.reason);
        break;
      case 'added':
        state.pending.delete(key(m.docId, m.format));
        this.progress(m.docId, m.format);
        break;
      case 'combined':
        this.onCombined(state, m.docKind, m.format, m.status, m.file, m.sha256, m.bytes, m.reason);
        break;
      case 'html':
        this.queue.push({ docIds: m.docIds, file: m.file, html: m.html, source: m.source, combined: m.combined, from: state });
        this.pump();
        break;
      case 'stats':
        this.workerHeaps.push(m.peakHeapBytes);
        this.workerTimings.push(m.timings);
        this.templates += m.templates;
        this.fullRenders += m.fullRenders;
        break;
      case 'fatal':
        this.lose(state, m.reason);
        break;
      case 'done':
        state.done = true;
        void state.worker.terminate();
        this.check();
        break;
    }
  }

  private onFile(state: WorkerState, docId: string, format: BatchFormat, status: string, file: string, digest: string, bytes: number, reason: string): void {
    state.pending.delete(key(docId, format));
    const doc = this.docs.get(docId);
    if (!doc) return;
    if (status === 'failed') this.failed.push({ candidate: doc.candidateName, document: doc.label, reason, format });
    else this.record(status === 'written' ? this.written : this.skipped, doc, format, file || doc.files[format] || '', digest, bytes);
    this.progress(docId, format);
  }

  private onCombined(state: WorkerState, docKind: DocKind, format: BatchFormat, status: string, file: string, digest: string, bytes: number, reason: string): void {
    const docs = this.plan.documents.filter((d) => d.kind === docKind);
    if (status === 'failed') {
      for (const d of docs) if (state.pending.delete(key(d.id, format))) this.progress(d.id, format);
      this.failed.push({ candidate: 'All candidates', document: `all ${docKind}s`, reason, format });
      return;
    }
    this.recordCombined(status === 'written' ? this.written : this.skipped, docKind, docs, format, file, digest, bytes);
  }

  /** Hands what a worker had not finished to a new worker without the heap cap. */
  private restartUncapped(state: WorkerState): void {
    const left = state.units
      .map((u) => ({ ...u, docs: u.docs.filter((d) => this.plan.formats.some((f) => state.pending.has(key(d.id, f)))) }))
      .filter((u) => u.docs.length > 0);
    state.pending.clear();
    state.done = true;
    this.queue.splice(0, this.queue.length, ...this.queue.filter((j) => j.from !== state));
    if (left.length > 0) this.startWorker(left, false);
    this.check();
  }

  /** A worker is gone (crashed, or reported a fatal error): what it had not finished failed. */
  private lose(state: WorkerState, reason: string): void {
    if (!this.cancelled) {
      for (const k of state.pending) {
        const [docId = '', format = 'docx'] = k.split('|');
        const doc = this.docs.get(docId);
        if (doc) this.failed.push({ candidate: doc.candidateName, document: doc.label, reason, format: format as BatchFormat });
        this.done += 1;
      }
    }
    state.pending.clear();
    state.done = true;
    this.queue.splice(0, this.queue.length, ...this.queue.filter((j) => j.from !== state));
    this.check();
  }

  // ---- PDF

  private pump(): void {
    const printer = this.printer;
    if (this.printerError) {
      for (const job of this.queue.splice(0)) {
        this.printFailed(job, this.printerError);
        this.ack(job);
      }
      this.check();
      return;
    }
    while (printer && !this.cancelled && this.printing < printer.concurrency && this.queue.length > 0) {
      const job = this.queue.shift();
      if (!job) break;
      this.printing += 1;
      void this.printOne(printer, job).finally(() => {
        this.printing -= 1;
        this.ack(job);
        this.pump();
        this.check();
      });
    }
    this.check();
  }

  private async printOne(printer: BatchPrinter, job: PrintJob): Promise<void> {
    const target = path.join(this.plan.folder, job.file);
    try {
      const previous = this.journal.get(job.file);
      if (previous && previous.source === job.source && fileSha256(target) === previous.sha256) {
        return this.printed(job, this.skipped, previous.sha256, fs.statSync(target).size);
      }
      const pdf = await printer.print(job.html);
      if (this.cancelled) return;
      writeFileAtomic(target, pdf);
      const entry = { file: job.file, source: job.source, sha256: sha256(pdf) };
      appendJournal(this.plan.folder, entry);
      this.journal.set(job.file, entry);
      this.printed(job, this.written, entry.sha256, pdf.byteLength);
    } catch (err) {
      if (!this.cancelled) this.printFailed(job, messageOf(err));
    }
  }

  /** Documents of a print job still waited for (not handed to another worker meanwhile). */
  private jobDocs(job: PrintJob): PlannedDocument[] {
    return job.docIds.flatMap((id) => this.docs.get(id) ?? []).filter((d) => job.from.pending.has(key(d.id, 'pdf')));
  }

  private printed(job: PrintJob, into: BatchFile[], digest: string, bytes: number): void {
    const docs = this.jobDocs(job);
    if (docs.length === 0) return;
    if (job.combined) this.recordCombined(into, job.combined, docs, 'pdf', job.file, digest, bytes);
    else for (const doc of docs) this.record(into, doc, 'pdf', job.file, digest, bytes);
    for (const doc of docs) {
      job.from.pending.delete(key(doc.id, 'pdf'));
      this.progress(doc.id, 'pdf');
    }
  }

  private printFailed(job: PrintJob, reason: string): void {
    const docs = this.jobDocs(job);
    if (docs.length === 0) return;
    if (job.combined) this.failed.push({ candidate: 'All candidates', document: `all ${job.combined}s`, reason, format: 'pdf' });
    for (const doc of docs) {
      if (!job.combined) this.failed.push({ candidate: doc.candidateName, document: doc.label, reason, format: 'pdf' });
      job.from.pending.delete(key(doc.id, 'pdf'));
      this.progress(doc.id, 'pdf');
    }
  }

  /** The worker may hand over one more document. */
  private ack(job: PrintJob): void {
    if (!job.from.exited && !job.from.done) job.from.worker.postMessage({ type: 'pdf-ack' } satisfies MainMessage);
  }

  // ---- results

  private record(into: BatchFile[], doc: PlannedDocument, format: BatchFormat, file: string, digest: string, bytes: number): void {
    into.push({ kind: doc.kind, candidateId: doc.candidateId, roleId: doc.roleId, candidate: doc.candidateName, document: doc.label, format, file: path.join(this.plan.folder, file), sha256: digest, bytes });
    this.row(doc, format, file, digest);
  }

  private recordCombined(into: BatchFile[], docKind: DocKind, docs: readonly PlannedDocument[], format: BatchFormat, file: string, digest: string, bytes: number): void {
    into.push({ kind: docKind, candidateId: null, roleId: null, candidate: 'All candidates', document: `all ${docKind}s (${docs.length})`, format, file: path.join(this.plan.folder, file), sha256: digest, bytes });
    for (const doc of docs) this.row(doc, format, file, digest);
  }

  private row(doc: PlannedDocument, format: BatchFormat, file: string, digest: string): void {
    const rank = (this.order.get(doc.id) ?? 0) * 2 + (format === 'pdf' ? 1 : 0);
    this.rows.push({ rank, row: { candidate: doc.candidateName, document: doc.label, format, file, sha256: digest } });
  }

  private finish(): BatchResult {
    const rows = [...this.rows].sort((a, b) => a.rank - b.rank).map((r) => r.row);
    const manifestPath = writeManifest(this.plan.folder, rows);
    if (!this.cancelled && this.plan.formats.includes('pdf')) {
      const files = new Set(rows.filter((r) => r.format === 'pdf').map((r) => r.file));
      compactJournal(this.plan.folder, [...this.journal.values()].filter((e) => files.has(e.file)));
    }
    return {
      written: this.written,
      skipped: this.skipped,
      failed: this.failed,
      manifestPath,
      cancelled: this.cancelled,
      elapsedMs: performance.now() - this.started,
      stats: {
        workers: this.workers.length,
        peakRssBytes: this.peakRss,
        workerPeakHeapBytes: this.workerHeaps,
        templates: this.templates,
        fullRenders: this.fullRenders,
        workerTimings: this.workerTimings,
      },
    };
  }

  // ---- progress, cancelling, settling

  private progress(docId: string, format: BatchFormat): void {
    this.done += 1;
    const doc = this.docs.get(docId);
    if (doc) this.current = `${doc.candidateName} · ${doc.label} (${format})`;
    this.emit();
  }

  private emit(): void {
    this.lastEmit = performance.now();
    const elapsedMs = this.lastEmit - this.started;
    const done = Math.min(this.done, this.total);
    const etaMs = done > 0 ? Math.round((elapsedMs / done) * (this.total - done)) : null;
    this.opts.onProgress?.({ done, total: this.total, elapsedMs: Math.round(elapsedMs), etaMs, current: this.current });
  }

  private sample(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }

  private abort(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    Atomics.store(this.flag, 0, 1);
    this.queue.length = 0;
    setTimeout(() => {
      for (const w of this.workers) {
        if (!w.exited && !w.done) {
          w.forced = true;
          w.done = true;
          void w.worker.terminate();
        }
      }
      this.check();
    }, STOP_GRACE_MS).unref();
    this.check();
  }

  private check(): void {
    const workersDone = this.workers.every((w) => w.done);
    if (workersDone && (this.cancelled || (this.queue.length === 0 && this.printing === 0))) this.settle();
  }
}

/** Makes every file of the plan; see the module comment. Never throws for one document: failures are in the result. */
export async function runBatch(plan: BatchPlan, opts: RunOptions = {}): Promise<BatchResult> {
  return new BatchRun(plan, opts).run();
}
