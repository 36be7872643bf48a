/**
 * The preview of an import: every row checked as the store would check it
 * (zod schemas, names matched to the library, duplicates in the file and in
 * the library), with a message per problem naming the column. Writes nothing.
 */
import type { z } from 'zod';
import { AppError, ValidationError, type FieldProblem } from '../../../shared/errors';
import {
  CandidateImportInput,
  QuestionImportInput,
  draftCandidate,
  draftQuestion,
  fieldInfo,
  fieldsOf,
  missingColumns,
  parseDateText,
  parseInterviewTime,
  personKey,
  questionKey,
  type CandidateImportInput as CandidateRowInput,
  type CandidatesPreview,
  type ImportKind,
  type ImportMapping,
  type ImportOptions,
  type ImportPreview,
  type ImportTable,
  type ImportTableRow,
  type QuestionImportInput as QuestionRowInput,
  type QuestionsPreview,
  type RowProblem,
} from '../../../shared/import-mapping';
import { closestNames, matchOne } from '../../../shared/matching';
import type { HiringEvent, QuestionBank } from '../../../shared/schemas';
import { findByKey, list, validate, type Database } from '../../store';
import { ImportFileError } from './common';

type Mapping = Record<string, number | null | undefined>;
type PreviewRowOf<I> = { line: number; ok: true; input: I } | { line: number; ok: false; errors: string[] };

/**
 * Checks every row of `table` as `kind`, with `mapping` saying which column
 * holds which field. Throws only for problems with the file as a whole (a
 * required column not mapped, an unknown --event); row problems are rows.
 */
export function previewImport(
  db: Database,
  kind: 'questions',
  table: ImportTable,
  mapping: ImportMapping<'questions'>,
  options?: ImportOptions,
): QuestionsPreview;
export function previewImport(
  db: Database,
  kind: 'candidates',
  table: ImportTable,
  mapping: ImportMapping<'candidates'>,
  options?: ImportOptions,
): CandidatesPreview;
export function previewImport(db: Database, kind: ImportKind, table: ImportTable, mapping: ImportMapping, options?: ImportOptions): ImportPreview;
export function previewImport(
  db: Database,
  kind: ImportKind,
  table: ImportTable,
  mapping: ImportMapping,
  options: ImportOptions = {},
): ImportPreview {
  checkMapping(kind, table, mapping);
  return kind === 'questions'
    ? previewQuestions(db, table, mapping as ImportMapping<'questions'>, options)
    : previewCandidates(db, table, mapping as ImportMapping<'candidates'>, options);
}

/** Rows that cannot be imported, with one line of reasons each. */
export function rejectedRows(preview: ImportPreview): { line: number; reason: string }[] {
  return preview.rows.flatMap((r) => (r.ok ? [] : [{ line: r.line, reason: r.errors.join('; ') }]));
}

// ---------------------------------------------------------------- the mapping

function checkMapping(kind: ImportKind, table: ImportTable, mapping: ImportMapping): void {
  const known = new Set<string>(fieldsOf(kind));
  for (const [field, index] of Object.entries(mapping as Mapping)) {
    if (!known.has(field)) throw new AppError('usage', `"${field}" is not a field of ${kind}; use one of: ${[...known].join(', ')}.`);
    if (index === null || index === undefined) continue;
    if (!Number.isInteger(index) || index < 0 || index >= table.headers.length) {
      throw new AppError('usage', `The ${field} column (${index}) is not a column of "${table.file}" (it has ${table.headers.length}).`);
    }
  }
  const missing = missingColumns(kind, mapping);
  if (missing.length > 0) {
    const named = table.headers.filter((h) => h !== '');
    const columns = named.slice(0, 20).map((h) => `"${shown(h)}"`);
    const more = named.length > 20 ? ` and ${named.length - 20} more` : '';
    throw new ImportFileError(
      table.file,
      `has no column for ${missing.join(', nor for ')}. Its header row has: ${columns.join(', ') || 'no names'}${more}.`,
    );
  }
}

// ---------------------------------------------------------------- messages

/** How messages name a field: the file's own header when mapped, else the field's label. */
function labeller(kind: ImportKind, table: ImportTable, mapping: ImportMapping): (field: string) => string {
  const m = mapping as Mapping;
  const header = (field: string) => {
    const index = m[field];
    return typeof index === 'number' && table.headers[index] ? (table.headers[index] as string) : null;
  };
  return (field) => {
    if (kind === 'candidates' && field === 'name' && !header('name')) {
      const parts = [header('firstName'), header('lastName')].filter((h): h is string => h !== null);
      if (parts.length > 0) return parts.join(' + ');
    }
    return header(field) ?? fieldInfo(kind, field)?.label ?? field;
  };
}

const say = (label: (f: string) => string, p: RowProblem) => (p.field ? `${label(p.field)}: ${p.message}` : p.message);

const quoted = (v: unknown) => (typeof v === 'string' && v !== '' && v.length <= 60 ? `"${v}" ` : '');

/** A value as a message quotes it: at most 60 characters (a cell may hold a megabyte). */
function shown(value: string): string {
  if (value.length <= 60) return value;
  const cut = /[\uD800-\uDBFF]$/.test(value.slice(0, 59)) ? 58 : 59;
  return `${value.slice(0, cut)}…`;
}

const MAX_PROBLEMS_PER_FIELD = 3;

/** Cells as the drafts read them: line breaks as "\n", whichever way the file wrote them. */
const cellsOf = (row: ImportTableRow): string[] => row.cells.map((c) => (c.includes('\r') ? c.replace(/\r\n?/g, '\n') : c));

/** Longer than any name: not worth comparing letter by letter for a suggestion. */
const MAX_SUGGESTING = 200;

/** Entity fields (as zod names them) → import fields. */
const ENTITY_TO_FIELD = new Map([
  ['competencyIds', 'competencies'],
  ['roleId', 'role'],
  ['eventId', 'event'],
]);

/** zod's problems as row problems: "probes.2.text" → probes, "probe 3 must …"; a short value is quoted. */
function fromValidation(problems: FieldProblem[], input: Record<string, unknown>): RowProblem[] {
  return problems.map((p) => {
    const [head = '', index] = p.field.split('.');
    const field = ENTITY_TO_FIELD.get(head) ?? head;
    if (head === 'probes' && index !== undefined) return { field, message: `probe ${Number(index) + 1} ${p.message}` };
    return { field, message: index === undefined ? `${quoted(input[head])}${p.message}` : p.message };
  });
}

/** Validates with the store's zod schemas; problems on fields that already have one are left out. */
function check<S extends z.ZodType>(
  schema: S,
  noun: string,
  input: Record<string, unknown>,
  problems: RowProblem[],
): z.output<S> | null {
  try {
    return validate(schema, noun, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const already = new Set(problems.map((p) => p.field));
    const perField = new Map<string, number>();
    for (const p of fromValidation(err.problems, input)) {
      const n = perField.get(p.field) ?? 0;
      perField.set(p.field, n + 1);
      // A cell of a thousand tags gives a thousand problems: the first few say enough.
      if (!already.has(p.field) && n < MAX_PROBLEMS_PER_FIELD) problems.push(p);
    }
    return null;
  }
}

/** Cells beyond the header row's columns: in a CSV, nearly always a delimiter inside a field without quotes. */
function strayCells(row: ImportTableRow, width: number): RowProblem[] {
  const extra = row.cells.slice(width).filter((c) => c !== '').length;
  if (extra === 0) return [];
  return [
    {
      field: '',
      message: `has ${extra} more cell${extra === 1 ? '' : 's'} than the header row has columns (in a CSV, put quotes around a field that contains the delimiter)`,
    },
  ];
}

/** The library record a cell names (by name or id), or a problem listing the closest names. */
function resolveName<T extends { id: string }>(
  records: readonly T[],
  typed: string,
  nameOf: (r: T) => string,
  what: { field: string; noun: string },
  problems: RowProblem[],
): T | null {
  const found = matchOne(records, typed, nameOf);
  if (found) return found;
  const names = records.map(nameOf);
  const close = typed.length <= MAX_SUGGESTING ? closestNames(typed, names) : [];
  const hint =
    close.length > 0
      ? ` (did you mean ${close.map((n) => `"${n}"`).join(' or ')}?)`
      : names.length > 0
        ? ''
        : ` (the library has no ${what.noun} yet)`;
  problems.push({ field: what.field, message: `no ${what.noun} is named "${shown(typed)}"${hint}` });
  return null;
}

function finish<I>(line: number, input: I | null, problems: RowProblem[], label: (f: string) => string): PreviewRowOf<I> {
  return input && problems.length === 0
    ? { line, ok: true, input }
    : { line, ok: false, errors: problems.length > 0 ? problems.map((p) => say(label, p)) : ['cannot be imported'] };
}

function countRows(rows: readonly { ok: boolean }[]) {
  const valid = rows.filter((r) => r.ok).length;
  return { total: rows.length, valid, rejected: rows.length - valid };
}

// ---------------------------------------------------------------- questions

interface QuestionContext {
  competencies: { id: string; name: string }[];
  banks: QuestionBank[];
  defaultBank: string;
  /** Questions already in the library by questionKey → their bank's name. */
  existing: Map<string, string>;
  /** Rows seen so far by questionKey → line. */
  seen: Map<string, number>;
  /** Banks to create, by lower-case name → the spelling first met. */
  newBanks: Map<string, string>;
}

/** The library's questions by text, as `questionKey` → the name of their bank. */
export function libraryQuestionKeys(db: Database): Map<string, string> {
  const bankNames = new Map(list(db, 'questionBanks').map((b) => [b.id, b.name]));
  return new Map(list(db, 'questions').map((q) => [questionKey(q.text), bankNames.get(q.bankId) ?? '?']));
}

function previewQuestions(db: Database, table: ImportTable, mapping: ImportMapping<'questions'>, options: ImportOptions): QuestionsPreview {
  const defaultBank = options.bank?.trim() ?? '';
  if (defaultBank === '' && typeof mapping.bank !== 'number') {
    throw new AppError('usage', `Choose the question bank for "${table.file}": name one for the import (ikit: --bank <name>), or add a "Bank" column.`);
  }
  const ctx: QuestionContext = {
    competencies: list(db, 'competencies'),
    banks: list(db, 'questionBanks'),
    defaultBank,
    existing: libraryQuestionKeys(db),
    seen: new Map(),
    newBanks: new Map(),
  };
  const label = labeller('questions', table, mapping);
  const rows = table.rows.map((row) => questionRow(ctx, row, table.headers.length, mapping, label));
  const used = new Set(rows.flatMap((r) => (r.ok ? [r.input.bank.toLowerCase()] : [])));
  const newBanks = [...ctx.newBanks].filter(([key]) => used.has(key)).map(([, name]) => name);
  return { kind: 'questions', file: table.file, rows, counts: countRows(rows), newBanks };
}

function questionRow(
  ctx: QuestionContext,
  row: ImportTableRow,
  width: number,
  mapping: ImportMapping<'questions'>,
  label: (f: string) => string,
): PreviewRowOf<QuestionRowInput> {
  const draft = draftQuestion(cellsOf(row), mapping);
  const problems = [...strayCells(row, width), ...draft.problems];
  const competencyIds = resolveCompetencies(ctx, draft.competencyNames, problems);
  const bank = bankFor(ctx, draft.bankName || ctx.defaultBank, problems);
  const input = check(QuestionImportInput, 'question', { ...draft.values, competencyIds, bank }, problems);
  problems.push(...questionDuplicates(ctx, draft.values.text, row.line));
  return finish(row.line, input, problems, label);
}

/** Names split on ; or |; a part that is no name but whose comma-separated pieces all are counts too. */
function resolveCompetencies(ctx: QuestionContext, names: string[], problems: RowProblem[]): string[] {
  const nameOf = (c: { name: string }) => c.name;
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of new Set(names)) {
    const whole = matchOne(ctx.competencies, name, nameOf);
    const pieces = whole ? [] : name.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const byComma = pieces.length > 1 ? pieces.map((p) => matchOne(ctx.competencies, p, nameOf)) : [];
    if (whole) ids.push(whole.id);
    else if (byComma.length > 0 && byComma.every((c) => c !== null)) ids.push(...byComma.map((c) => c.id));
    else unknown.push(name);
  }
  for (const name of unknown.slice(0, MAX_PROBLEMS_PER_FIELD)) {
    resolveName(ctx.competencies, name, nameOf, { field: 'competencies', noun: 'competency' }, problems);
  }
  if (unknown.length > MAX_PROBLEMS_PER_FIELD) {
    problems.push({ field: 'competencies', message: `and ${unknown.length - MAX_PROBLEMS_PER_FIELD} more names that are no competency` });
  }
  return [...new Set(ids)];
}

/** The bank's name as stored: an existing bank's own spelling, or the first spelling of a new one. */
function bankFor(ctx: QuestionContext, typed: string, problems: RowProblem[]): string {
  if (typed === '') {
    problems.push({ field: 'bank', message: 'is empty; name the bank here, or choose a bank for the whole import' });
    return '';
  }
  const existing = matchOne(ctx.banks, typed, (b) => b.name);
  if (existing) return existing.name;
  const key = typed.toLowerCase();
  if (!ctx.newBanks.has(key)) ctx.newBanks.set(key, typed);
  return ctx.newBanks.get(key) ?? typed;
}

function questionDuplicates(ctx: QuestionContext, text: string, line: number): RowProblem[] {
  const key = questionKey(text);
  if (key === '') return [];
  const earlier = ctx.seen.get(key);
  if (earlier === undefined) ctx.seen.set(key, line);
  const problems: RowProblem[] = [];
  if (earlier !== undefined) problems.push({ field: 'text', message: `the same question is also on line ${earlier}` });
  const bank = ctx.existing.get(key);
  if (bank !== undefined) problems.push({ field: 'text', message: `the library already has this question (bank "${bank}")` });
  return problems;
}

// ---------------------------------------------------------------- candidates

interface CandidateContext {
  roles: { id: string; title: string }[];
  events: HiringEvent[];
  defaultEvent: HiringEvent | null;
  library: CandidateKeys;
  seen: { emails: Map<string, number>; people: Map<string, number> };
}

/** The library's candidates by email and by name + role, each → the candidate's name. */
export interface CandidateKeys {
  emails: Map<string, string>;
  people: Map<string, string>;
}

export const personRoleKey = (name: string, roleId: string | null): string => `${personKey(name)}\u0001${roleId ?? ''}`;

export function libraryCandidateKeys(db: Database): CandidateKeys {
  const keys: CandidateKeys = { emails: new Map(), people: new Map() };
  for (const c of list(db, 'candidates')) {
    if (c.email) keys.emails.set(personKey(c.email), c.name);
    keys.people.set(personRoleKey(c.name, c.roleId), c.name);
  }
  return keys;
}

function previewCandidates(
  db: Database,
  table: ImportTable,
  mapping: ImportMapping<'candidates'>,
  options: ImportOptions,
): CandidatesPreview {
  const eventKey = options.event?.trim() ?? '';
  const ctx: CandidateContext = {
    roles: list(db, 'roles'),
    events: list(db, 'events'),
    defaultEvent: eventKey ? findByKey(db, 'events', eventKey) : null,
    library: libraryCandidateKeys(db),
    seen: { emails: new Map(), people: new Map() },
  };
  const label = labeller('candidates', table, mapping);
  const rows = table.rows.map((row) => candidateRow(ctx, row, table.headers.length, mapping, label));
  return { kind: 'candidates', file: table.file, rows, counts: countRows(rows) };
}

function candidateRow(
  ctx: CandidateContext,
  row: ImportTableRow,
  width: number,
  mapping: ImportMapping<'candidates'>,
  label: (f: string) => string,
): PreviewRowOf<CandidateRowInput> {
  const draft = draftCandidate(cellsOf(row), mapping);
  const problems = [...strayCells(row, width), ...draft.problems];
  const role = draft.roleName
    ? resolveName(ctx.roles, draft.roleName, (r) => r.title, { field: 'role', noun: 'role' }, problems)
    : null;
  const event = draft.eventName
    ? resolveName(ctx.events, draft.eventName, (e) => e.name, { field: 'event', noun: 'hiring event' }, problems)
    : ctx.defaultEvent;
  const interviewAt = interviewTime(draft.interviewTime, draft.interviewDate, event, problems);
  const values = { ...draft.values, roleId: role?.id ?? null, eventId: event?.id ?? null, interviewAt };
  const input = check(CandidateImportInput, 'candidate', values, problems);
  problems.push(...candidateDuplicates(ctx, draft.values, role?.id ?? (draft.roleName ? `?${personKey(draft.roleName)}` : null), row.line));
  return finish(row.line, input, problems, label);
}

function interviewTime(time: string, date: string, event: HiringEvent | null, problems: RowProblem[]): string | null {
  let day = event?.date ?? null;
  if (date !== '') {
    day = parseDateText(date);
    if (!day) {
      problems.push({ field: 'interviewDate', message: `"${shown(date)}" is not a date; write it as 2027-03-13 or 3/13/2027` });
      return null;
    }
    if (time === '') {
      problems.push({ field: 'interviewAt', message: `is empty, but the date "${shown(date)}" is given; add the time` });
      return null;
    }
  }
  const parsed = parseInterviewTime(time, day);
  if (parsed.ok) return parsed.value;
  problems.push({ field: 'interviewAt', message: parsed.message });
  return null;
}

function candidateDuplicates(
  ctx: CandidateContext,
  values: { name: string; email: string },
  roleKey: string | null,
  line: number,
): RowProblem[] {
  const problems: RowProblem[] = [];
  const email = personKey(values.email);
  if (email !== '') {
    const earlier = ctx.seen.emails.get(email);
    if (earlier === undefined) ctx.seen.emails.set(email, line);
    else problems.push({ field: 'email', message: `"${shown(values.email)}" is also on line ${earlier}` });
    const known = ctx.library.emails.get(email);
    if (known !== undefined) {
      problems.push({ field: 'email', message: `"${shown(values.email)}" is already the email of candidate "${known}" in the library` });
    }
  }
  if (personKey(values.name) === '') return problems;
  const person = personRoleKey(values.name, roleKey);
  const earlier = ctx.seen.people.get(person);
  if (earlier === undefined) ctx.seen.people.set(person, line);
  else problems.push({ field: 'name', message: `"${shown(values.name)}" for the same role is also on line ${earlier}` });
  if (ctx.library.people.has(person)) {
    problems.push({ field: 'name', message: `"${shown(values.name)}" for the same role is already a candidate in the library` });
  }
  return problems;
}
