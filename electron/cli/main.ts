/**
 * `ikit`: the library and its documents from the command line. Runs in plain
 * Node on the same store and services as the desktop app.
 */
import { Command, CommanderError, Option } from 'commander';
import { AppError, messageOf } from '../../shared/errors';
import { LIST_KINDS, type ListKind } from '../../shared/schemas';
import {
  backupLibrary,
  exportBundle,
  getCompany,
  importBundle,
  isLibraryEmpty,
  loadDemo,
  openLibrary,
  parseBundleText,
  readUserFile,
  resolveLibraryPath,
  restoreLibrary,
  searchQuestions,
  writeFileAtomic,
  MAX_BUNDLE_BYTES,
  type Database,
} from '../store';
import { listForCli, printTable } from './format';
import { registerDocumentCommands } from './documents';
import { registerEventCommands } from './events';
import { registerImportCommands } from './import';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

export interface Common {
  db?: string;
  json?: boolean;
}

/** Opens the library named by --db / IKIT_DB / the app's default, runs `fn`, always closes. */
export async function withLibrary<T>(opts: Common, fn: (db: Database, file: string) => Promise<T> | T): Promise<T> {
  const file = resolveLibraryPath(opts.db);
  const { db } = await openLibrary(file);
  try {
    return await fn(db, file);
  } finally {
    db.close();
  }
}

function jsonOut(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export const dbOption = () => new Option('--db <path>', 'library file (default: $IKIT_DB, else the desktop app’s library)');
export const jsonOption = () => new Option('--json', 'print machine-readable JSON on stdout');

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('ikit')
    .description('Interview Kit Builder: interview kits and candidate packets from your HR library.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command('init')
    .description('create the library (and with --demo, load the demo company into it)')
    .option('--demo', 'load the demo library (an empty library only)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (opts: Common & { demo?: boolean }) => {
      await withLibrary(opts, (db, file) => {
        const report = opts.demo ? loadDemo(db) : null;
        if (opts.json) jsonOut(io, { library: file, demo: report });
        else if (report) io.out(`Loaded the demo library into ${file} (${report.totals.added} records).`);
        else io.out(`Library ready at ${file}${isLibraryEmpty(db) ? ' (empty)' : ''}.`);
      });
    });

  program
    .command('company')
    .description('show the company profile')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (opts: Common) => {
      await withLibrary(opts, (db) => {
        const company = getCompany(db);
        if (opts.json) return jsonOut(io, company);
        if (!company) return io.out('No company profile yet. Run `ikit init --demo`, or fill it in in the app.');
        const { logo, values, ...rest } = company;
        for (const [k, v] of Object.entries(rest)) if (v) io.out(`${k.padEnd(14)} ${String(v)}`);
        if (values.length > 0) io.out(`${'values'.padEnd(14)} ${values.map((v) => v.name).join(', ')}`);
        io.out(`${'logo'.padEnd(14)} ${logo ? `${logo.mime} ${logo.width}×${logo.height}` : 'none'}`);
      });
    });

  program
    .command('list')
    .description(`list records: ${LIST_KINDS.join(', ')}`)
    .argument('<kind>', LIST_KINDS.join('|'))
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (kind: string, opts: Common) => {
      if (!(LIST_KINDS as readonly string[]).includes(kind)) {
        throw new AppError('usage', `Unknown kind "${kind}". Choose one of: ${LIST_KINDS.join(', ')}.`);
      }
      await withLibrary(opts, (db) => {
        const { records, table } = listForCli(db, kind as ListKind);
        if (opts.json) jsonOut(io, records);
        else printTable(io, table, `${records.length} ${kind}`);
      });
    });

  program
    .command('search')
    .description('full-text search over questions (text, probes, tags, competencies), best match first')
    .argument('<text>')
    .option('--limit <n>', 'at most this many results', '20')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (text: string, opts: Common & { limit: string }) => {
      const limit = Number.parseInt(opts.limit, 10);
      if (!Number.isFinite(limit) || limit < 1) throw new AppError('usage', '--limit must be a positive whole number.');
      await withLibrary(opts, (db) => {
        const hits = searchQuestions(db, text, { limit });
        if (opts.json) return jsonOut(io, hits.map((h) => ({ ...h.question, score: h.score })));
        if (hits.length === 0) return io.out(`No questions match "${text}".`);
        hits.forEach((h, i) => io.out(`${String(i + 1).padStart(3)}. ${h.question.text}  [${h.question.id}]`));
      });
    });

  program
    .command('backup')
    .description('copy the whole library to a backup file')
    .argument('<file>')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (file: string, opts: Common) => {
      await withLibrary(opts, async (db) => {
        const written = await backupLibrary(db, file);
        if (opts.json) jsonOut(io, { backup: written });
        else io.out(`Backed up the library to ${written}.`);
      });
    });

  program
    .command('restore')
    .description('replace the library with a backup (the replaced library is kept as a backup)')
    .argument('<file>')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (file: string, opts: Common) => {
      const result = await restoreLibrary(resolveLibraryPath(opts.db), file);
      if (opts.json) jsonOut(io, result);
      else {
        io.out(`Restored the library from ${result.restoredFrom}.`);
        if (result.previousKeptAt) io.out(`The library it replaced is kept at ${result.previousKeptAt}.`);
      }
    });

  const bundle = program.command('bundle').description('share a library between desktops as a JSON bundle');
  bundle
    .command('export')
    .description('write the library (without candidates unless asked) to a bundle file')
    .argument('<file>')
    .option('--candidates', 'include candidates (personal data)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (file: string, opts: Common & { candidates?: boolean }) => {
      await withLibrary(opts, (db) => {
        const data = exportBundle(db, { includeCandidates: opts.candidates === true });
        writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
        const counts = Object.fromEntries(Object.entries(data.entities).map(([k, v]) => [k, v?.length ?? 0]));
        if (opts.json) jsonOut(io, { file, counts });
        else io.out(`Wrote ${file}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}.`);
      });
    });
  bundle
    .command('import')
    .description('merge a bundle into the library by id (newer wins); --dry-run reports without changing anything')
    .argument('<file>')
    .option('--dry-run', 'report what would change, change nothing')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (file: string, opts: Common & { dryRun?: boolean }) => {
      // The bytes, not a string: parseBundleText reads UTF-16 and refuses other encodings, naming the byte.
      const data = parseBundleText(readUserFile(file, MAX_BUNDLE_BYTES, 'bundle'), `The file "${file}"`);
      await withLibrary(opts, (db) => {
        const report = importBundle(db, data, { dryRun: opts.dryRun === true, source: `The file "${file}"` });
        if (opts.json) return jsonOut(io, report);
        const t = report.totals;
        io.out(
          `${report.dryRun ? 'Dry run (nothing changed): would add' : 'Added'} ${t.added}, ${report.dryRun ? 'update' : 'updated'} ${t.updated}, unchanged ${t.unchanged}, conflicts ${t.conflicts}.`,
        );
        for (const c of report.conflicts) io.out(`  conflict: ${c.kind} "${c.name}": ${c.reason}`);
      });
    });

  registerDocumentCommands(program, io);
  registerImportCommands(program, io);
  registerEventCommands(program, io);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
    }
    io.err(`ikit: ${messageOf(err)}`);
    return err instanceof AppError && err.code === 'usage' ? 2 : 1;
  }
}
