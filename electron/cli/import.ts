/** `ikit import questions|candidates <file>`: import rows of a CSV or XLSX file, all valid rows or none. */
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import {
  commitImport,
  guessMapping,
  previewImport,
  readTable,
  rejectedRows,
  unmappedHeaders,
  type ImportKind,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
} from '../services/import';
import { dbOption, jsonOption, withLibrary, type Common, type Io } from './main';

export interface ImportOpts extends Common {
  dryRun?: boolean;
  skipInvalid?: boolean;
  bank?: string;
  event?: string;
}

interface Outcome {
  preview: ImportPreview;
  result: ImportResult | null;
  ignored: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const noun = (kind: ImportKind, n: number) => plural(n, kind === 'questions' ? 'question' : 'candidate');

/** Adds `ikit import questions` and `ikit import candidates` (once; a second call changes nothing). */
export function registerImportCommands(program: Command, io: Io): void {
  if (program.commands.some((c) => c.name() === 'import')) return;
  const group = program.command('import').description('import questions or candidates from a CSV or XLSX file (all valid rows or none)');
  const common = (cmd: Command) =>
    cmd
      .argument('<file>', 'a CSV (UTF-8; comma, semicolon or tab) or XLSX file with a header row')
      .option('--dry-run', 'check every row and report, write nothing')
      .option('--skip-invalid', 'import the valid rows even if others are rejected')
      .addOption(dbOption())
      .addOption(jsonOption());

  common(group.command('questions').description('import questions (columns such as Question, Competencies, Probes, Minutes)'))
    .option('--bank <name>', 'question bank for rows without a Bank column (created if new)')
    .action((file: string, opts: ImportOpts) => runImport(io, 'questions', file, opts, { bank: opts.bank }));

  common(group.command('candidates').description('import candidates (columns such as Name, Email, Role, Interview time)'))
    .option('--event <name|id>', 'hiring event for rows without an Event column (its date is used for times like 10:30)')
    .action((file: string, opts: ImportOpts) => runImport(io, 'candidates', file, opts, { event: opts.event }));
}

/** Reads, checks and (unless a dry run, or a row is rejected) imports a file; shared with `ikit event import-roster`. */
export async function runImport(io: Io, kind: ImportKind, file: string, opts: ImportOpts, options: ImportOptions): Promise<void> {
  const table = await readTable(file);
  const outcome = await withLibrary(opts, (db): Outcome => {
    const mapping = guessMapping(kind, table.headers);
    const preview = previewImport(db, kind, table, mapping, options);
    const writable = preview.counts.rejected === 0 || opts.skipInvalid === true;
    const result = !opts.dryRun && writable ? commitImport(db, preview, { skipInvalid: opts.skipInvalid }) : null;
    return { preview, result, ignored: unmappedHeaders(table.headers, mapping) };
  });
  if (opts.json) printJson(io, outcome, opts);
  else printHuman(io, kind, outcome, opts);
  failIfRejected(outcome.preview, opts);
}

/** What the run imported, or (dry run) would import: all valid rows, or none when a row is rejected. */
function importedCount(outcome: Outcome, opts: ImportOpts): number {
  if (outcome.result) return outcome.result.imported;
  const { valid, rejected } = outcome.preview.counts;
  return rejected === 0 || opts.skipInvalid ? valid : 0;
}

function printJson(io: Io, outcome: Outcome, opts: ImportOpts): void {
  const report = { imported: importedCount(outcome, opts), rejected: rejectedRows(outcome.preview), dryRun: opts.dryRun === true };
  io.out(JSON.stringify(report, null, 2));
}

function printHuman(io: Io, kind: ImportKind, outcome: Outcome, opts: ImportOpts): void {
  const { preview, result } = outcome;
  if (outcome.ignored.length > 0) io.err(`note: columns not imported: ${outcome.ignored.map((h) => `"${h}"`).join(', ')}`);
  for (const r of rejectedRows(preview)) io.err(`line ${r.line}: ${r.reason}`);
  const count = importedCount(outcome, opts);
  if (count === 0 && preview.counts.rejected > 0) return;
  const skipped = preview.counts.rejected > 0 ? `; skipped ${plural(preview.counts.rejected, 'rejected row')}` : '';
  if (!result) {
    io.out(`Dry run, nothing written: ${noun(kind, count)} from "${preview.file}" ready to import${skipped}.`);
    if (preview.kind === 'questions' && preview.newBanks.length > 0) io.out(`Would create ${banksText(preview.newBanks)}.`);
    return;
  }
  io.out(`Imported ${noun(kind, result.imported)} from "${preview.file}"${skipped}.`);
  if (result.createdBanks.length > 0) io.out(`Created ${banksText(result.createdBanks.map((b) => b.name))}.`);
}

const banksText = (names: string[]) =>
  `${names.length === 1 ? 'question bank' : 'question banks'} ${names.map((n) => `"${n}"`).join(', ')}`;

function failIfRejected(preview: ImportPreview, opts: ImportOpts): void {
  const { rejected, total, valid } = preview.counts;
  if (rejected === 0 || opts.skipInvalid) return;
  const rows = `${rejected} of ${plural(total, 'row')} in "${preview.file}" ${rejected === 1 ? 'was' : 'were'} rejected`;
  const where = opts.json ? '' : ' (listed above)';
  const hint = valid > 0 ? ` Fix ${rejected === 1 ? 'it' : 'them'} and import again, or pass --skip-invalid to import the ${noun(preview.kind, valid)} that ${valid === 1 ? 'is' : 'are'} valid.` : '';
  throw new AppError('import-rejected', `${opts.dryRun ? 'Dry run: nothing would be imported' : 'Nothing was imported'}: ${rows}${where}.${hint}`);
}

