/** Helpers for the batch export tests: a demo library with an event full of candidates, reading .docx parts, the CLI. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import JSZip from 'jszip';
import { registerEventCommands } from '../../electron/cli/events';
import { buildProgram } from '../../electron/cli/main';
import { create, findByKey, loadDemo, openLibrary, type Database } from '../../electron/store';
import { AppError, messageOf } from '../../shared/errors';
import type { Candidate, HiringEvent } from '../../shared/schemas';

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ikit-batch-${prefix}-`));
}

export const removeDir = (dir: string): void => fs.rmSync(dir, { recursive: true, force: true });

export async function demoLibrary(dir: string): Promise<{ db: Database; file: string }> {
  const file = path.join(dir, 'library.db');
  const { db } = await openLibrary(file);
  loadDemo(db);
  return { db, file };
}

export interface CandidateSpec {
  name: string;
  role: string;
  preferredName?: string;
  pronouns?: string;
  /** HH:MM on the event's day; none for no interview time. */
  time?: string;
}

export function makeEvent(db: Database, name: string, date = '2027-05-01'): HiringEvent {
  return create(db, 'events', { name, date, venue: 'Pearl District store' });
}

export function addCandidates(db: Database, event: HiringEvent, specs: readonly CandidateSpec[]): Candidate[] {
  return specs.map((s) =>
    create(db, 'candidates', {
      name: s.name,
      preferredName: s.preferredName ?? '',
      pronouns: s.pronouns ?? '',
      roleId: findByKey(db, 'roles', s.role).id,
      eventId: event.id,
      interviewAt: s.time ? `${event.date}T${s.time}` : null,
    }),
  );
}

export const DEMO_ROLES = [
  'Customer Support Specialist',
  'Store Associate',
  'Gear Repair Technician',
  'Store Shift Lead',
  'E-commerce Software Engineer',
  'Fulfillment Associate',
] as const;

/** `n` plain candidates across the demo's roles, at quarter-hour slots from 09:00. */
export function crowd(n: number, prefix = 'Person'): CandidateSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix} ${i + 1}`,
    preferredName: `P${i + 1}`,
    pronouns: 'they/them',
    role: DEMO_ROLES[i % DEMO_ROLES.length] ?? 'Store Associate',
    time: `${String(9 + Math.floor(i / 4) % 8).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
  }));
}

// ---------------------------------------------------------------- .docx contents

export async function zipParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (!file.dir && /\.(xml|rels)$/.test(name)) parts.set(name, await file.async('string'));
  }
  return parts;
}

/** The docx package numbers drawings with a process-wide counter; the batch numbers them per file. */
export const normaliseDrawings = (xml: string): string => xml.replace(/(<wp:docPr id=")\d+/g, '$1#');
/** core.xml without its created/modified times. */
export const withoutTimes = (xml: string): string => xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*/g, '$1#');

// ---------------------------------------------------------------- the CLI with the event commands

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/**
 * `ikit …` in-process with `ikit event` registered, exit codes as main() gives
 * them. main.ts registers the event commands; should a build not (yet), they are added here.
 */
export async function ikitEvents(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (s: string) => (stdout += s.endsWith('\n') ? s : `${s}\n`),
    err: (s: string) => (stderr += s.endsWith('\n') ? s : `${s}\n`),
  };
  const program = buildProgram(io);
  if (!program.commands.some((c) => c.name() === 'event')) registerEventCommands(program, io);
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else {
      io.err(`ikit: ${messageOf(err)}`);
      code = err instanceof AppError && err.code === 'usage' ? 2 : 1;
    }
  }
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** A tiny RFC 4180 reader, for checking the manifest. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
