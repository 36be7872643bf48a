/**
 * Library bundles: a versioned JSON file for sharing a library between
 * colleagues' desktops. Import merges by id — the newer `updatedAt` wins —
 * all in one transaction, and reports what it added, updated, left alone and
 * could not merge. A dry run does the same work and rolls it back.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError, ValidationError, messageOf, problemsFromZod, type FieldProblem } from '../../shared/errors';
import { validateLogo } from '../../shared/images';
import { Company } from '../../shared/schemas';
import { firstInvalidUtf8 } from '../../shared/text';
import { tx } from './db';
import { ENTITY_DEFS, REFERENCES, entityDef, idsAt, type EntityKind } from './entities';
import { LATEST_VERSION } from './migrations';
import { get, getCompany, list, nameOf, putRecord, saveCompany } from './repo';
import { rebuildQuestionIndex } from './search';

export const BUNDLE_FORMAT = 'interview-kit-builder/library-bundle';
export const BUNDLE_VERSION = 1;
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export type BundleKind = EntityKind;

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: number;
  exportedAt: string;
  schemaVersion: number;
  includesCandidates: boolean;
  company: Company | null;
  entities: Partial<Record<EntityKind, unknown[]>>;
}

export function exportBundle(db: Database, opts: { includeCandidates?: boolean } = {}): Bundle {
  const includeCandidates = opts.includeCandidates === true;
  const entities: Partial<Record<EntityKind, unknown[]>> = {};
  for (const def of ENTITY_DEFS) {
    if (def.kind === 'candidates' && !includeCandidates) continue;
    entities[def.kind] = list(db, def.kind);
  }
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    schemaVersion: LATEST_VERSION,
    includesCandidates: includeCandidates,
    company: getCompany(db),
    entities,
  };
}

export interface Conflict {
  kind: EntityKind | 'company';
  id: string;
  name: string;
  reason: string;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  totals: ImportCounts & { conflicts: number };
  byKind: Partial<Record<EntityKind | 'company', ImportCounts>>;
  conflicts: Conflict[];
}

const Envelope = z.object({
  format: z.string(),
  version: z.number().int().positive(),
  company: z.unknown().optional(),
  entities: z.record(z.string(), z.unknown()),
});

const NOTHING = 'Nothing was imported.';

/**
 * The text of a bundle file's bytes: UTF-8 (with or without a byte order
 * mark) or UTF-16 (with a byte order mark, or plainly ASCII-heavy UTF-16 as
 * Windows tools write it). Anything else is refused naming the file.
 */
export function decodeBundleBytes(bytes: Uint8Array, source = 'The bundle'): string {
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new AppError('bad-bundle', `${source} is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${MAX_BUNDLE_BYTES / 1048576} MB. ${NOTHING}`);
  }
  const utf16 = (le: boolean, from: number) => new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(from));
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(true, 2);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(false, 2);
    // No mark: "{" then a zero byte (little-endian), or a zero byte then "{" (big-endian).
    const first = bytes.findIndex((b) => b !== 0 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    if (bytes.length % 2 === 0 && first >= 0) {
      if (first % 2 === 0 && bytes[first + 1] === 0) return utf16(true, 0);
      if (first % 2 === 1 && bytes[first - 1] === 0) return utf16(false, 0);
    }
  } catch {
    throw new AppError('bad-bundle', `${source} looks like UTF-16 text but is damaged. ${NOTHING}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new AppError(
      'bad-bundle',
      `${source} is not UTF-8 text (byte ${at + 1} is not valid UTF-8; it may have been saved in another encoding, such as Windows-1252). Save it as UTF-8 and import it again. ${NOTHING}`,
    );
  }
}

/** "at position 1234" in a JSON.parse message, as a line and column of the text. */
function whereInText(text: string, message: string): string {
  const pos = /at position (\d+)/.exec(message);
  if (!pos) return '';
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `, line ${line}, column ${column}`;
}

/**
 * Parses a bundle's text (or the bytes of its file: then UTF-16 and byte
 * order marks are understood), refusing anything that is not JSON with a
 * clear message naming the file.
 */
export function parseBundleText(input: string | Uint8Array, source = 'The bundle'): unknown {
  const text = (typeof input === 'string' ? input : decodeBundleBytes(input, source)).replace(/^\uFEFF/, '');
  if (text.length > MAX_BUNDLE_BYTES) {
    throw new AppError('bad-bundle', `${source} is larger than the ${MAX_BUNDLE_BYTES / 1048576} MB limit. ${NOTHING}`);
  }
  if (text.trim() === '') throw new AppError('bad-bundle', `${source} is empty. ${NOTHING}`);
  // Bytes of a UTF-16 file read as UTF-8: every other character is a zero.
  // eslint-disable-next-line no-control-regex -- the zero character is what gives UTF-16 away
  if (/^(\uFFFD\uFFFD)?\s*\{?\u0000|^\u0000/.test(text) || (text.match(/\u0000/g)?.length ?? 0) > text.length / 4) {
    throw new AppError('bad-bundle', `${source} is saved as UTF-16 text and was read as UTF-8. Save it as UTF-8 and import it again. ${NOTHING}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = messageOf(err);
    if (err instanceof RangeError) throw new AppError('bad-bundle', `${source} is nested too deeply to be a library bundle. ${NOTHING}`);
    if (/Unexpected end of JSON input|Unterminated string/i.test(message)) {
      throw new AppError('bad-bundle', `${source} ends too soon: it looks cut short (an interrupted download or copy?). ${NOTHING}`);
    }
    throw new AppError('bad-bundle', `${source} is not valid JSON (${message}${whereInText(text, message)}). ${NOTHING}`);
  }
}

/** Keys that reach an object's prototype when a program copies them carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Bundles are a few levels deep (entities → kind → record → list → item → field); a thousand is an attack. */
const MAX_DEPTH = 32;

/**
 * The first problem with the shape of the data: a forbidden key anywhere
 * ("entities.roles[0].__proto__"), or nesting deeper than any bundle has.
 * Iterative, and paths are made only for what is reported, so a file nested
 * a million deep costs no more than its size.
 */
function shapeProblem(data: unknown): { key: string; at: string } | { tooDeep: true } | null {
  interface Item {
    value: unknown;
    depth: number;
    parent: Item | null;
    step: string;
  }
  const pathOf = (item: Item): string => {
    const steps: string[] = [];
    for (let i: Item | null = item; i && i.parent; i = i.parent) steps.push(i.step);
    return steps.reverse().join('').replace(/^\./, '');
  };
  const stack: Item[] = [{ value: data, depth: 0, parent: null, step: '' }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    const { value, depth } = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { tooDeep: true };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: item, step: `[${i}]` });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) return { key, at: pathOf({ value: null, depth, parent: item, step: `.${key}` }) };
    }
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k] as string;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: item, step: `.${key}` });
    }
  }
  return null;
}

const kindOfValue = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'text' : typeof v === 'number' ? 'a number' : typeof v;

function checkEnvelope(data: unknown, source: string): z.infer<typeof Envelope> {
  const isObj = data !== null && typeof data === 'object' && !Array.isArray(data);
  if (!isObj) {
    throw new AppError('bad-bundle', `${source} is not an Interview Kit Builder library bundle (it holds ${kindOfValue(data)}, not a bundle). ${NOTHING}`);
  }
  if ((data as Record<string, unknown>).format !== BUNDLE_FORMAT) {
    throw new AppError('bad-bundle', `${source} is not an Interview Kit Builder library bundle. ${NOTHING}`);
  }
  const version = (data as Record<string, unknown>).version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new AppError(
      'newer-bundle',
      `${source} was made by a newer version of Interview Kit Builder (bundle version ${version}; this version reads up to ${BUNDLE_VERSION}). Update the app to import it. ${NOTHING}`,
    );
  }
  const env = Envelope.safeParse(data, { reportInput: true });
  if (!env.success) {
    const first = problemsFromZod(env.error)[0];
    throw new AppError('bad-bundle', `${source} is damaged: ${first ? `${first.field || 'the top level'} ${first.message}` : 'unreadable'}. ${NOTHING}`);
  }
  // Checked on the raw object: a "__proto__" key must be refused, not silently dropped.
  const known = new Set<string>(ENTITY_DEFS.map((d) => d.kind));
  const rawEntities = (data as Record<string, unknown>).entities as Record<string, unknown>;
  for (const key of Object.keys(rawEntities)) {
    const value = rawEntities[key];
    if (!known.has(key)) throw new AppError('bad-bundle', `${source} has an unknown section "${key}". ${NOTHING}`);
    if (!Array.isArray(value)) throw new AppError('bad-bundle', `${source}: section "${key}" must be a list. ${NOTHING}`);
  }
  const problem = shapeProblem(data);
  if (problem && 'tooDeep' in problem) {
    throw new AppError('bad-bundle', `${source} is nested deeper than any library bundle (more than ${MAX_DEPTH} levels). ${NOTHING}`);
  }
  if (problem) {
    throw new AppError(
      'bad-bundle',
      `${source} has a key "${problem.key}" at ${problem.at}: bundles never hold one, and a program that copied it could be tricked. ${NOTHING}`,
    );
  }
  return env.data;
}

/** Lone surrogates (half of an emoji, from a text cut in the wrong place) as U+FFFD, as the library stores them. */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

/** A record's name for a message, if it has one. */
function recordName(item: unknown, field: string): string {
  const name = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
  return typeof name === 'string' && name.trim() !== '' ? ` "${name.length > 80 ? `${name.slice(0, 80)}…` : name}"` : '';
}

/** A record of the bundle that cannot be imported: names the file, the entry, the record and the field. */
function invalidRecord(source: string, entity: string, where: string, name: string, problems: FieldProblem[]): ValidationError {
  const err = new ValidationError(`${entity} (bundle ${where})`, problems.slice(0, 1));
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  err.message = `${source} has an invalid ${entity} (bundle ${where})${name}: ${formatProblem(problems[0])}${more}. ${NOTHING}`;
  return err;
}

const formatProblem = (p: FieldProblem | undefined): string => (p ? (p.field ? `${p.field} ${p.message}` : p.message) : 'is invalid');

/** JSON text of a value with object keys sorted, for comparing records' content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function sameContent(a: object, b: object): boolean {
  const strip = ({ createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
  return canonical(strip(a as Record<string, unknown>)) === canonical(strip(b as Record<string, unknown>));
}

class DryRunRollback extends Error {}

/**
 * Merges a parsed bundle into the library. All records are validated before
 * anything is written; any failure leaves the library exactly as it was.
 */
export function importBundle(
  db: Database,
  data: unknown,
  opts: { dryRun?: boolean; source?: string } = {},
): ImportReport {
  const source = opts.source ?? 'The bundle';
  const env = checkEnvelope(data, source);

  // Validate every record up front so the error names the bundle entry.
  const incoming = new Map<EntityKind, Record<string, unknown>[]>();
  for (const def of ENTITY_DEFS) {
    const items = (env.entities[def.kind] as unknown[] | undefined) ?? [];
    const firstAt = new Map<string, number>();
    const parsed = items.map((item, i) => {
      const r = def.record.safeParse(item, { reportInput: true });
      if (!r.success) throw invalidRecord(source, def.noun, `${def.kind}[${i}]`, recordName(item, def.nameField), problemsFromZod(r.error));
      const rec = wellFormed(r.data as Record<string, unknown>);
      const id = String(rec.id);
      const earlier = firstAt.get(id);
      if (earlier !== undefined) {
        throw new AppError(
          'bad-bundle',
          `${source} has two ${def.kind} with the id ${id}: ${def.kind}[${earlier}]${recordName(items[earlier], def.nameField)} and ${def.kind}[${i}]${recordName(item, def.nameField)}. ${NOTHING}`,
        );
      }
      firstAt.set(id, i);
      return rec;
    });
    incoming.set(def.kind, parsed);
  }
  let company: Company | null = null;
  if (env.company !== undefined && env.company !== null) {
    const r = Company.safeParse(env.company, { reportInput: true });
    if (!r.success) throw invalidRecord(source, 'company profile', 'company', recordName(env.company, 'name'), problemsFromZod(r.error));
    company = wellFormed(r.data);
    if (company.logo) {
      try {
        validateLogo(company.logo, 'company profile', 'logo');
      } catch (err) {
        const problems = err instanceof ValidationError ? err.problems : [{ field: 'logo', message: messageOf(err) }];
        throw invalidRecord(source, 'company profile', 'company', recordName(company, 'name'), problems);
      }
    }
  }

  // Every reference must reach a record of the bundle or of the library: checked before anything is written.
  const ids = new Map(ENTITY_DEFS.map((def) => [def.kind, new Set((incoming.get(def.kind) ?? []).map((r) => String(r.id)))]));
  for (const ref of REFERENCES) {
    for (const [i, rec] of (incoming.get(ref.from) ?? []).entries()) {
      for (const id of idsAt(rec, ref)) {
        if (ids.get(ref.to)?.has(id) || get(db, ref.to, id)) continue;
        const def = entityDef(ref.from);
        throw new AppError(
          'bad-bundle',
          `${source}, ${ref.from}[${i}]${recordName(rec, def.nameField)}: ${ref.field} refers to a ${entityDef(ref.to).noun} that does not exist in the bundle or in your library (${id}). ${NOTHING}`,
        );
      }
    }
  }

  const report: ImportReport = {
    dryRun: opts.dryRun === true,
    totals: { added: 0, updated: 0, unchanged: 0, conflicts: 0 },
    byKind: {},
    conflicts: [],
  };
  const bump = (kind: EntityKind | 'company', what: keyof ImportCounts) => {
    const c = (report.byKind[kind] ??= { added: 0, updated: 0, unchanged: 0 });
    c[what] += 1;
    report.totals[what] += 1;
  };
  const conflict = (c: Conflict) => {
    report.conflicts.push(c);
    report.totals.conflicts += 1;
  };

  /** Records left out because their name is taken, and what to call them when another record needs them. */
  const skipped = new Map<string, string>();
  const apply = () => {
    if (company) {
      const incomingCompany = company;
      const local = getCompany(db);
      const save = () => {
        try {
          saveCompany(db, incomingCompany, { keepTimestamp: true });
        } catch (err) {
          throw new AppError('bad-bundle', `${source}, company profile "${incomingCompany.name}": ${messageOf(err)}. ${NOTHING}`);
        }
      };
      if (!local) {
        save();
        bump('company', 'added');
      } else if (sameContent(local, company)) bump('company', 'unchanged');
      else if (company.updatedAt > local.updatedAt) {
        save();
        bump('company', 'updated');
      } else conflict({ kind: 'company', id: 'company', name: local.name, reason: 'your copy is newer; kept yours' });
    }
    for (const def of ENTITY_DEFS) {
      for (const [i, rec] of (incoming.get(def.kind) ?? []).entries()) {
        const local = get(db, def.kind, String(rec.id)) as Record<string, unknown> | null;
        const name = nameOf(def.kind, rec as never);
        try {
          if (!local) {
            putRecord(db, def.kind, rec);
            bump(def.kind, 'added');
          } else if (sameContent(local, rec)) bump(def.kind, 'unchanged');
          else if (String(rec.updatedAt) > String(local.updatedAt)) {
            putRecord(db, def.kind, rec);
            bump(def.kind, 'updated');
          } else {
            const reason =
              rec.updatedAt === local.updatedAt
                ? 'changed in both places at the same moment; kept yours'
                : 'your copy is newer; kept yours';
            conflict({ kind: def.kind, id: String(rec.id), name, reason });
          }
        } catch (err) {
          if (err instanceof ValidationError && err.problems.some((p) => /already used by another/.test(p.message))) {
            conflict({ kind: def.kind, id: String(rec.id), name, reason: `a different ${def.noun} already has this name; not imported` });
            skipped.set(String(rec.id), `the ${def.noun} "${name}", which was not imported because a different ${def.noun} already has that name`);
            continue;
          }
          const uses = REFERENCES.filter((r) => r.from === def.kind).flatMap((r) => idsAt(rec, r)).find((id) => skipped.has(id));
          const why = uses ? `it uses ${skipped.get(uses)}` : messageOf(err);
          throw new AppError('bad-bundle', `${source}, ${def.kind}[${i}] "${name}": ${why}. ${NOTHING}`);
        }
      }
    }
    rebuildQuestionIndex(db);
    if (opts.dryRun) throw new DryRunRollback();
  };

  try {
    tx(db, apply);
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report;
}
