/**
 * Files of a batch: written under a temporary name and renamed (store/files),
 * skipped when the same bytes are already there, leftovers of an interrupted
 * run cleaned away. Imports no database code: workers use it too.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STALE_TEMP_MS, removeStaleTemps, sha256, syncDir, tempNameFor, writeFileAtomic } from '../../store/files';

export { STALE_TEMP_MS, removeStaleTemps, sha256, syncDir, writeFileAtomic };

/** A Node callback-style call as a promise (the callback API: lighter than FileHandle at a thousand files a second). */
function call<T>(fn: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

/**
 * writeFileAtomic's pattern (temporary name, write, flush, rename), every
 * step on libuv's threads: creating a file can wait on the journal commit of
 * another file's flush, and that wait must not stall the making of the next
 * document.
 */
export async function writeFileDurably(target: string, data: Uint8Array): Promise<void> {
  const tmp = tempNameFor(target);
  let fd: number | null = null;
  try {
    const opened = await call<number>((done) => fs.open(tmp, 'w', done));
    fd = opened;
    for (let at = 0; at < data.byteLength; ) {
      at += await call<number>((done) => fs.write(opened, data, at, data.byteLength - at, null, done));
    }
    await call<void>((done) => fs.fsync(opened, done));
    fd = null;
    await call<void>((done) => fs.close(opened, done));
    await call<void>((done) => fs.rename(tmp, target, done));
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Is the file at `target` exactly these bytes? */
export function sameFile(target: string, digest: string, size: number): boolean {
  try {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    return stat !== undefined && stat.size === size && sha256(fs.readFileSync(target)) === digest;
  } catch {
    return false;
  }
}

/** SHA-256 of a file, read in chunks (combined files can be large); null if it is not there. */
export function fileSha256(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const hash = createHash('sha256');
    const buf = Buffer.alloc(1 << 20);
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) hash.update(buf.subarray(0, n));
    return hash.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a file through `fill(fd)` under a temporary name, flushes it, and
 * renames it into place, unless the same bytes are already there. A failure
 * (or `fill` returning false: cancelled) leaves no file behind.
 */
export async function writeStreamedFile(
  target: string,
  fill: (fd: number) => Promise<boolean>,
): Promise<{ status: 'written' | 'skipped' | 'cancelled'; sha256: string; bytes: number }> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempNameFor(target);
  const fd = fs.openSync(tmp, 'w');
  let keep = false;
  try {
    if (!(await fill(fd))) return { status: 'cancelled', sha256: '', bytes: 0 };
    fs.fsyncSync(fd);
    keep = true;
  } finally {
    fs.closeSync(fd);
    if (!keep) fs.rmSync(tmp, { force: true });
  }
  const digest = fileSha256(tmp) ?? '';
  const bytes = fs.statSync(tmp).size;
  if (fileSha256(target) === digest) {
    fs.rmSync(tmp, { force: true });
    return { status: 'skipped', sha256: digest, bytes };
  }
  fs.renameSync(tmp, target);
  return { status: 'written', sha256: digest, bytes };
}

// ---------------------------------------------------------------- the PDF journal

/**
 * PDFs are not byte-for-byte repeatable (the printer stamps them), so a rerun
 * cannot compare bytes. The journal remembers, per PDF, the SHA-256 of the
 * HTML it was printed from and of the file written: the same HTML and an
 * untouched file mean it need not be printed again.
 */
export const JOURNAL = '.ikit-batch.jsonl';

export interface JournalEntry {
  file: string;
  source: string;
  sha256: string;
}

export function readJournal(folder: string): Map<string, JournalEntry> {
  const out = new Map<string, JournalEntry>();
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, JOURNAL), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as Partial<JournalEntry>;
      if (typeof e.file === 'string' && typeof e.source === 'string' && typeof e.sha256 === 'string') {
        out.set(e.file, { file: e.file, source: e.source, sha256: e.sha256 });
      }
    } catch {
      // a torn last line from an interrupted run
    }
  }
  return out;
}

export function appendJournal(folder: string, entry: JournalEntry): void {
  fs.appendFileSync(path.join(folder, JOURNAL), `${JSON.stringify(entry)}\n`);
}

/** Rewrites the journal with just these entries (after a complete run). */
export function compactJournal(folder: string, entries: readonly JournalEntry[]): void {
  const file = path.join(folder, JOURNAL);
  if (entries.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  writeFileAtomic(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}
