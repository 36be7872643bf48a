/**
 * Making kit and packet files from the library: resolve what the user named,
 * compose once, render to each format, write safely, log the export.
 * Used by the CLI and the desktop app's IPC handlers alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { numbered, safeFileName, shortId, slugPart } from '../../shared/filenames';
import type { Library } from '../../shared/schemas';
import {
  composeKit,
  composePacket,
  renderDocx,
  renderHtml,
  type Composed,
  type Warning,
} from '../documents';
import { FileExistsError, findByKey, loadLibrary, logExport, sha256, writeFileAtomic, writeNewFile, type Database } from '../store';

export const DOC_FORMATS = ['docx', 'pdf', 'html'] as const;
export type DocFormat = (typeof DOC_FORMATS)[number];

export function parseFormats(value: string): DocFormat[] {
  const parts = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = parts.filter((p) => !(DOC_FORMATS as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new AppError('usage', `--format must be one or more of ${DOC_FORMATS.join(', ')} (got "${value}").`);
  }
  return [...new Set(parts)] as DocFormat[];
}

/** What the user typed: names or ids. */
export interface KitRequest {
  role: string;
  stage: string;
  candidate?: string;
  interviewer?: string;
  date?: string;
}

export interface PacketRequest {
  role: string;
  candidate?: string;
  event?: string;
  interviewer?: string;
}

/** How an export is named on disk and in the export log. */
export interface Described {
  /** File name parts: candidate, role, stage, document. */
  nameParts: string[];
  /** "Ana Ruiz, Customer Support Specialist, Team interview". */
  subject: string;
  candidateId: string | null;
  roleId: string;
}

export interface Resolved<T> extends Described {
  lib: Library;
  options: T;
}

/** The names the CLI and the app both give a kit or packet. */
export function describeDocument(
  lib: Library,
  document: 'kit' | 'packet',
  choice: { roleId: string; stageId?: string; candidateId?: string | null },
): Described {
  const role = lib.roles.find((r) => r.id === choice.roleId)?.title ?? '';
  const stage = choice.stageId ? (lib.stages.find((s) => s.id === choice.stageId)?.name ?? '') : '';
  const candidate = choice.candidateId ? lib.candidates.find((c) => c.id === choice.candidateId) : undefined;
  const parts = document === 'kit' ? [role, stage] : [role];
  // A name with nothing a file name can carry ("!!!") gets a piece of the candidate's id, as in event batches.
  const who = candidate ? (slugPart(candidate.name) === '' ? [candidate.name, shortId(candidate.id)] : [candidate.name]) : [''];
  return {
    nameParts: [...who, ...parts, document],
    subject: [candidate?.name ?? '', ...parts].filter(Boolean).join(', '),
    candidateId: candidate?.id ?? null,
    roleId: choice.roleId,
  };
}

/** Records a written document in the library's export log. */
export function logDocument(
  db: Database,
  document: 'kit' | 'packet',
  described: Described,
  format: DocFormat,
  path: string,
  bytes: Uint8Array,
): string {
  const digest = sha256(bytes);
  const { subject, candidateId, roleId } = described;
  logExport(db, { kind: document, format, subject, candidateId, roleId, path, sha256: digest });
  return digest;
}

function checkDate(date: string | undefined): void {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(date)) {
    throw new AppError('usage', `--date must be YYYY-MM-DD (or YYYY-MM-DDTHH:MM), not "${date}".`);
  }
}

export function resolveKit(db: Database, req: KitRequest) {
  checkDate(req.date);
  const role = findByKey(db, 'roles', req.role);
  const stage = findByKey(db, 'stages', req.stage, (s) => s.roleId === role.id);
  const candidate = req.candidate ? findByKey(db, 'candidates', req.candidate) : null;
  const interviewer = req.interviewer ? findByKey(db, 'interviewers', req.interviewer) : null;
  const date = req.date ?? candidate?.interviewAt ?? undefined;
  const lib = loadLibrary(db);
  const options = {
    roleId: role.id,
    stageId: stage.id,
    candidateId: candidate?.id ?? null,
    ...(interviewer ? { interviewerIds: [interviewer.id] } : {}),
    ...(date ? { date } : {}),
  };
  return { lib, options, ...describeDocument(lib, 'kit', options) };
}

export function resolvePacket(db: Database, req: PacketRequest) {
  const role = findByKey(db, 'roles', req.role);
  const candidate = req.candidate ? findByKey(db, 'candidates', req.candidate) : null;
  const eventKey = req.event ?? candidate?.eventId ?? undefined;
  const event = eventKey ? findByKey(db, 'events', eventKey) : null;
  const interviewer = req.interviewer ? findByKey(db, 'interviewers', req.interviewer) : null;
  const lib = loadLibrary(db);
  const options = {
    roleId: role.id,
    candidateId: candidate?.id ?? null,
    eventId: event?.id ?? null,
    ...(interviewer ? { interviewerIds: [interviewer.id] } : {}),
  };
  return { lib, options, ...describeDocument(lib, 'packet', options) };
}

export interface WriteOptions {
  outDir: string;
  formats: DocFormat[];
  force?: boolean;
  /** Needed for PDF; the caller owns it (one browser for many documents). */
  printer?: HtmlPrinter | null;
}

export interface WrittenFile {
  path: string;
  format: DocFormat;
  sha256: string;
  bytes: number;
}

export interface ExportResult {
  files: WrittenFile[];
  warnings: Warning[];
}

/**
 * Writes `bytes` under `fileName` in `dir`, or under the first free numbered
 * name ("…-2.docx"); never over another file, even one a second export
 * wrote a moment ago, unless `force`. Returns the path written.
 */
export function writeUnderFreeName(dir: string, fileName: string, bytes: Uint8Array, force: boolean): string {
  if (force) {
    const target = path.join(dir, fileName);
    writeFileAtomic(target, bytes);
    return target;
  }
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? fileName : numbered(fileName, n));
    if (fs.existsSync(target)) continue;
    try {
      writeNewFile(target, bytes);
      return target;
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
  }
}

/** Anything that prints HTML to PDF: Chromium in the CLI, Electron's printToPDF in the app. */
export interface HtmlPrinter {
  print(html: string): Promise<Uint8Array>;
}

export async function renderTo(
  composed: Composed,
  format: DocFormat,
  printer?: HtmlPrinter | null,
): Promise<Uint8Array> {
  if (format === 'docx') return renderDocx(composed.doc);
  const html = renderHtml(composed.doc);
  if (format === 'html') return Buffer.from(html, 'utf8');
  if (!printer) throw new AppError('no-printer', 'PDF output needs a PDF printer (Chromium).');
  return printer.print(html);
}

async function writeComposed(
  db: Database,
  kind: 'kit' | 'packet',
  resolved: Resolved<unknown>,
  composed: Composed,
  opts: WriteOptions,
): Promise<ExportResult> {
  fs.mkdirSync(opts.outDir, { recursive: true });
  const files: WrittenFile[] = [];
  for (const format of opts.formats) {
    const bytes = await renderTo(composed, format, opts.printer);
    const target = writeUnderFreeName(opts.outDir, safeFileName(resolved.nameParts, format), bytes, opts.force === true);
    const digest = logDocument(db, kind, resolved, format, target, bytes);
    files.push({ path: target, format, sha256: digest, bytes: bytes.byteLength });
  }
  return { files, warnings: composed.warnings };
}

export async function exportKit(db: Database, req: KitRequest, opts: WriteOptions): Promise<ExportResult> {
  const resolved = resolveKit(db, req);
  return writeComposed(db, 'kit', resolved, composeKit(resolved.lib, resolved.options), opts);
}

export async function exportPacket(db: Database, req: PacketRequest, opts: WriteOptions): Promise<ExportResult> {
  const resolved = resolvePacket(db, req);
  return writeComposed(db, 'packet', resolved, composePacket(resolved.lib, resolved.options), opts);
}
