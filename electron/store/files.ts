/**
 * Writing files so that a crash never leaves a partial file under its final
 * name: write to a temporary name in the same folder, flush, then rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
}

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempNameFor(target);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
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
