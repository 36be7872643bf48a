/**
 * planBatch: what an event's export writes. For each candidate of the event
 * (in the order of the day), the kit for each stage of their role, by stage
 * position, then their packet; each with the options a single `ikit kit` /
 * `ikit packet` would use, and a file name that is safe and unique.
 */
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Candidate, HiringEvent, Library, Role, Stage } from '../../../shared/schemas';
import { byId } from '../../documents/common';
import { eventCandidates, roleStages, stageStarts } from '../../documents/sheets';
import { findByKey, loadLibrary, type Database } from '../../store';
import { fileNameKey, slugPart } from '../../../shared/filenames';
import { assignFileNames, documentFileName, shortId, type NameRequest } from './names';
import { BATCH_FORMATS, type BatchFormat, type BatchPlan, type CombinedFiles, type PlanProblem, type PlannedDocument } from './types';

export interface PlanOptions {
  /** The folder the event's folder is made in. */
  outDir: string;
  formats?: readonly BatchFormat[];
  /** One print file per document type (all kits, all packets) instead of a file per document. */
  combined?: boolean;
}

/** "docx,pdf" → ['docx', 'pdf'], or a usage error naming the choices. */
export function parseBatchFormats(value: string): BatchFormat[] {
  const parts = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = parts.filter((p) => !(BATCH_FORMATS as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new AppError('usage', `--format must be one or more of ${BATCH_FORMATS.join(', ')} (got "${value}").`);
  }
  return [...new Set(parts)] as BatchFormat[];
}

/** The plan for the event named by `eventKey` (an id or a name). */
export function planBatch(db: Database, eventKey: string, opts: PlanOptions): BatchPlan {
  const event = findByKey(db, 'events', eventKey);
  return planFromLibrary(loadLibrary(db), event.id, opts);
}

/** The latest change to anything but the candidates: every document depends on it. */
export function libraryStamp(lib: Library): string {
  const { candidates: _candidates, company, ...rest } = lib;
  let latest = company?.updatedAt ?? '1980-01-01T00:00:00.000Z';
  for (const records of Object.values(rest)) {
    for (const r of records as { updatedAt: string }[]) if (r.updatedAt > latest) latest = r.updatedAt;
  }
  return latest;
}

/**
 * The folder name of an event: its name made safe. When an event created
 * earlier has a name that reads the same once made safe ("Spring Day", then
 * "spring-day!"), or the name has nothing readable, the event's short id is
 * added: two events never share a folder (and a manifest), and adding an
 * event never moves an earlier event's folder (its next export still finds
 * the files already written there).
 */
export function eventFolderName(event: HiringEvent, events: readonly HiringEvent[] = [event]): string {
  const plain = documentFileName(event.name, [], '');
  const earlier = (e: HiringEvent) => e.createdAt < event.createdAt || (e.createdAt === event.createdAt && e.id < event.id);
  const clash = events.some((e) => e.id !== event.id && earlier(e) && fileNameKey(documentFileName(e.name, [], '')) === fileNameKey(plain));
  return clash || slugPart(event.name) === '' ? documentFileName(event.name, [], '', shortId(event.id, 8)) : plain;
}

interface Draft extends Omit<PlannedDocument, 'files'> {
  rest: string[];
}

function kitDraft(event: HiringEvent, c: Candidate, role: Role, stage: Stage, start: string | null, stamp: string): Draft {
  return {
    id: `${c.id}:kit:${stage.id}`,
    kind: 'kit',
    candidateId: c.id,
    candidateName: c.name,
    roleId: role.id,
    stageId: stage.id,
    label: `kit: ${stage.name}`,
    templateKey: `kit:${role.id}:${stage.id}`,
    kit: { roleId: role.id, stageId: stage.id, candidateId: c.id, date: start ?? c.interviewAt ?? event.date },
    packet: null,
    stamp,
    rest: [role.title, stage.name, 'kit'],
  };
}

function packetDraft(event: HiringEvent, c: Candidate, role: Role, stamp: string): Draft {
  return {
    id: `${c.id}:packet`,
    kind: 'packet',
    candidateId: c.id,
    candidateName: c.name,
    roleId: role.id,
    stageId: null,
    label: 'packet',
    templateKey: `packet:${role.id}`,
    kit: null,
    packet: { roleId: role.id, candidateId: c.id, eventId: event.id },
    stamp,
    rest: [role.title, 'packet'],
  };
}

function candidateDrafts(lib: Library, event: HiringEvent, c: Candidate, libStamp: string, problems: PlanProblem[]): Draft[] {
  const role = c.roleId ? byId(lib.roles, c.roleId) : undefined;
  if (!role) {
    problems.push({ candidate: c.name, document: 'all documents', reason: c.roleId ? 'their role is no longer in the library' : 'they have no role' });
    return [];
  }
  const stamp = c.updatedAt > libStamp ? c.updatedAt : libStamp;
  const stages = roleStages(lib, role.id);
  const starts = stageStarts(c.interviewAt, stages);
  return [...stages.map((s, i) => kitDraft(event, c, role, s, starts[i] ?? null, stamp)), packetDraft(event, c, role, stamp)];
}

function withFileNames(drafts: readonly Draft[], formats: readonly BatchFormat[], combined: boolean): PlannedDocument[] {
  if (combined) return drafts.map(({ rest: _rest, ...d }) => ({ ...d, files: {} }));
  const requests: NameRequest[] = drafts.flatMap((d) =>
    formats.map((ext) => ({ candidateId: d.candidateId, candidateName: d.candidateName, rest: d.rest, ext })),
  );
  const names = assignFileNames(requests);
  return drafts.map(({ rest: _rest, ...d }, i) => ({
    ...d,
    files: Object.fromEntries(formats.map((f, j) => [f, names[i * formats.length + j] ?? ''])),
  }));
}

function combinedFiles(event: HiringEvent, formats: readonly BatchFormat[], combined: boolean): CombinedFiles {
  const files = (what: string) =>
    combined ? Object.fromEntries(formats.map((f) => [f, documentFileName(event.name, [what], f)])) : {};
  return { kit: files('kits'), packet: files('packets') };
}

/** The plan, from a library already loaded. Pure apart from resolving the output folder. */
export function planFromLibrary(lib: Library, eventId: string, opts: PlanOptions): BatchPlan {
  const event = byId(lib.events, eventId);
  if (!event) throw new AppError('not-found', `No hiring event matches "${eventId}".`);
  const formats: BatchFormat[] = [...new Set<BatchFormat>(opts.formats ?? ['docx'])];
  if (formats.length === 0) throw new AppError('usage', 'Choose at least one format: docx or pdf.');
  const combined = opts.combined === true;
  const candidates = eventCandidates(lib, event.id);
  const libStamp = libraryStamp(lib);
  const problems: PlanProblem[] = [];
  const drafts = candidates.flatMap((c) => candidateDrafts(lib, event, c, libStamp, problems));
  return {
    event,
    folder: path.join(path.resolve(opts.outDir), eventFolderName(event, lib.events)),
    formats,
    combined,
    library: { ...lib, candidates },
    documents: withFileNames(drafts, formats, combined),
    combinedFiles: combinedFiles(event, formats, combined),
    problems,
  };
}
