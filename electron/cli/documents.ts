/** `ikit kit` and `ikit packet`: write documents for one interview. */
import type { Command } from 'commander';
import { PdfPrinter } from '../documents';
import {
  exportKit,
  exportPacket,
  parseFormats,
  type DocFormat,
  type ExportResult,
  type WriteOptions,
} from '../services/documents';
import type { Database } from '../store';
import { dbOption, jsonOption, withLibrary, type Common, type Io } from './main';

interface DocOpts extends Common {
  role: string;
  candidate?: string;
  interviewer?: string;
  event?: string;
  format: string;
  out: string;
  force?: boolean;
}

async function withPrinter<T>(formats: DocFormat[], fn: (printer: PdfPrinter | null) => Promise<T>): Promise<T> {
  const printer = formats.includes('pdf') ? await PdfPrinter.launch() : null;
  try {
    return await fn(printer);
  } finally {
    await printer?.close();
  }
}

function report(io: Io, result: ExportResult, json: boolean | undefined): void {
  if (json) {
    io.out(JSON.stringify({ files: result.files.map((f) => f.path), warnings: result.warnings }, null, 2));
    return;
  }
  for (const f of result.files) io.out(`Wrote ${f.path}`);
  for (const w of result.warnings) io.err(`warning: ${w.message}`);
}

export function registerDocumentCommands(program: Command, io: Io): void {
  const common = (cmd: Command) =>
    cmd
      .requiredOption('--role <name|id>', 'the role')
      .option('--candidate <name|id>', 'a candidate of the library')
      .option('--interviewer <name|id>', 'the interviewer')
      .option('--format <formats>', 'docx, pdf or html (comma-separated for several)', 'docx')
      .requiredOption('--out <dir>', 'folder to write to')
      .option('--force', 'overwrite a file of the same name instead of numbering the new one')
      .addOption(dbOption())
      .addOption(jsonOption());

  /** Opens the library (and Chromium, for PDF), writes, prints what was written. */
  const run = async (opts: DocOpts, write: (db: Database, options: WriteOptions) => Promise<ExportResult>) => {
    const formats = parseFormats(opts.format);
    const result = await withLibrary(opts, (db) =>
      withPrinter(formats, (printer) => write(db, { outDir: opts.out, formats, force: opts.force === true, printer })),
    );
    report(io, result, opts.json);
  };

  common(program.command('kit').description('write the interview kit for one interview'))
    .requiredOption('--stage <name|id>', 'the interview stage of the role')
    .option('--date <YYYY-MM-DD>', 'the interview date (default: the candidate’s interview time)')
    .action((opts: DocOpts & { stage: string; date?: string }) =>
      run(opts, (db, write) =>
        exportKit(db, { role: opts.role, stage: opts.stage, candidate: opts.candidate, interviewer: opts.interviewer, date: opts.date }, write),
      ),
    );

  common(program.command('packet').description('write the candidate take-away packet'))
    .option('--event <name|id>', 'the hiring event (default: the candidate’s event)')
    .action((opts: DocOpts) =>
      run(opts, (db, write) =>
        exportPacket(db, { role: opts.role, candidate: opts.candidate, event: opts.event, interviewer: opts.interviewer }, write),
      ),
    );
}
