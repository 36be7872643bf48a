/**
 * The IPC contract: every channel between the window and the main process,
 * declared once with zod schemas for its input and its output. The preload's
 * allowlist, the renderer's typed client, the main process's handler
 * registration and the test bridge are all derived from this object.
 */
import { z } from 'zod';
import { EDITABLE_KINDS } from './forms';
import { ImportKindSchema, ImportMappingSchema, ImportOptionsSchema, ImportResultSchema } from './import-mapping';
import { Company, Id, QuestionType, Difficulty } from './schemas';

const Warning = z.object({ code: z.string(), message: z.string() });
const Records = z.array(z.record(z.string(), z.unknown()));
const EditableKind = z.enum(EDITABLE_KINDS);

export const KitChoice = z.object({
  roleId: Id,
  stageId: Id,
  candidateId: Id.nullable().default(null),
  interviewerIds: z.array(Id).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/)
    .optional(),
});
export const PacketChoice = z.object({
  roleId: Id,
  candidateId: Id.nullable().default(null),
  eventId: Id.nullable().default(null),
  interviewerIds: z.array(Id).optional(),
});
const DocumentRequest = z.discriminatedUnion('document', [
  z.object({ document: z.literal('kit'), choice: KitChoice }),
  z.object({ document: z.literal('packet'), choice: PacketChoice }),
]);

/** A spreadsheet the user picked in the window, sent as base64 (at most 10 MB of file). */
const ImportRequest = z.object({
  kind: ImportKindSchema,
  fileName: z.string().min(1).max(500),
  data: z.string().max(14_000_000, { message: 'file is too large (the limit is 10 MB)' }),
  /** Column of each field; omitted, the columns are guessed from the headers. */
  mapping: ImportMappingSchema.nullable().default(null),
  options: ImportOptionsSchema.default({}),
});

const JobStatus = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  folder: z.string(),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    elapsedMs: z.number(),
    etaMs: z.number().nullable(),
    current: z.string(),
  }),
  written: z.number().int(),
  skipped: z.number().int(),
  failed: z.array(z.object({ candidate: z.string(), document: z.string(), reason: z.string() })),
  error: z.string().nullable(),
});
const BatchFormats = z.array(z.enum(['docx', 'pdf'])).min(1, { message: 'choose Word, PDF or both' });

export const contract = {
  'library.summary': {
    input: z.void(),
    output: z.object({
      libraryPath: z.string(),
      companyName: z.string().nullable(),
      counts: z.record(z.string(), z.number().int()),
    }),
  },
  'company.get': { input: z.void(), output: Company.nullable() },
  'company.save': { input: z.record(z.string(), z.unknown()), output: Company },
  'entities.list': { input: z.object({ kind: EditableKind }), output: Records },
  'entities.create': {
    input: z.object({ kind: EditableKind, values: z.record(z.string(), z.unknown()) }),
    output: z.record(z.string(), z.unknown()),
  },
  'entities.update': {
    input: z.object({ kind: EditableKind, id: Id, changes: z.record(z.string(), z.unknown()) }),
    output: z.record(z.string(), z.unknown()),
  },
  'entities.remove': {
    input: z.object({ kind: EditableKind, id: Id, cascade: z.boolean().default(false) }),
    output: z.object({ removed: z.literal(true) }),
  },
  'questions.search': {
    input: z.object({
      text: z.string().max(500),
      competencyId: Id.optional(),
      type: QuestionType.optional(),
      difficulty: Difficulty.optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    output: z.array(z.object({ id: Id, text: z.string(), score: z.number() })),
  },
  'documents.preview': {
    input: DocumentRequest,
    output: z.object({ html: z.string(), warnings: z.array(Warning) }),
  },
  'documents.export': {
    input: DocumentRequest.and(z.object({ format: z.enum(['docx', 'pdf']) })),
    output: z.object({ path: z.string().nullable(), warnings: z.array(Warning) }),
  },
  'import.preview': {
    input: ImportRequest,
    output: z.object({
      headers: z.array(z.string()),
      mapping: ImportMappingSchema,
      unmapped: z.array(z.string()),
      counts: z.object({ total: z.number().int(), valid: z.number().int(), rejected: z.number().int() }),
      /** The first rows as they would be imported: a label, or the reasons a row is refused. */
      rows: z.array(z.object({ line: z.number().int(), ok: z.boolean(), label: z.string(), errors: z.array(z.string()) })),
      newBanks: z.array(z.string()),
    }),
  },
  'import.commit': { input: ImportRequest, output: ImportResultSchema },
  /** Every candidate's kits and packet for an event, into a folder the user picks; null if they cancel the picker. */
  'events.export.start': {
    input: z.object({ eventId: Id, formats: BatchFormats, combined: z.boolean().default(false) }),
    output: JobStatus.nullable(),
  },
  'events.export.status': { input: z.object({ jobId: z.string().uuid() }), output: JobStatus },
  'events.export.cancel': { input: z.object({ jobId: z.string().uuid() }), output: JobStatus },
  /** The check-in list and each interviewer's schedule. */
  'events.sheets': {
    input: z.object({ eventId: Id, formats: BatchFormats }),
    output: z.object({ files: z.array(z.string()) }).nullable(),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

export interface IpcError {
  code: string;
  message: string;
  /** For a validation error: each field and what is wrong with it, to show at the field. */
  fields?: { field: string; message: string }[];
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the preload exposes as `window.api`, and what the test bridge provides in its place. */
export interface WindowApi {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  onMenu(listener: (action: MenuAction) => void): () => void;
}

/** Menu commands the main process forwards to the window (File ▸ Export Word…). */
export const MENU_ACTIONS = ['new-kit', 'export-docx', 'export-pdf', 'print'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];
