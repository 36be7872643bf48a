/**
 * The main process's side of the IPC contract, without Electron: one handler
 * per channel over an open library, and a dispatcher that validates input,
 * runs the handler, checks its output and turns any failure into a message a
 * user can read. electron/main registers `dispatch` with ipcMain; the e2e test
 * bridge calls the same `dispatch` over HTTP. Only the transport differs.
 */
import { AppError, ValidationError, messageOf, problemsFromZod } from '../../shared/errors';
import {
  contract,
  isChannel,
  type Channel,
  type IpcResult,
  type OutputOf,
  type ParsedInputOf,
} from '../../shared/ipc';
import { LIST_KINDS, type Library } from '../../shared/schemas';
import { composeKit, composePacket, renderHtml, type Composed } from '../documents';
import {
  count,
  create,
  getCompany,
  list,
  loadLibrary,
  remove,
  saveCompany,
  searchQuestions,
  update,
  type Database,
  type EntityKind,
} from '../store';
import { writeEventSheets } from './batch';
import { BatchJobs } from './batch-jobs';
import { describeDocument, logDocument, renderTo, type HtmlPrinter } from './documents';
import { safeFileName } from '../../shared/filenames';
import { commitImport, guessMapping, previewImport, readTable, unmappedHeaders, type ImportMapping } from './import';

/** What only the desktop shell can do (dialogs, printing); tests pass fakes. */
export interface Platform {
  /** Asks where to save; null when the user cancels. */
  chooseSavePath(suggestedName: string, format: 'docx' | 'pdf'): Promise<string | null>;
  /** Asks for a folder to write into; null when the user cancels. */
  chooseFolder(purpose: string): Promise<string | null>;
  /** Prints HTML to PDF (Electron's printToPDF in the app, Chromium in tests). */
  printer(): Promise<HtmlPrinter>;
  writeFile(path: string, bytes: Uint8Array): void;
}

export interface HandlerContext {
  db: Database;
  libraryPath: string;
  platform: Platform;
  /** The running batch exports; made here unless the caller keeps its own (to settle them on close). */
  jobs?: BatchJobs;
}

const PREVIEW_ROWS = 500;

async function importPreview(db: Database, req: ParsedInputOf<'import.preview'>) {
  const table = await readTable({ name: req.fileName, bytes: Buffer.from(req.data, 'base64') });
  const mapping = (req.mapping ?? guessMapping(req.kind, table.headers)) as ImportMapping;
  const preview = previewImport(db, req.kind, table, mapping, req.options);
  return { table, mapping, preview };
}

type Handlers = { [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C> };

function compose(lib: Library, req: ParsedInputOf<'documents.preview'>): Composed {
  return req.document === 'kit' ? composeKit(lib, req.choice) : composePacket(lib, req.choice);
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db } = ctx;
  const jobs = ctx.jobs ?? new BatchJobs(db, () => ctx.platform.printer());
  return {
    'library.summary': () => ({
      libraryPath: ctx.libraryPath,
      companyName: getCompany(db)?.name ?? null,
      counts: Object.fromEntries(LIST_KINDS.map((k) => [k, count(db, k as EntityKind)])),
    }),
    'company.get': () => getCompany(db),
    'company.save': (input) => saveCompany(db, input),
    'entities.list': ({ kind }) => list(db, kind as EntityKind) as unknown as Record<string, unknown>[],
    'entities.create': ({ kind, values }) => create(db, kind, values) as unknown as Record<string, unknown>,
    'entities.update': ({ kind, id, changes }) => update(db, kind, id, changes) as unknown as Record<string, unknown>,
    'entities.remove': ({ kind, id, cascade }) => {
      remove(db, kind, id, { cascade });
      return { removed: true as const };
    },
    'questions.search': ({ text, limit, ...filters }) =>
      searchQuestions(db, text, { ...filters, limit: limit ?? 50 }).map((h) => ({
        id: h.question.id,
        text: h.question.text,
        score: h.score,
      })),
    'documents.preview': (req) => {
      const composed = compose(loadLibrary(db), req);
      return { html: renderHtml(composed.doc, { preview: true }), warnings: composed.warnings };
    },
    'import.preview': async (req) => {
      const { table, mapping, preview } = await importPreview(db, req);
      return {
        headers: table.headers,
        mapping,
        unmapped: unmappedHeaders(table.headers, mapping),
        counts: preview.counts,
        rows: preview.rows.slice(0, PREVIEW_ROWS).map((r) =>
          r.ok
            ? { line: r.line, ok: true, label: 'text' in r.input ? r.input.text : r.input.name, errors: [] }
            : { line: r.line, ok: false, label: '', errors: r.errors },
        ),
        newBanks: preview.kind === 'questions' ? preview.newBanks : [],
      };
    },
    'import.commit': async (req) => commitImport(db, (await importPreview(db, req)).preview),
    'events.export.start': async ({ eventId, formats, combined }) => {
      const folder = await ctx.platform.chooseFolder('Choose where to save the event’s documents');
      return folder ? jobs.start(eventId, folder, formats, combined) : null;
    },
    'events.export.status': ({ jobId }) => jobs.status(jobId),
    'events.export.cancel': ({ jobId }) => jobs.cancel(jobId),
    'events.sheets': async ({ eventId, formats }) => {
      const folder = await ctx.platform.chooseFolder('Choose where to save the event-day sheets');
      if (!folder) return null;
      const printer = formats.includes('pdf') ? await ctx.platform.printer() : null;
      const result = await writeEventSheets(db, eventId, folder, formats, { printer });
      return { files: result.files.map((f) => f.path) };
    },
    'documents.export': async (req) => {
      const lib = loadLibrary(db);
      const composed = compose(lib, req);
      const described = describeDocument(lib, req.document, req.choice);
      const target = await ctx.platform.chooseSavePath(safeFileName(described.nameParts, req.format), req.format);
      if (!target) return { path: null, warnings: composed.warnings };
      const bytes = await renderTo(composed, req.format, req.format === 'pdf' ? await ctx.platform.printer() : null);
      ctx.platform.writeFile(target, bytes);
      logDocument(db, req.document, described, req.format, target, bytes);
      return { path: target, warnings: composed.warnings };
    },
  };
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export function createDispatcher(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `Unknown request "${String(channel)}".` } };
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(payload, { reportInput: true });
    if (!parsed.success) {
      const err = new ValidationError(`request ${channel}`, problemsFromZod(parsed.error));
      return { ok: false, error: { code: err.code, message: err.message, fields: err.problems } };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        return { ok: false, error: { code: 'bad-output', message: `Internal error: ${channel} returned an unexpected result.` } };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof ValidationError) {
        return { ok: false, error: { code: err.code, message: err.message, fields: err.problems } };
      }
      return { ok: false, error: { code: err instanceof AppError ? err.code : 'error', message: messageOf(err) } };
    }
  };
}
