/**
 * Backups of the whole library file (SQLite online backup) and restoring one,
 * keeping the library it replaces as a backup of its own.
 *
 * A backup is one self-contained file: a rollback-journal database, so that
 * opening it read-only (inspectBackup, restore, another tool) needs and
 * leaves no -wal or -shm file beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { APPLICATION_ID, NewerLibraryError, NotALibraryError, openLibrary, type OpenOptions } from './db';
import { LATEST_VERSION } from './migrations';
import { STALE_TEMP_MS, removeStaleTemps, syncDir, syncFile, tempNameFor } from './files';

/** What SQLite keeps beside a database file while it is open, or after a crash. */
const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * Temporary names (files.ts tempNameFor) of a backup or restore cut short, and
 * what SQLite left beside them (a temporary copy can be as large as the library).
 */
const TEMP_OR_SIDE = /^\..+\.[0-9a-f]{8}\.partial(-wal|-shm|-journal)?$/;

function removeWithSides(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(file + suffix, { force: true });
}

/**
 * Writes a copy of the library to `target`, whole or not at all: the copy is
 * made under a temporary name, turned into a self-contained file, flushed,
 * and renamed into place; then the folder is flushed.
 */
export async function backupLibrary(db: Database, target: string): Promise<string> {
  const dest = path.resolve(target);
  const dir = path.dirname(dest);
  fs.mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, STALE_TEMP_MS, TEMP_OR_SIDE);
  const tmp = tempNameFor(dest);
  try {
    await db.backup(tmp);
    // The copy has the library's header, which says WAL. Through this connection (the app's own
    // SQLite build), switch it to a rollback journal: the backup then stands alone. (A read-only
    // connection cannot; its backup keeps saying WAL, which inspectBackup cleans up after.)
    if (!db.readonly) {
      db.prepare(`ATTACH DATABASE ? AS ikit_backup`).run(tmp);
      try {
        const mode = db.pragma('ikit_backup.journal_mode = DELETE', { simple: true }) as string;
        if (mode !== 'delete') throw new Error(`The backup "${dest}" could not be made to stand alone (journal mode ${mode}).`);
      } finally {
        db.exec('DETACH DATABASE ikit_backup');
      }
    }
    syncFile(tmp);
    fs.renameSync(tmp, dest);
  } catch (err) {
    removeWithSides(tmp);
    throw err;
  }
  syncDir(dir);
  return dest;
}

export interface BackupInfo {
  schemaVersion: number;
  integrity: 'ok';
}

/** Checks a backup before anyone relies on it: a library of ours, whole, not from a newer app. */
export async function inspectBackup(file: string, opts: Pick<OpenOptions, 'nativeBinding'> = {}): Promise<BackupInfo> {
  if (!fs.existsSync(file)) throw new AppError('not-found', `The backup "${file}" does not exist.`);
  // A backup from before backups stood alone (or the upgrade's) says WAL: SQLite opens a -wal and
  // -shm beside it, even read-only, and cannot remove them. Whatever this inspection added goes with it.
  const added = (['-wal', '-shm'] as const).filter((suffix) => !fs.existsSync(file + suffix));
  let db: Database;
  try {
    ({ db } = await openLibrary(file, { ...opts, readonly: true }));
  } catch (err) {
    removeAdded(file, added);
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
    removeAdded(file, added);
  }
}

/** Removes the -wal (if empty: a read-only connection writes none) and -shm an inspection made. */
function removeAdded(file: string, added: readonly string[]): void {
  for (const suffix of added) {
    try {
      if (suffix !== '-wal' || fs.statSync(file + suffix).size === 0) fs.rmSync(file + suffix, { force: true });
    } catch {
      // not there
    }
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

/** The library is open in another connection: its -wal may hold changes only that connection knows of. */
export class LibraryInUseError extends AppError {
  constructor(file: string) {
    super(
      'in-use',
      `The library "${file}" is open in another window or program (Interview Kit Builder, ikit, or a database tool). Close it there, then restore; nothing was changed.`,
    );
  }
}

/**
 * Replaces the library at `libraryPath` with `backupFile`. The library must not
 * be open: if it is open elsewhere, the restore is refused before anything
 * changes. The backup is checked first; the replaced library is kept beside
 * it; an older backup is upgraded to the current schema.
 *
 * A crash at any moment leaves the old library or the restored one, whole:
 * the restored copy is complete and flushed before it takes the library's
 * name, and the old library's -wal is gone (its changes are in the library
 * file) before SQLite's files beside it are removed and the copy renamed in.
 */
export async function restoreLibrary(
  libraryPath: string,
  backupFile: string,
  opts: Pick<OpenOptions, 'nativeBinding'> = {},
): Promise<RestoreResult> {
  await inspectBackup(backupFile, opts);
  const target = path.resolve(libraryPath);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, STALE_TEMP_MS, TEMP_OR_SIDE);

  let previousKeptAt: string | null = null;
  if (fs.existsSync(target)) {
    previousKeptAt = `${target}.before-restore-${stamp()}.backup`;
    const { db } = await openLibrary(target, opts);
    try {
      await backupLibrary(db, previousKeptAt);
    } finally {
      // The last connection to close moves the -wal's changes into the library file and removes the -wal.
      db.close();
    }
    // A -wal still there means another connection has the library open: its changes may be only in
    // that -wal, and removing it (below) would lose them, as would that connection writing on.
    if (fs.existsSync(`${target}-wal`)) {
      fs.rmSync(previousKeptAt, { force: true });
      throw new LibraryInUseError(target);
    }
  }

  // Copy the backup next to the library, bring it up to date, then swap it in.
  const tmp = tempNameFor(target);
  try {
    fs.copyFileSync(backupFile, tmp);
    const { db } = await openLibrary(tmp, { ...opts, noBackup: true });
    db.pragma('journal_mode = DELETE');
    db.close();
    syncFile(tmp); // the copy is on disk before it takes the library's name
    // Nothing beside the library holds a change (checked above), so a crash before the rename loses
    // nothing; and none of them may outlive the swap, to be applied to the restored file.
    for (const suffix of SIDE_FILES) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(tmp, target);
    syncDir(dir);
  } catch (err) {
    removeWithSides(tmp);
    throw err;
  }
  const { db } = await openLibrary(target, opts);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  db.close();
  return { restoredFrom: path.resolve(backupFile), previousKeptAt, schemaVersion };
}
