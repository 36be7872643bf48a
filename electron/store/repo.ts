/**
 * The library's repository: validated, transactional reads and writes of
 * every entity, with references kept whole and the question index in step.
 * Every function takes the database first and never imports electron.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { NotFoundError, ReferencedError, ValidationError, problemsFromZod } from '../../shared/errors';
import {
  Company,
  CompanyInput,
  ExportLogEntry,
  ExportLogInput,
  type Library,
} from '../../shared/schemas';
import { validateLogo } from '../../shared/images';
import { tx } from './db';
import { stmt } from './statements';
import {
  ENTITY_DEFS,
  REFERENCES,
  columnOf,
  entityDef,
  idsAt,
  snake,
  type Codec,
  type EntityDef,
  type EntityKind,
  type EntityTypes,
  type Reference,
} from './entities';
import { reindexQuestion, reindexQuestionsOfCompetency, unindexQuestion } from './search';

type Row = Record<string, unknown>;
type Obj = Record<string, unknown>;

const now = (): string => new Date().toISOString();

/** Timestamps that always move forward, even when two writes share a millisecond. */
function nextStamp(previous?: string): string {
  const t = now();
  if (!previous || t > previous) return t;
  return new Date(Date.parse(previous) + 1).toISOString();
}

// ------------------------------------------------------------------ codecs

function encode(codec: Codec, value: unknown): unknown {
  switch (codec) {
    case 'bool':
      return value ? 1 : 0;
    case 'json':
      return JSON.stringify(value);
    case 'nullable-json':
      return value === null || value === undefined ? null : JSON.stringify(value);
    case 'nullable-text':
      return value ?? null;
    default:
      return value;
  }
}

function decode(codec: Codec, value: unknown): unknown {
  switch (codec) {
    case 'bool':
      return value === 1;
    case 'json':
      return JSON.parse(String(value));
    case 'nullable-json':
      return value === null ? null : JSON.parse(String(value));
    default:
      return value;
  }
}

function fromRow<K extends EntityKind>(def: EntityDef, row: Row): EntityTypes[K] {
  const out: Obj = { id: row.id };
  for (const [field, codec] of Object.entries(def.fields)) out[field] = decode(codec, row[snake(field)]);
  out.createdAt = row.created_at;
  out.updatedAt = row.updated_at;
  return out as EntityTypes[K];
}

// ------------------------------------------------------------------ validation

/** Parses with a zod schema, turning failure into a ValidationError naming the entity and fields. */
export function validate<S extends z.ZodType>(schema: S, noun: string, value: unknown): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(noun, problemsFromZod(result.error));
  return result.data;
}

function exists(db: Database, kind: EntityKind, id: string): boolean {
  return stmt(db, `SELECT 1 FROM ${entityDef(kind).table} WHERE id = ?`).get(id) !== undefined;
}

/** Every id a record refers to must exist. */
function checkReferences(db: Database, def: EntityDef, record: Obj): void {
  const problems = [];
  for (const ref of REFERENCES.filter((r) => r.from === def.kind)) {
    for (const id of idsAt(record, ref)) {
      if (!exists(db, ref.to, id)) {
        problems.push({ field: ref.field, message: `refers to a ${entityDef(ref.to).noun} that does not exist (${id})` });
      }
    }
  }
  if (problems.length > 0) throw new ValidationError(def.noun, problems);
}

function checkUnique(db: Database, def: EntityDef, record: Obj): void {
  if (!def.unique) return;
  const name = String(record[def.nameField]);
  const scope = def.kind === 'stages' ? ' AND role_id = ?' : '';
  const params: unknown[] = [name, record.id];
  if (def.kind === 'stages') params.push(record.roleId);
  const clash = db
    .prepare(`SELECT 1 FROM ${def.table} WHERE ${snake(def.nameField)} = ? COLLATE NOCASE AND id <> ?${scope}`)
    .get(...params);
  if (clash) {
    const where = def.kind === 'stages' ? ' for this role' : '';
    throw new ValidationError(def.noun, [
      { field: def.nameField, message: `"${name}" is already used by another ${def.noun}${where}` },
    ]);
  }
}

// ------------------------------------------------------------------ reads

export function list<K extends EntityKind>(db: Database, kind: K): EntityTypes[K][] {
  const def = entityDef(kind);
  const rows = stmt(db, `SELECT * FROM ${def.table} ORDER BY ${def.orderBy}`).all() as Row[];
  return rows.map((r) => fromRow<K>(def, r));
}

export function get<K extends EntityKind>(db: Database, kind: K, id: string): EntityTypes[K] | null {
  const def = entityDef(kind);
  const row = stmt(db, `SELECT * FROM ${def.table} WHERE id = ?`).get(id) as Row | undefined;
  return row ? fromRow<K>(def, row) : null;
}

/** Several records by id, in the order asked (missing ids are skipped). */
export function getMany<K extends EntityKind>(db: Database, kind: K, ids: readonly string[]): EntityTypes[K][] {
  if (ids.length === 0) return [];
  const def = entityDef(kind);
  const rows = stmt(
    db,
    `SELECT t.* FROM json_each(?) j JOIN ${def.table} t ON t.id = j.value ORDER BY j.key`,
  ).all(JSON.stringify(ids)) as Row[];
  return rows.map((r) => fromRow<K>(def, r));
}

export function getOrThrow<K extends EntityKind>(db: Database, kind: K, id: string): EntityTypes[K] {
  const found = get(db, kind, id);
  if (!found) throw new NotFoundError(entityDef(kind).noun, id);
  return found;
}

export function count(db: Database, kind: EntityKind): number {
  return (stmt(db, `SELECT count(*) AS n FROM ${entityDef(kind).table}`).get() as { n: number }).n;
}

/** A record's user-facing name ("Customer Support Specialist"). */
export function nameOf(kind: EntityKind, record: EntityTypes[EntityKind]): string {
  return String((record as unknown as Obj)[entityDef(kind).nameField]);
}

// ------------------------------------------------------------------ writes

function writeRow(db: Database, def: EntityDef, record: Obj, mode: 'insert' | 'update'): void {
  const cols = Object.keys(def.fields).map(snake);
  const values = Object.entries(def.fields).map(([f, codec]) => encode(codec, record[f]));
  if (mode === 'insert') {
    const all = ['id', ...cols, 'created_at', 'updated_at'];
    stmt(db, `INSERT INTO ${def.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`).run(
      record.id,
      ...values,
      record.createdAt,
      record.updatedAt,
    );
  } else {
    const sets = [...cols, 'updated_at'].map((c) => `${c} = ?`).join(', ');
    stmt(db, `UPDATE ${def.table} SET ${sets} WHERE id = ?`).run(...values, record.updatedAt, record.id);
  }
}

function afterWrite(db: Database, kind: EntityKind, record: Obj, previous: Obj | null): void {
  if (kind === 'questions') reindexQuestion(db, record as unknown as EntityTypes['questions']);
  if (kind === 'competencies' && previous && previous.name !== record.name) {
    reindexQuestionsOfCompetency(db, String(record.id));
  }
}

/**
 * Stores a complete record as given (bundle import, demo seed): validated,
 * references checked, timestamps kept. Inserts or replaces by id.
 */
export function putRecord<K extends EntityKind>(db: Database, kind: K, value: unknown): EntityTypes[K] {
  const def = entityDef(kind);
  const record = validate(def.record, def.noun, value) as Obj;
  return tx(db, () => {
    const previous = get(db, kind, String(record.id)) as Obj | null;
    checkUnique(db, def, record);
    checkReferences(db, def, record);
    writeRow(db, def, record, previous ? 'update' : 'insert');
    afterWrite(db, kind, record, previous);
    return record as EntityTypes[K];
  });
}

/** The same field values, stamps aside (values as stored: JSON-comparable). */
function sameValues(next: Obj, stored: Obj): boolean {
  const strip = ({ createdAt: _c, updatedAt: _u, ...rest }: Obj): Obj => rest;
  return stableJson(strip(next)) === stableJson(strip(stored));
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Obj).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Fields every record carries besides its own: given back by the app when it saves, never taken from input. */
const STAMPS = ['id', 'createdAt', 'updatedAt'];

/**
 * Refuses fields the schema does not have ("__proto__", a misspelt "titel"),
 * naming them, rather than dropping them without a word.
 */
function refuseUnknownFields(noun: string, schema: z.ZodObject, input: unknown, extra: readonly string[]): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
  const known = new Set([...Object.keys(schema.shape), ...extra]);
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValidationError(noun, [{ field: '', message: `has unknown field(s): ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}` }]);
  }
}

export function create<K extends EntityKind>(db: Database, kind: K, input: unknown): EntityTypes[K] {
  const def = entityDef(kind);
  refuseUnknownFields(def.noun, def.input, input, STAMPS);
  const parsed = validate(def.input, def.noun, input) as Obj;
  const stamp = now();
  const record = { ...parsed, id: parsed.id ?? randomUUID(), createdAt: stamp, updatedAt: stamp };
  return tx(db, () => {
    if (exists(db, kind, String(record.id))) {
      throw new ValidationError(def.noun, [{ field: 'id', message: `is already used by another ${def.noun}` }]);
    }
    checkUnique(db, def, record);
    checkReferences(db, def, record);
    writeRow(db, def, record, 'insert');
    afterWrite(db, kind, record, null);
    return record as EntityTypes[K];
  });
}

/** Applies a partial change to a record; the merged result is validated whole. */
export function update<K extends EntityKind>(db: Database, kind: K, id: string, patch: unknown): EntityTypes[K] {
  const def = entityDef(kind);
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new ValidationError(def.noun, [{ field: '', message: 'changes must be an object of fields' }]);
  }
  refuseUnknownFields(def.noun, def.input, patch, STAMPS);
  return tx(db, () => {
    const previous = getOrThrow(db, kind, id) as unknown as Obj;
    const { id: _ignoredId, createdAt, updatedAt, ...rest } = previous;
    const merged = validate(def.input, def.noun, { ...rest, ...(patch as Obj), id }) as Obj;
    // Saving what is already stored changes nothing, not even the time it was last changed
    // (which decides which side wins when bundles are merged).
    if (sameValues(merged, previous)) return previous as unknown as EntityTypes[K];
    const record = { ...merged, id, createdAt, updatedAt: nextStamp(String(updatedAt)) };
    checkUnique(db, def, record);
    checkReferences(db, def, record);
    writeRow(db, def, record, 'update');
    afterWrite(db, kind, record, previous);
    return record as EntityTypes[K];
  });
}

// ------------------------------------------------------------------ deletes

function referencingIds(db: Database, ref: Reference, id: string): string[] {
  const table = entityDef(ref.from).table;
  const sql = ref.many
    ? `SELECT t.id FROM ${table} t WHERE EXISTS (SELECT 1 FROM json_each(t.${columnOf(ref)}${ref.jsonPath ? `, '${ref.jsonPath}'` : ''}) j WHERE j.value = ?)`
    : `SELECT t.id FROM ${table} t WHERE t.${columnOf(ref)} = ?`;
  return (stmt(db, sql).all(id) as { id: string }[]).map((r) => r.id);
}

/** What still points at a record, counted by kind ("3 questions", "1 stage"). */
export function usage(db: Database, kind: EntityKind, id: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const ref of REFERENCES.filter((r) => r.to === kind)) {
    const n = referencingIds(db, ref, id).length;
    if (n === 0) continue;
    const key = entityDef(ref.from).table.replace(/_/g, ' ');
    counts[key] = Math.max(counts[key] ?? 0, n);
  }
  return counts;
}

function detach(db: Database, ref: Reference, holderId: string, id: string): void {
  const holder = getOrThrow(db, ref.from, holderId) as unknown as Obj;
  const [head, leaf] = ref.field.includes('.') ? (ref.field.split('.') as [string, string]) : [ref.field, null];
  let patch: Obj;
  if (leaf) {
    const inner = { ...(holder[head] as Obj) };
    inner[leaf] = (inner[leaf] as string[]).filter((x) => x !== id);
    patch = { [head]: inner };
  } else {
    patch = { [head]: (holder[head] as string[]).filter((x) => x !== id) };
  }
  try {
    update(db, ref.from, holderId, patch);
  } catch (err) {
    if (err instanceof ValidationError) {
      const noun = entityDef(ref.from).noun;
      const name = nameOf(ref.from, holder as unknown as EntityTypes[EntityKind]);
      throw new ValidationError(noun, [
        {
          field: ref.field,
          message: `of "${truncate(name)}" would be left empty by this delete (${err.problems.map((p) => p.message).join('; ')}); change it first`,
        },
      ]);
    }
    throw err;
  }
}

function truncate(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Deletes a record. If anything still refers to it the delete is refused with
 * the counts, unless `cascade`: then dependants are deleted (a bank's
 * questions, a role's stages), lists drop the id, and single links are cleared.
 */
export function remove(db: Database, kind: EntityKind, id: string, opts: { cascade?: boolean } = {}): void {
  const def = entityDef(kind);
  tx(db, () => {
    const record = getOrThrow(db, kind, id);
    const refs = usage(db, kind, id);
    if (Object.keys(refs).length > 0 && !opts.cascade) {
      throw new ReferencedError(def.noun, truncate(nameOf(kind, record)), refs);
    }
    for (const ref of REFERENCES.filter((r) => r.to === kind)) {
      for (const holderId of referencingIds(db, ref, id)) {
        if (ref.onCascade === 'delete') remove(db, ref.from, holderId, { cascade: true });
        else if (ref.onCascade === 'detach') detach(db, ref, holderId, id);
        else update(db, ref.from, holderId, { [ref.field]: null });
      }
    }
    if (kind === 'questions') unindexQuestion(db, id);
    stmt(db, `DELETE FROM ${def.table} WHERE id = ?`).run(id);
  });
}

// ------------------------------------------------------------------ company profile

const COMPANY_FIELDS: Record<string, Codec> = {
  name: 'text',
  tagline: 'text',
  mission: 'text',
  values: 'json',
  story: 'text',
  website: 'text',
  careersUrl: 'text',
  contactName: 'text',
  contactEmail: 'text',
  contactPhone: 'text',
  logo: 'nullable-json',
  brandColor: 'text',
  pageSize: 'text',
  language: 'text',
};

export function getCompany(db: Database): Company | null {
  const row = stmt(db, `SELECT * FROM company WHERE id = 1`).get() as Row | undefined;
  if (!row) return null;
  const out: Obj = {};
  for (const [field, codec] of Object.entries(COMPANY_FIELDS)) out[field] = decode(codec, row[snake(field)]);
  out.updatedAt = row.updated_at;
  return out as Company;
}

/** Saves the whole company profile (or merges a partial change into the existing one). */
export function saveCompany(db: Database, input: unknown, opts: { keepTimestamp?: boolean } = {}): Company {
  return tx(db, () => {
    const previous = getCompany(db);
    const base: Obj = previous ? { ...previous } : {};
    delete base.updatedAt;
    refuseUnknownFields('company profile', CompanyInput, input, ['updatedAt']);
    const merged = { ...base, ...(input && typeof input === 'object' ? (input as Obj) : {}) };
    const parsed = validate(CompanyInput, 'company profile', merged);
    if (previous && !opts.keepTimestamp && sameValues(parsed as unknown as Obj, previous as unknown as Obj)) return previous;
    if (parsed.logo) validateLogo(parsed.logo, 'company profile', 'logo');
    const incomingStamp = (input as Obj | null)?.updatedAt;
    const updatedAt =
      opts.keepTimestamp && typeof incomingStamp === 'string' ? incomingStamp : nextStamp(previous?.updatedAt);
    const record: Company = { ...parsed, updatedAt };
    const cols = Object.keys(COMPANY_FIELDS).map((f) => (f === 'values' ? '"values"' : snake(f)));
    const values = Object.entries(COMPANY_FIELDS).map(([f, codec]) => encode(codec, (record as unknown as Obj)[f]));
    stmt(db, 
      `INSERT OR REPLACE INTO company (id, ${cols.join(', ')}, updated_at) VALUES (1, ${cols.map(() => '?').join(', ')}, ?)`,
    ).run(...values, record.updatedAt);
    return record;
  });
}

// ------------------------------------------------------------------ the whole library

export function loadLibrary(db: Database): Library {
  return {
    company: getCompany(db),
    products: list(db, 'products'),
    benefits: list(db, 'benefits'),
    competencies: list(db, 'competencies'),
    questionBanks: list(db, 'questionBanks'),
    questions: list(db, 'questions'),
    roles: list(db, 'roles'),
    stages: list(db, 'stages'),
    interviewers: list(db, 'interviewers'),
    events: list(db, 'events'),
    candidates: list(db, 'candidates'),
  };
}

export function isLibraryEmpty(db: Database): boolean {
  return getCompany(db) === null && ENTITY_DEFS.every((d) => count(db, d.kind) === 0);
}

// ------------------------------------------------------------------ export log

export function logExport(db: Database, input: unknown): ExportLogEntry {
  const parsed = validate(ExportLogInput, 'export log entry', input);
  const entry: ExportLogEntry = { ...parsed, id: randomUUID(), createdAt: now() };
  stmt(db, 
    `INSERT INTO export_log (id, kind, format, subject, candidate_id, role_id, path, sha256, created_at)
     VALUES (@id, @kind, @format, @subject, @candidateId, @roleId, @path, @sha256, @createdAt)`,
  ).run(entry);
  return entry;
}

export function listExports(db: Database, limit = 200): ExportLogEntry[] {
  const rows = db
    .prepare(
      `SELECT id, kind, format, subject, candidate_id AS candidateId, role_id AS roleId, path, sha256, created_at AS createdAt
       FROM export_log ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    )
    .all(limit) as ExportLogEntry[];
  return rows;
}
