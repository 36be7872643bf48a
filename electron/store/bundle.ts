/**
 * Library bundles: a versioned JSON file for sharing a library between
 * colleagues' desktops. Import merges by id — the newer `updatedAt` wins —
 * all in one transaction, and reports what it added, updated, left alone and
 * could not merge. A dry run does the same work and rolls it back.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError, ValidationError, messageOf } from '../../shared/errors';
import { Company } from '../../shared/schemas';
import { tx } from './db';
import { ENTITY_DEFS, type EntityKind } from './entities';
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

/** Parses a bundle's text, refusing anything that is not one of ours with a clear message. */
export function parseBundleText(text: string, source = 'the bundle'): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('bad-bundle', `${source} is not valid JSON (${messageOf(err)}). Nothing was imported.`);
  }
}

function checkEnvelope(data: unknown, source: string): z.infer<typeof Envelope> {
  const isObj = data !== null && typeof data === 'object' && !Array.isArray(data);
  if (!isObj || (data as Record<string, unknown>).format !== BUNDLE_FORMAT) {
    throw new AppError('bad-bundle', `${source} is not an Interview Kit Builder library bundle. Nothing was imported.`);
  }
  const version = (data as Record<string, unknown>).version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new AppError(
      'newer-bundle',
      `${source} was made by a newer version of Interview Kit Builder (bundle version ${version}; this version reads up to ${BUNDLE_VERSION}). Update the app to import it. Nothing was imported.`,
    );
  }
  const env = Envelope.safeParse(data);
  if (!env.success) {
    const first = env.error.issues[0];
    throw new AppError(
      'bad-bundle',
      `${source} is damaged: ${first ? `${first.path.join('.') || 'top level'} ${first.message}` : 'unreadable'}. Nothing was imported.`,
    );
  }
  // Checked on the raw object: a "__proto__" key must be refused, not silently dropped.
  const known = new Set<string>(ENTITY_DEFS.map((d) => d.kind));
  const rawEntities = (data as Record<string, unknown>).entities as Record<string, unknown>;
  for (const key of Object.keys(rawEntities)) {
    const value = rawEntities[key];
    if (!known.has(key)) throw new AppError('bad-bundle', `${source} has an unknown section "${key}". Nothing was imported.`);
    if (!Array.isArray(value)) throw new AppError('bad-bundle', `${source}: section "${key}" must be a list. Nothing was imported.`);
  }
  return env.data;
}

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
    const parsed = items.map((item, i) => {
      const r = def.record.safeParse(item);
      if (!r.success) {
        const first = r.error.issues[0];
        throw new ValidationError(`${def.noun} (bundle ${def.kind}[${i}])`, [
          { field: first?.path.join('.') ?? '', message: first?.message ?? 'is invalid' },
        ]);
      }
      return r.data as Record<string, unknown>;
    });
    incoming.set(def.kind, parsed);
  }
  let company: Company | null = null;
  if (env.company !== undefined && env.company !== null) {
    const r = Company.safeParse(env.company);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new ValidationError('company profile (bundle)', [
        { field: first?.path.join('.') ?? '', message: first?.message ?? 'is invalid' },
      ]);
    }
    company = r.data;
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

  const apply = () => {
    if (company) {
      const local = getCompany(db);
      if (!local) {
        saveCompany(db, company, { keepTimestamp: true });
        bump('company', 'added');
      } else if (sameContent(local, company)) bump('company', 'unchanged');
      else if (company.updatedAt > local.updatedAt) {
        saveCompany(db, company, { keepTimestamp: true });
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
            continue;
          }
          throw new AppError('bad-bundle', `${source}, ${def.kind}[${i}] "${name}": ${messageOf(err)}. Nothing was imported.`);
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
