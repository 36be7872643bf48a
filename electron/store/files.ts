/**
 * Writing files so that a crash never leaves a partial file under its final
 * name: write to a temporary name in the same folder, flush, then rename, and
 * flush the folder so the rename itself survives a power cut.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
}

/** The names tempNameFor gives: ".<final name>.<8 hex>.partial". */
export const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.partial$/;

/** A temporary file untouched this long belongs to a write that was cut short (a crash, a kill, a power cut). */
export const STALE_TEMP_MS = 10 * 60_000;

/**
 * Removes the temporary files that interrupted writes left in `dir`: only our
 * own temporary names, and only those older than `minAgeMs`, so a write still
 * in progress in another process is left alone. Returns how many were removed.
 */
export function removeStaleTemps(dir: string, minAgeMs = STALE_TEMP_MS, ours: RegExp = TEMP_NAME): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const now = Date.now();
  let removed = 0;
  for (const name of names) {
    if (!ours.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile() && now - stat.mtimeMs >= minAgeMs) {
        fs.rmSync(file, { force: true });
        removed += 1;
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Folders this process has already cleared of stale temporary files. */
const swept = new Set<string>();

/**
 * Flushes a folder, so that a rename into it is on disk and not only in the
 * kernel's cache. Best effort: Windows cannot open a folder for this (NTFS
 * journals renames itself) and some file systems refuse it; the file is
 * complete either way.
 */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `target` whole or not at all. The first write into a folder
 * also removes temporary files that earlier interrupted writes left there.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  writeWhole(target, data, 'replace');
}

/** A file that is already there, found by writeNewFile. */
export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`"${file}" already exists.`);
  }
}

/**
 * Like writeFileAtomic, but never replaces a file: when `target` exists (even
 * one another export made a moment ago), it throws FileExistsError and writes
 * nothing. The finished temporary file is hard-linked to the final name, which
 * the file system refuses when the name is taken; where links are not
 * supported (FAT and exFAT memory sticks), the name is checked, then renamed.
 */
export function writeNewFile(target: string, data: string | Uint8Array): void {
  writeWhole(target, data, 'new');
}

function writeWhole(target: string, data: string | Uint8Array, mode: 'replace' | 'new'): void {
  const dir = path.dirname(path.resolve(target));
  fs.mkdirSync(dir, { recursive: true });
  if (!swept.has(dir)) {
    swept.add(dir);
    removeStaleTemps(dir);
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = tempNameFor(target);
  const fd = fs.openSync(tmp, 'w');
  try {
    try {
      // write(2) may write less than asked (a full disk writes what fits): keep going until all is written or it fails.
      for (let at = 0; at < bytes.byteLength; ) {
        const n = fs.writeSync(fd, bytes, at, bytes.byteLength - at);
        if (n <= 0) throw new Error(`Writing "${target}" made no progress.`);
        at += n;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode === 'replace') fs.renameSync(tmp, target);
    else linkNew(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

function linkNew(tmp: string, target: string): void {
  try {
    fs.linkSync(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (fs.existsSync(target)) throw new FileExistsError(target);
    fs.renameSync(tmp, target);
    return;
  }
  fs.rmSync(tmp, { force: true });
}

/** Flushes a file already written (a copy, say) to disk. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a file the user named, with a size limit and a message naming the file. */
export function readUserFile(file: string, maxBytes: number, what: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`Cannot read ${what} "${file}": no such file.`);
  }
  if (!stat.isFile()) throw new Error(`Cannot read ${what} "${file}": it is not a file.`);
  if (stat.size > maxBytes) {
    throw new Error(
      `The ${what} "${file}" is ${(stat.size / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB.`,
    );
  }
  return fs.readFileSync(file);
}
