/**
 * The parts of a zip archive (an .xlsx workbook) that is already in memory,
 * found through its central directory. Only the parts asked for are
 * inflated, as a stream, and every byte they expand to is counted against
 * one budget: a small file built to expand to gigabytes (a "zip bomb") is
 * stopped at the budget, whatever sizes its headers declare.
 */
import zlib from 'node:zlib';

/** Why an archive cannot be read; the caller names the file. */
export class ZipError extends Error {}

/** The parts read expand to more than the budget. */
export class ZipBudgetError extends ZipError {}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** As the archive declares it: not to be trusted. */
  declaredSize: number;
  localOffset: number;
}

/** Bytes every part read so far has expanded to, against a limit. */
export class ExpansionBudget {
  used = 0;
  constructor(readonly limit: number) {}
  take(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new ZipBudgetError(`expands to more than ${this.limit} bytes`);
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The archive's entries by name (first of a repeated name wins); throws ZipError when there is no readable directory. */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const n = view.getBigUint64(at, true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a size in its directory is impossibly large');
    return Number(n);
  };
  const inside = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= bytes.byteLength;

  let eocd = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('the end of the zip archive is missing: the file is damaged or incomplete');
  let count = u16(eocd + 10);
  let size = u32(eocd + 12);
  let offset = u32(eocd + 16);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const record = u64(eocd - 20 + 8);
    if (!inside(record, 56) || u32(record) !== ZIP64_EOCD) throw new ZipError('its zip64 directory is damaged');
    count = u64(record + 32);
    size = u64(record + 40);
    offset = u64(record + 48);
  }
  if (!inside(offset, size) || count * 46 > size) throw new ZipError('its zip directory is damaged or incomplete');

  const entries = new Map<string, ZipEntry>();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (!inside(at, 46) || u32(at) !== CENTRAL) throw new ZipError('its zip directory is damaged');
    const [nameLength, extraLength, commentLength] = [u16(at + 28), u16(at + 30), u16(at + 32)];
    if (!inside(at + 46, nameLength + extraLength + commentLength)) throw new ZipError('its zip directory is damaged');
    const utf8 = (u16(at + 8) & 0x800) !== 0;
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString(utf8 ? 'utf8' : 'latin1');
    const entry: ZipEntry = {
      name: name.replace(/^\/+/, ''),
      method: u16(at + 10),
      encrypted: (u16(at + 8) & 1) !== 0,
      compressedSize: u32(at + 20),
      declaredSize: u32(at + 24),
      localOffset: u32(at + 42),
    };
    // Zip64: the sizes and offset that do not fit in 32 bits are in extra field 0x0001, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const [id, length] = [u16(extra), u16(extra + 2)];
      if (id === 0x0001) {
        let field = extra + 4;
        const next = () => {
          if (field + 8 > extra + 4 + length) throw new ZipError('its zip64 sizes are damaged');
          const value = u64(field);
          field += 8;
          return value;
        };
        if (entry.declaredSize === 0xffffffff) entry.declaredSize = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      }
      extra += 4 + length;
    }
    if (!entries.has(entry.name)) entries.set(entry.name, entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Where an entry's data starts and ends, checked against the local header. */
function dataOf(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL) throw new ZipError(`its part ${entry.name} is damaged`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw new ZipError(`its part ${entry.name} is cut short: the file is incomplete`);
  return bytes.subarray(start, start + entry.compressedSize);
}

const CHUNK = 64 * 1024;

/**
 * An entry's text (UTF-8), chunk by chunk as it is inflated; every byte
 * counts against `budget`. Stopping early (a `break` or a throw in the
 * loop) stops the inflating.
 */
export async function* entryText(bytes: Uint8Array, entry: ZipEntry, budget: ExpansionBudget): AsyncGenerator<string> {
  if (entry.encrypted) throw new ZipError('it is password-protected');
  if (entry.declaredSize > budget.limit - budget.used) budget.take(entry.declaredSize);
  const data = dataOf(bytes, entry);
  const decoder = new TextDecoder('utf-8');
  if (entry.method === 0) {
    for (let at = 0; at < data.byteLength; at += CHUNK) {
      const chunk = data.subarray(at, at + CHUNK);
      budget.take(chunk.byteLength);
      yield decoder.decode(chunk, { stream: true });
    }
  } else if (entry.method === 8) {
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
    inflater.end(data);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        budget.take(chunk.byteLength);
        yield decoder.decode(chunk, { stream: true });
      }
    } catch (err) {
      if (err instanceof ZipError) throw err;
      throw new ZipError(`its part ${entry.name} is damaged (${(err as Error).message})`);
    } finally {
      inflater.destroy();
    }
  } else {
    throw new ZipError(`its part ${entry.name} uses a compression method this app cannot read (${entry.method})`);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
