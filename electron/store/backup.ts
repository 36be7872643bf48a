/**
 * Backups of the whole library file (SQLite online backup) and restoring one,
 * keeping the library it replaces as a backup of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { APPLICATION_ID, NewerLibraryError, NotALibraryError, openLibrary, type OpenOptions } from './db';
import { LATEST_VERSION } from './migrations';
import { syncDir, syncFile, tempNameFor } from './files';

export async function backupLibrary(db: Database, target: string): Promise<string> {
  const dest = path.resolve(target);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tempNameFor(dest);
  try {
    await db.backup(tmp);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return dest;
}

export interface BackupInfo {
  schemaVersion: number;
  integrity: 'ok';
}

/** Checks a backup before anyone relies on it: a library of ours, whole, not from a newer app. */
export async function inspectBackup(file: string, opts: Pick<OpenOptions, 'nativeBinding'> = {}): Promise<BackupInfo> {
  if (!fs.existsSync(file)) throw new AppError('not-found', `The backup "${file}" does not exist.`);
  let db: Database;
  try {
    ({ db } = await openLibrary(file, { ...opts, readonly: true }));
  } catch (err) {
    if (err instanceof NewerLibraryError || err instanceof NotALibraryError) throw err;
    throw new NotALibraryError(file, err instanceof Error ? err.message : String(err));
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new NotALibraryError(file, 'it was not made by Interview Kit Builder');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw new NewerLibraryError(file, version);
    let result: string;
    try {
      result = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
    } catch (err) {
      result = err instanceof Error ? err.message : String(err);
    }
    if (result !== 'ok') throw new AppError('corrupt', `The backup "${file}" is damaged (integrity check: ${result}). Nothing was restored.`);
    return { schemaVersion: version, integrity: 'ok' };
  } finally {
    db.close();
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the library that was replaced was kept, if there was one. */
  previousKeptAt: string | null;
  schemaVersion: number;
}

/**
 * Replaces the library at `libraryPath` with `backupFile`. The library must not
 * be open. The backup is checked first; the replaced library is kept beside it;
 * an older backup is upgraded to the current schema.
 */
export async function restoreLibrary(
  libraryPath: string,
  backupFile: string,
  opts: Pick<OpenOptions, 'nativeBinding'> = {},
): Promise<RestoreResult> {
  await inspectBackup(backupFile, opts);
  const target = path.resolve(libraryPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  let previousKeptAt: string | null = null;
  if (fs.existsSync(target)) {
    previousKeptAt = `${target}.before-restore-${stamp()}.backup`;
    const { db } = await openLibrary(target, opts);
    try {
      await backupLibrary(db, previousKeptAt);
    } finally {
      db.close();
    }
  }

  // Copy the backup next to the library, bring it up to date, then swap it in.
  const tmp = tempNameFor(target);
  fs.copyFileSync(backupFile, tmp);
  try {
    const { db } = await openLibrary(tmp, { ...opts, noBackup: true });
    db.pragma('journal_mode = DELETE');
    db.close();
    syncFile(tmp); // the copy is on disk before it takes the library's name
    for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(tmp, target);
    syncDir(path.dirname(target));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const { db } = await openLibrary(target, opts);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  db.close();
  return { restoredFrom: path.resolve(backupFile), previousKeptAt, schemaVersion };
}
