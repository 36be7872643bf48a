/**
 * Opening a library file: pragmas, version check, backup, migrations.
 * Never imports electron; the desktop app passes its own `nativeBinding`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { syncDir, tempNameFor } from './files';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

export type { Database };

/** 'IKIT' — marks a file as an Interview Kit Builder library. */
export const APPLICATION_ID = 0x494b4954;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the current runtime (the desktop app's Electron build). */
  nativeBinding?: string;
  /** Open without writing anything (used to inspect backups before restoring). */
  readonly?: boolean;
  /** Where to write the automatic pre-upgrade backup; defaults to the library's folder. */
  backupDir?: string;
  /** Skip the pre-upgrade backup (for a file that is itself a fresh copy). */
  noBackup?: boolean;
  /** Migrations to apply; tests pass a prefix of the list to build older libraries. */
  migrations?: readonly Migration[];
}

export interface OpenResult {
  db: Database;
  /** Schema version before opening, 0 for a new file. */
  fromVersion: number;
  /** Backup written before upgrading, if any. */
  backupPath: string | null;
}

export class NewerLibraryError extends AppError {
  constructor(file: string, version: number) {
    super(
      'newer-version',
      `The library "${file}" was saved by a newer version of Interview Kit Builder (schema ${version}; this version reads up to ${LATEST_VERSION}). Update the app to open it; the file was not changed.`,
    );
  }
}

export class NotALibraryError extends AppError {
  constructor(file: string, detail: string) {
    super('not-a-library', `"${file}" is not an Interview Kit Builder library (${detail}).`);
  }
}

function rawOpen(file: string, opts: OpenOptions): Database {
  const options: Sqlite.Options = { fileMustExist: opts.readonly === true, readonly: opts.readonly === true };
  if (opts.nativeBinding) options.nativeBinding = opts.nativeBinding;
  return new Sqlite(file, options);
}

function readHeader(db: Database, file: string): { version: number; appId: number } {
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    return { version, appId };
  } catch (err) {
    throw new NotALibraryError(file, err instanceof Error ? err.message : String(err));
  }
}

function isEmpty(db: Database): boolean {
  const row = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number };
  return row.n === 0;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Opens (creating if needed) a library and brings it to the latest schema.
 * A library from a newer app is refused before anything is written to it.
 */
export async function openLibrary(file: string, opts: OpenOptions = {}): Promise<OpenResult> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  if (file !== ':memory:' && !opts.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // A library from a newer app is refused having been opened read-only: a read-write connection could
  // write to it on closing (folding its -wal into the file).
  if (!opts.readonly && file !== ':memory:' && fs.existsSync(file)) {
    const peek = rawOpen(file, { ...opts, readonly: true });
    try {
      const { version } = readHeader(peek, file);
      if (version > LATEST_VERSION) throw new NewerLibraryError(file, version);
    } finally {
      peek.close();
    }
  }
  const db = rawOpen(file, opts);
  try {
    const { version, appId } = readHeader(db, file);
    if (version > LATEST_VERSION) throw new NewerLibraryError(file, version);
    if (appId !== APPLICATION_ID && !isEmpty(db)) {
      throw new NotALibraryError(file, 'it is a database of another program');
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (opts.readonly) return { db, fromVersion: version, backupPath: null };
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');

    let backupPath: string | null = null;
    if (version < latest) {
      if (version > 0 && file !== ':memory:' && !opts.noBackup) {
        const dir = opts.backupDir ?? path.dirname(path.resolve(file));
        fs.mkdirSync(dir, { recursive: true });
        backupPath = path.join(dir, `${path.basename(file)}.before-v${latest}-${stamp()}.backup`);
        // Under a temporary name, then renamed: a crash never leaves a partial backup under the backup's name.
        const tmp = tempNameFor(backupPath);
        try {
          await db.backup(tmp);
          fs.renameSync(tmp, backupPath);
        } finally {
          for (const suffix of ['', '-journal']) fs.rmSync(tmp + suffix, { force: true });
        }
        syncDir(dir);
      }
      migrate(db, version, migrations);
    }
    return { db, fromVersion: version, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Applies every step after `from`, all in one transaction. */
export function migrate(db: Database, from: number, migrations: readonly Migration[] = MIGRATIONS): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const step of pending) {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs `fn` in a transaction: all of it is stored, or none. At the top level
 * it is IMMEDIATE (takes the write lock at once); nested, it is a savepoint.
 */
export function tx<T>(db: Database, fn: () => T): T {
  const run = db.transaction(fn);
  return db.inTransaction ? run() : run.immediate();
}
