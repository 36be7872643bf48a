/**
 * The parts of a zip archive (an .xlsx workbook) in memory, read with fflate:
 * `unzipSync`, with a filter that picks nothing, lists the central directory
 * (and throws when there is none); one pass of the streaming `Unzip` finds
 * each part's data from its local header (zip64, data descriptors), kept
 * compressed. What this file adds is the budget: node:zlib inflates a part
 * when asked, 64 KB at a time, and every byte the parts read expand to counts
 * against one limit, so a small file built to expand to gigabytes is stopped
 * at the limit whatever sizes it declares. (fflate's UnzipInflate would do,
 * but in JavaScript: 1.4 s and 306 MB, not 1.0 s and 264 MB, for a test bomb.)
 * fflate does not report the encryption flag: a part encrypted with ZipCrypto
 * fails to inflate, as damaged; AES shows as method 99. And `Unzip` slows
 * with the square of the number of entries (65,535: 2 s), hence MAX_PARTS.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Unzip, UnzipPassThrough, unzipSync, type UnzipFileInfo } from 'fflate';

/** Why an archive cannot be read; the caller names the file. */
export class ZipError extends Error {}
/** The parts read expand to more than the budget. */
export class ZipBudgetError extends ZipError {}

/** Hands a deflated part's data on as it is. */
class Compressed extends UnzipPassThrough {
  static override compression = 8;
}

const CHUNK = 64 * 1024;
/** Far more than a workbook has (20,000 entries: 0.13 s to read). */
const MAX_PARTS = 20_000;

export class ZipArchive {
  /** The parts as the directory lists them (the first of a repeated name), and their data once found. */
  private readonly parts = new Map<string, UnzipFileInfo & { data?: Uint8Array[] }>();
  private expanded = 0;

  constructor(bytes: Uint8Array, readonly limit: number) {
    let records = 0;
    try {
      unzipSync(bytes, {
        filter: (file) => {
          // A record takes 46 bytes or more; a nameless one is read from outside the directory.
          if (!file.name || ++records * 46 > bytes.byteLength) throw new ZipError('its zip directory is damaged');
          if (records > MAX_PARTS) throw new ZipError(`it has more than ${MAX_PARTS.toLocaleString('en-US')} parts`);
          if (!this.parts.has(file.name)) this.parts.set(file.name, file);
          return false;
        },
      });
    } catch (err) {
      throw err instanceof ZipError ? err : new ZipError(records ? 'its zip directory is damaged' : 'the end of the zip archive is missing: the file is damaged or incomplete');
    }
    const unzip = new Unzip((file) => {
      const part = this.parts.get(file.name);
      if (!part || part.data || (file.compression !== 0 && file.compression !== 8)) return;
      const data: Uint8Array[] = (part.data = []);
      file.ondata = (err, chunk) => {
        if (err) throw err;
        data.push(chunk);
      };
      file.start();
    });
    unzip.register(Compressed);
    try {
      for (let at = 0; at < bytes.byteLength; at += CHUNK) unzip.push(bytes.subarray(at, at + CHUNK), at + CHUNK >= bytes.byteLength);
    } catch (err) {
      throw new ZipError(`its zip data is damaged (${(err as Error).message})`);
    }
  }

  names(): Iterable<string> {
    return this.parts.keys();
  }

  private take(n: number): void {
    this.expanded += n;
    if (this.expanded > this.limit) throw new ZipBudgetError(`expands to more than ${this.limit} bytes`);
  }

  /** A part's text (UTF-8), chunk by chunk as it is inflated. Stopping early (a `break` or a throw in the loop) stops the inflating. */
  async *text(name: string): AsyncGenerator<string> {
    const part = this.parts.get(name);
    if (!part) throw new ZipError(`its part ${name} is missing`);
    if (part.compression === 99) throw new ZipError('it is password-protected');
    if (part.compression !== 0 && part.compression !== 8) throw new ZipError(`its part ${name} uses a compression method this app cannot read (${part.compression})`);
    if (!part.data) throw new ZipError(`its part ${name} is damaged`);
    if (part.originalSize > this.limit - this.expanded) this.take(part.originalSize);
    const stream = part.compression === 8 ? zlib.createInflateRaw({ chunkSize: CHUNK }).end(Buffer.concat(part.data)) : Readable.from(part.data);
    const decoder = new TextDecoder('utf-8');
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        this.take(chunk.byteLength);
        yield decoder.decode(chunk, { stream: true });
      }
    } catch (err) {
      throw err instanceof ZipError ? err : new ZipError(`its part ${name} is damaged (${(err as Error).message})`);
    } finally {
      stream.destroy();
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}
