/**
 * `ikit event`: hiring events from the command line. Create and list events,
 * add candidates, export every candidate's kits and packet at once, and print
 * the event-day sheets. (Importing a roster from CSV/XLSX is `ikit import`.)
 */
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import type { HiringEvent } from '../../shared/schemas';
import { create, findByKey, list, update, type Database } from '../store';
import { logBatch, parseBatchFormats, planBatch, runBatch, writeEventSheets, type BatchProgress, type BatchResult } from '../services/batch';
import { parseFormats } from '../services/documents';
import { printTable } from './format';
import { runImport, type ImportOpts } from './import';
import { dbOption, jsonOption, withLibrary, type Common, type Io } from './main';

const json = (io: Io, value: unknown): void => io.out(JSON.stringify(value, null, 2));

const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** "9:30" or "09:30" → "09:30"; anything else is a usage error naming the option. */
export function parseTime(value: string): string {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m) throw new AppError('usage', `--time must be a time of day as HH:MM (24-hour), such as 09:30 or 14:15; got "${value}".`);
  return `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}`;
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 1 || String(n) !== value.trim()) throw new AppError('usage', `--workers must be a whole number of 1 or more; got "${value}".`);
  return n;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en-US');

// ---------------------------------------------------------------- progress on stderr

interface ProgressLine {
  update(p: BatchProgress): void;
  end(): void;
}

function progressText(p: BatchProgress): string {
  const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  const eta = p.etaMs === null ? '' : ` · about ${seconds(p.etaMs)} left`;
  return `Exporting ${count(p.done)}/${count(p.total)} files (${pct}%) · ${seconds(p.elapsedMs)}${eta}${p.current ? ` · ${p.current}` : ''}`;
}

/** One line redrawn in place on a terminal; elsewhere (a log, a test) a line a second. */
function progressLine(io: Io, quiet: boolean): ProgressLine {
  if (quiet) return { update: () => undefined, end: () => undefined };
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  let finished = false;
  return {
    update(p) {
      const now = performance.now();
      if (finished || (now - last < (tty ? 100 : 1000) && p.done < p.total)) return;
      last = now;
      finished = p.done >= p.total;
      if (tty) process.stderr.write(`\r${progressText(p).slice(0, (process.stderr.columns || 100) - 1)}\x1b[K`);
      else io.err(progressText(p));
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

// ---------------------------------------------------------------- export

interface ExportOpts extends Common {
  out: string;
  format: string;
  combined?: boolean;
  workers?: string;
}

function reportExport(io: Io, result: BatchResult, folder: string, asJson: boolean | undefined): void {
  if (asJson) {
    json(io, {
      folder,
      written: result.written.map((f) => f.file),
      skipped: result.skipped.map((f) => f.file),
      failed: result.failed,
      manifest: result.manifestPath,
      cancelled: result.cancelled,
      elapsedMs: Math.round(result.elapsedMs),
    });
    return;
  }
  const skipped = result.skipped.length > 0 ? `, kept ${count(result.skipped.length)} already up to date` : '';
  io.out(`Wrote ${count(result.written.length)} file(s)${skipped} in ${seconds(result.elapsedMs)} to ${folder}`);
  io.out(`Manifest: ${result.manifestPath}`);
  for (const f of result.failed) io.err(`failed: ${f.candidate}, ${f.document}${f.format ? ` (${f.format})` : ''}: ${f.reason}`);
}

async function exportEvent(io: Io, eventKey: string, opts: ExportOpts): Promise<void> {
  const formats = parseBatchFormats(opts.format);
  const workers = parseWorkers(opts.workers);
  await withLibrary(opts, async (db) => {
    const plan = planBatch(db, eventKey, { outDir: opts.out, formats, combined: opts.combined === true });
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    process.once('SIGINT', onSignal);
    const progress = progressLine(io, opts.json === true);
    let result: BatchResult;
    try {
      result = await runBatch(plan, { signal: controller.signal, onProgress: (p) => progress.update(p), ...(workers ? { workers } : {}) });
    } finally {
      process.off('SIGINT', onSignal);
      progress.end();
    }
    logBatch(db, plan, result);
    reportExport(io, result, plan.folder, opts.json);
    if (result.cancelled) {
      throw new AppError('cancelled', 'Export cancelled. The files written so far are complete; run the same command again to finish the rest.');
    }
    if (result.failed.length > 0) throw new AppError('partial', `${count(result.failed.length)} document(s) could not be made; see the list above.`);
  });
}

// ---------------------------------------------------------------- create, list, add-candidate

function eventRows(db: Database): { event: HiringEvent; roles: string[]; candidates: number }[] {
  const roles = new Map(list(db, 'roles').map((r) => [r.id, r.title]));
  const candidates = list(db, 'candidates');
  return list(db, 'events').map((event) => ({
    event,
    roles: event.roleIds.map((id) => roles.get(id) ?? id),
    candidates: candidates.filter((c) => c.eventId === event.id).length,
  }));
}

interface AddOpts extends Common {
  name: string;
  role: string;
  email?: string;
  phone?: string;
  time?: string;
  preferredName?: string;
  pronouns?: string;
}

function addCandidate(io: Io, db: Database, eventKey: string, opts: AddOpts): void {
  const event = findByKey(db, 'events', eventKey);
  const role = findByKey(db, 'roles', opts.role);
  const time = opts.time === undefined ? null : parseTime(opts.time);
  const candidate = create(db, 'candidates', {
    name: opts.name,
    preferredName: opts.preferredName ?? '',
    pronouns: opts.pronouns ?? '',
    email: opts.email ?? '',
    phone: opts.phone ?? '',
    roleId: role.id,
    eventId: event.id,
    interviewAt: time ? `${event.date}T${time}` : null,
  });
  const roleAdded = !event.roleIds.includes(role.id);
  if (roleAdded) update(db, 'events', event.id, { roleIds: [...event.roleIds, role.id] });
  if (opts.json) return json(io, { candidate, roleAddedToEvent: roleAdded });
  io.out(`Added ${candidate.name} (${role.title}) to ${event.name}${time ? ` at ${time}` : ''} [${candidate.id}].`);
  if (roleAdded) io.out(`The event now lists the role ${role.title}.`);
}

export function registerEventCommands(program: Command, io: Io): void {
  const event = program.command('event').description('hiring events: create, list, add candidates, export every document, event-day sheets');

  event
    .command('create')
    .description('create a hiring event')
    .argument('<name>')
    .requiredOption('--date <YYYY-MM-DD>', 'the day of the event')
    .option('--venue <text>', 'where it takes place')
    .option('--roles <names>', 'the roles hiring at it, comma-separated (names or ids)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (name: string, opts: Common & { date: string; venue?: string; roles?: string }) => {
      await withLibrary(opts, (db) => {
        const roleIds = opts.roles ? splitList(opts.roles).map((r) => findByKey(db, 'roles', r).id) : [];
        const created = create(db, 'events', { name, date: opts.date, venue: opts.venue ?? '', roleIds });
        if (opts.json) json(io, created);
        else io.out(`Created the hiring event ${created.name} on ${created.date} [${created.id}].`);
      });
    });

  event
    .command('import-roster')
    .description('import the event’s roster from CSV or XLSX (usual ATS headers recognised); all valid rows or none')
    .argument('<event>', 'the event, by name or id')
    .argument('<file>', 'a CSV or XLSX file with a header row')
    .option('--dry-run', 'check every row and report, write nothing')
    .option('--skip-invalid', 'import the valid rows even if others are rejected')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action((eventKey: string, file: string, opts: ImportOpts) => runImport(io, 'candidates', file, opts, { event: eventKey }));

  event
    .command('list')
    .description('list hiring events with their roles and number of candidates')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (opts: Common) => {
      await withLibrary(opts, (db) => {
        const rows = eventRows(db);
        if (opts.json) return json(io, rows.map((r) => ({ ...r.event, roles: r.roles, candidates: r.candidates })));
        printTable(
          io,
          {
            headers: ['Event', 'Date', 'Venue', 'Roles', 'Candidates', 'Id'],
            rows: rows.map((r) => [r.event.name, r.event.date, r.event.venue, r.roles.join(', '), String(r.candidates), r.event.id]),
          },
          `${rows.length} events`,
        );
      });
    });

  event
    .command('add-candidate')
    .description('add a candidate to a hiring event')
    .argument('<event>', 'the event (name or id)')
    .requiredOption('--name <name>', 'the candidate’s full name')
    .requiredOption('--role <name|id>', 'the role they interview for')
    .option('--email <address>', 'their email address')
    .option('--phone <number>', 'their phone number')
    .option('--time <HH:MM>', 'their interview time on the event’s day (24-hour)')
    .option('--preferred-name <name>', 'the name they go by')
    .option('--pronouns <pronouns>', 'e.g. she/her')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (eventKey: string, opts: AddOpts) => {
      await withLibrary(opts, (db) => addCandidate(io, db, eventKey, opts));
    });

  event
    .command('export')
    .description('write every candidate’s interview kits and packet for the event (Ctrl-C stops; run again to finish)')
    .argument('<event>', 'the event (name or id)')
    .requiredOption('--out <dir>', 'folder to write the event’s folder in')
    .option('--format <formats>', 'docx or pdf (comma-separated for both)', 'docx')
    .option('--combined', 'one print file per document type (all kits, all packets) instead of a file per document')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (eventKey: string, opts: ExportOpts) => exportEvent(io, eventKey, opts));

  event
    .command('sheets')
    .description('write the check-in list and the interviewer schedules for the event')
    .argument('<event>', 'the event (name or id)')
    .requiredOption('--out <dir>', 'folder to write the event’s folder in')
    .option('--format <formats>', 'docx, pdf or html (comma-separated for several)', 'docx')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (eventKey: string, opts: Common & { out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      await withLibrary(opts, async (db) => {
        const result = await writeEventSheets(db, eventKey, opts.out, formats);
        if (opts.json) return json(io, { folder: result.folder, files: result.files.map((f) => f.path), warnings: result.warnings });
        for (const f of result.files) io.out(`Wrote ${f.path}`);
        for (const w of result.warnings) io.err(`warning: ${w.message}`);
      });
    });
}
