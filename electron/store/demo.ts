/**
 * The demo library (resources/demo): an original fictional company, written
 * with readable keys ("role-support-specialist") that become stable UUIDs, so
 * a demo loaded on two desktops merges cleanly through bundles.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { ENTITY_DEFS, REFERENCES, type EntityKind } from './entities';
import { BUNDLE_FORMAT, BUNDLE_VERSION, importBundle, type Bundle, type ImportReport } from './bundle';
import { LATEST_VERSION } from './migrations';
import { isLibraryEmpty } from './repo';

export function defaultResourcesDir(): string {
  return process.env.IKIT_RESOURCES ?? fileURLToPath(new URL('../../resources', import.meta.url));
}

/** A UUID (version 5 layout) derived from a demo key: the same key gives the same id everywhere. */
export function keyToUuid(key: string): string {
  const h = createHash('sha1').update(`interview-kit-builder/demo/${key}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

type Obj = Record<string, unknown>;

function mapIds(rec: Obj, kind: EntityKind): Obj {
  const out: Obj = structuredClone(rec);
  if (typeof out.id === 'string') out.id = keyToUuid(out.id);
  for (const ref of REFERENCES.filter((r) => r.from === kind)) {
    const [head, leaf] = ref.field.split('.') as [string, string | undefined];
    const holder = (leaf ? out[head] : out) as Obj | undefined;
    const field = leaf ?? head;
    if (!holder) continue;
    const v = holder[field];
    if (typeof v === 'string' && v !== 'any') holder[field] = keyToUuid(v);
    else if (Array.isArray(v)) holder[field] = v.map((k) => keyToUuid(String(k)));
  }
  return out;
}

/** Reads the demo files into a bundle with UUIDs and fresh timestamps. */
export function demoBundle(resourcesDir = defaultResourcesDir()): Bundle {
  const dir = path.join(resourcesDir, 'demo');
  const read = (name: string): Obj => {
    const file = path.join(dir, name);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Obj;
    } catch (err) {
      throw new AppError('demo-missing', `The demo library file ${file} could not be read: ${String(err)}`);
    }
  };
  const source: Obj = { ...read('library.json'), ...read('questions.json') };
  const stamp = new Date().toISOString();
  const entities: Bundle['entities'] = {};
  for (const def of ENTITY_DEFS) {
    const items = (source[def.kind] as Obj[] | undefined) ?? [];
    entities[def.kind] = items.map((item) => ({ ...mapIds(item, def.kind), createdAt: stamp, updatedAt: stamp }));
  }
  const company = source.company ? { logo: null, ...(source.company as Obj), updatedAt: stamp } : null;
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: stamp,
    schemaVersion: LATEST_VERSION,
    includesCandidates: true,
    company: company as Bundle['company'],
    entities,
  };
}

/** Loads the demo into a library; refuses to mix it into one that already has content. */
export function loadDemo(db: Database, resourcesDir?: string): ImportReport {
  if (!isLibraryEmpty(db)) {
    throw new AppError('not-empty', 'The demo library is only loaded into an empty library; this one already has content.');
  }
  return importBundle(db, demoBundle(resourcesDir), { source: 'The demo library' });
}
