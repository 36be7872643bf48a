/**
 * A batch worker (a worker thread): makes its share of the documents and
 * writes the Word files itself; HTML for PDFs goes back to the coordinating
 * thread, which owns the one browser. It gets plain data only: the library,
 * never a database handle.
 *
 * It stops after the current document as soon as the shared abort flag is
 * set; every file it writes is complete (written under a temporary name, then
 * renamed) or not there at all.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../../../shared/errors';
import { CombinedDocx } from './combined-docx';
import { combineHtml, type HtmlDocument } from './combined-html';
import { emitDocx } from './docx-template';
import { DocumentFactory, type MadeDocument } from './factory';
import { sameFile, sha256, writeFileDurably, writeStreamedFile } from './files';
import type { BatchFormat, DocKind, MainMessage, PlannedDocument, WorkerInput, WorkerMessage, WorkUnit } from './types';

const port = parentPort;
if (!port) throw new Error('the batch worker runs in a worker thread');
const input = workerData as WorkerInput;
const flag = new Int32Array(input.abort);
const aborted = (): boolean => Atomics.load(flag, 0) === 1;
const post = (m: WorkerMessage): void => port.postMessage(m);

const loadMs = performance.timeOrigin + performance.now() - input.spawnedAt;
const timings = { loadMs, templateMs: 0, documentMs: 0 };
/** Runs `fn`, adding its time to `timings[what]`. */
async function timed<T>(what: 'templateMs' | 'documentMs', fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[what] += performance.now() - t0;
  }
}

let peakHeap = 0;
const sampleHeap = (): void => {
  peakHeap = Math.max(peakHeap, v8.getHeapStatistics().used_heap_size);
};

// ---------------------------------------------------------------- PDF hand-over, with back-pressure

let credit = input.pdfCredit;
const waiting: (() => void)[] = [];
port.on('message', (m: MainMessage) => {
  if (m.type === 'pdf-ack') {
    credit += 1;
    waiting.shift()?.();
  }
});

/** Resolves on the next acknowledgement, or after 50 ms (to look at the abort flag again). */
function nextAck(): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      const at = waiting.indexOf(wake);
      if (at >= 0) waiting.splice(at, 1);
      resolve();
    };
    const timer = setTimeout(wake, 50);
    waiting.push(wake);
  });
}

async function handOver(message: Extract<WorkerMessage, { type: 'html' }>): Promise<void> {
  while (credit <= 0 && !aborted()) await nextAck();
  if (aborted()) return;
  credit -= 1;
  post(message);
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------- one file per document

function failDoc(doc: PlannedDocument, formats: readonly BatchFormat[], reason: string): void {
  for (const format of formats) {
    const file = doc.files[format];
    if (file) post({ type: 'file', docId: doc.id, format, status: 'failed', file, sha256: '', bytes: 0, reason });
  }
}

/** Files being flushed and renamed while the next documents are made. */
const commits = new Set<Promise<void>>();
const MAX_COMMITS = 16;

async function writeDocx(doc: PlannedDocument, bytes: Buffer): Promise<void> {
  const file = doc.files.docx ?? '';
  const target = path.join(input.folder, file);
  const digest = sha256(bytes);
  const report = (status: 'written' | 'skipped' | 'failed', reason = ''): void =>
    post({ type: 'file', docId: doc.id, format: 'docx', status, file, sha256: status === 'failed' ? '' : digest, bytes: bytes.length, reason });
  if (sameFile(target, digest, bytes.length)) return report('skipped');
  while (commits.size >= MAX_COMMITS) await Promise.race(commits);
  const commit: Promise<void> = writeFileDurably(target, bytes)
    .then(() => report('written'), (err: unknown) => report('failed', messageOf(err)))
    .finally(() => commits.delete(commit));
  commits.add(commit);
}

async function runDocuments(factory: DocumentFactory, unit: Extract<WorkUnit, { kind: 'documents' }>): Promise<void> {
  try {
    await timed('templateMs', () => factory.prepare(unit.docs));
  } catch (err) {
    for (const doc of unit.docs) failDoc(doc, input.formats, `its template could not be made: ${messageOf(err)}`);
    return;
  }
  for (const [i, doc] of unit.docs.entries()) {
    if (aborted()) return;
    try {
      const t0 = performance.now();
      const made = await factory.make(doc);
      if (made.docx && doc.files.docx) await writeDocx(doc, emitDocx(made.docx.template, made.docx.values, doc.stamp));
      timings.documentMs += performance.now() - t0;
      if (made.html && doc.files.pdf) {
        await handOver({ type: 'html', docIds: [doc.id], file: doc.files.pdf, html: made.html, source: sha256(made.html), combined: null });
      }
    } catch (err) {
      failDoc(doc, input.formats, messageOf(err));
    }
    if (i % 16 === 0) {
      sampleHeap();
      await yieldNow();
    }
  }
  factory.release(unit.templateKey);
}

// ---------------------------------------------------------------- one print file per document type

const KIND_TITLES: Record<DocKind, string> = { kit: 'interview kits', packet: 'candidate packets' };

async function prepareAll(factory: DocumentFactory, docs: readonly PlannedDocument[]): Promise<void> {
  const groups = new Map<string, PlannedDocument[]>();
  for (const d of docs) {
    const group = groups.get(d.templateKey);
    if (group) group.push(d);
    else groups.set(d.templateKey, [d]);
  }
  for (const group of groups.values()) {
    if (aborted()) return;
    await factory.prepare(group);
  }
}

type CombinedUnit = Extract<WorkUnit, { kind: 'combined' }>;

/**
 * Makes each document in order, handing each to `add` with whether it is the
 * last one made (one document of look-ahead, so a failed last document does
 * not leave a section break at the end). False when cancelled.
 */
async function eachDocument(
  factory: DocumentFactory,
  unit: CombinedUnit,
  add: (made: MadeDocument, doc: PlannedDocument, last: boolean) => void,
): Promise<boolean> {
  let pending: { made: MadeDocument; doc: PlannedDocument } | null = null;
  for (const [i, doc] of unit.docs.entries()) {
    if (aborted()) return false;
    try {
      const made = await factory.make(doc);
      if (pending) add(pending.made, pending.doc, false);
      pending = { made, doc };
    } catch (err) {
      for (const format of input.formats) {
        post({ type: 'file', docId: doc.id, format, status: 'failed', file: unit.files[format] ?? '', sha256: '', bytes: 0, reason: messageOf(err) });
      }
    }
    if (i % 16 === 0) {
      sampleHeap();
      await yieldNow();
    }
  }
  if (!pending) throw new Error('none of its documents could be made');
  add(pending.made, pending.doc, true);
  return true;
}

interface Printable extends HtmlDocument {
  docId: string;
}

async function combinedDocx(factory: DocumentFactory, unit: CombinedUnit, file: string, htmls: Printable[]): Promise<boolean> {
  const title = `${input.event.name}: ${KIND_TITLES[unit.docKind]}`;
  const stamp = unit.docs.reduce((latest, d) => (d.stamp > latest ? d.stamp : latest), '1980-01-01T00:00:00.000Z');
  const author = input.library.company?.name ?? 'Interview Kit Builder';
  const result = await writeStreamedFile(path.join(input.folder, file), async (fd) => {
    const combined = new CombinedDocx(fd, { title, subject: title, author, stamp });
    const done = await eachDocument(factory, unit, (made, doc, last) => {
      if (!made.docx) throw new Error('no Word template was made');
      combined.add(made.docx, last);
      if (made.html) htmls.push({ html: made.html, title: made.title, docId: doc.id });
      post({ type: 'added', docId: doc.id, format: 'docx' });
    });
    if (done) combined.finish();
    return done;
  });
  if (result.status === 'cancelled') return false;
  post({ type: 'combined', docKind: unit.docKind, format: 'docx', file, sha256: result.sha256, bytes: result.bytes, status: result.status, reason: '' });
  return true;
}

async function runCombined(factory: DocumentFactory, unit: CombinedUnit): Promise<void> {
  const htmls: Printable[] = [];
  const collect = (made: MadeDocument, doc: PlannedDocument): void => {
    if (made.html) htmls.push({ html: made.html, title: made.title, docId: doc.id });
  };
  try {
    await timed('templateMs', () => prepareAll(factory, unit.docs));
    if (unit.files.docx && !(await combinedDocx(factory, unit, unit.files.docx, htmls))) return;
    if (!unit.files.docx && !(await eachDocument(factory, unit, collect))) return;
  } catch (err) {
    for (const format of input.formats) {
      post({ type: 'combined', docKind: unit.docKind, format, file: unit.files[format] ?? '', sha256: '', bytes: 0, status: 'failed', reason: messageOf(err) });
    }
    return;
  }
  if (unit.files.pdf && htmls.length > 0 && !aborted()) {
    const html = combineHtml(htmls, `${input.event.name}: ${KIND_TITLES[unit.docKind]}`);
    await handOver({ type: 'html', docIds: htmls.map((h) => h.docId), file: unit.files.pdf, html, source: sha256(html), combined: unit.docKind });
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const factory = new DocumentFactory(input.library, { docx: input.formats.includes('docx'), html: input.formats.includes('pdf') });
  for (const unit of input.units) {
    if (aborted()) break;
    if (unit.kind === 'documents') await runDocuments(factory, unit);
    else await runCombined(factory, unit);
  }
  await Promise.all(commits);
  sampleHeap();
  post({ type: 'stats', peakHeapBytes: peakHeap, templates: factory.templates, fullRenders: factory.fullRenders, timings });
  post({ type: 'done', cancelled: aborted() });
}

main().catch((err: unknown) => post({ type: 'fatal', reason: messageOf(err) }));
