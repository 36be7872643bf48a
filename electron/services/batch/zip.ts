/**
 * A small ZIP writer for .docx files made from templates.
 *
 * The text that is the same in every document is compressed once, as raw
 * deflate segments ending in a sync flush (byte-aligned, not final). A
 * document's entry is those segments in order, with its own text between them
 * as stored (uncompressed) deflate blocks, and a final empty block: a valid
 * deflate stream, made with no compression work per document. Entry CRCs are
 * computed over the uncompressed bytes (zlib's crc32, about 4 GB/s).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

/** Text compressed once: its bytes and their deflate segment. */
export interface Piece {
  raw: Buffer;
  z: Buffer;
}

export interface ZipEntry {
  name: string;
  crc: number;
  size: number;
  compressedSize: number;
  /** Deflate data (method 8). */
  data: Buffer[];
}

const LEVEL = 6;
/** A final, empty stored block: ends a deflate stream of sync-flushed segments. */
const END_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
const MAX_STORED = 0xffff;
const MAX_ZIP32 = 0xffffffff;

export function compressPiece(raw: Buffer): Piece {
  return { raw, z: zlib.deflateRawSync(raw, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH }) };
}

/** Bytes as non-final stored blocks (each at most 65,535 bytes). */
export function storedBlocks(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < raw.length; at += MAX_STORED) {
    const chunk = raw.subarray(at, Math.min(raw.length, at + MAX_STORED));
    const head = Buffer.alloc(5);
    head[0] = 0x00;
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(head, chunk);
  }
  return out;
}

/** Builds one entry from compressed pieces and per-document text. */
export class EntryBuilder {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly data: Buffer[] = [];

  piece(p: Piece): this {
    this.crc = zlib.crc32(p.raw, this.crc);
    this.size += p.raw.length;
    this.push(p.z);
    return this;
  }

  raw(bytes: Buffer): this {
    if (bytes.length === 0) return this;
    this.crc = zlib.crc32(bytes, this.crc);
    this.size += bytes.length;
    for (const b of storedBlocks(bytes)) this.push(b);
    return this;
  }

  finish(name: string): ZipEntry {
    this.push(END_BLOCK);
    return { name, crc: this.crc >>> 0, size: this.size, compressedSize: this.compressed, data: this.data };
  }

  private push(b: Buffer): void {
    this.data.push(b);
    this.compressed += b.length;
  }
}

/** An entry compressed in one go (a part that is the same in every document). */
export function wholeEntry(name: string, raw: Buffer): ZipEntry {
  const z = zlib.deflateRawSync(raw, { level: LEVEL });
  return { name, crc: zlib.crc32(raw) >>> 0, size: raw.length, compressedSize: z.length, data: [z] };
}

// ---------------------------------------------------------------- the container

/** MS-DOS date and time (UTC) of an ISO timestamp, as ZIP stores them. */
export function dosDateTime(iso: string): { date: number; time: number } {
  const d = new Date(iso);
  const year = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

function checkZip32(entry: ZipEntry): void {
  if (entry.size > MAX_ZIP32 || entry.compressedSize > MAX_ZIP32) {
    throw new Error(`"${entry.name}" is larger than 4 GB, too large for a .docx file. Export fewer candidates at once.`);
  }
}

function localHeader(entry: ZipEntry, when: { date: number; time: number }): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(0x0800, 6); // names are UTF-8
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(when.time, 10);
  h.writeUInt16LE(when.date, 12);
  h.writeUInt32LE(entry.crc, 14);
  h.writeUInt32LE(entry.compressedSize, 18);
  h.writeUInt32LE(entry.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name]);
}

function centralHeader(entry: ZipEntry, offset: number, when: { date: number; time: number }): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4); // made by: 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(when.time, 12);
  h.writeUInt16LE(when.date, 14);
  h.writeUInt32LE(entry.crc, 16);
  h.writeUInt32LE(entry.compressedSize, 20);
  h.writeUInt32LE(entry.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

function endOfDirectory(count: number, size: number, offset: number): Buffer {
  if (count > 0xffff || offset > MAX_ZIP32) throw new Error('Too many parts for a .docx file. Export fewer candidates at once.');
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(size, 12);
  e.writeUInt32LE(offset, 16);
  return e;
}

/** A whole .docx in memory (one document: tens of kilobytes). */
export function zipBuffer(entries: readonly ZipEntry[], stamp: string): Buffer {
  const when = dosDateTime(stamp);
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkZip32(entry);
    const head = localHeader(entry, when);
    central.push(centralHeader(entry, offset, when));
    out.push(head, ...entry.data);
    offset += head.length + entry.compressedSize;
  }
  const dir = Buffer.concat(central);
  return Buffer.concat([...out, dir, endOfDirectory(entries.length, dir.length, offset)]);
}

/**
 * A .docx written straight to a file (a combined print file: hundreds of
 * megabytes of XML). One entry may be streamed: its text is deflated a
 * document at a time, and its header is completed once its size is known.
 */
export class ZipFileWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;
  private readonly when: { date: number; time: number };
  private stream: { name: string; offset: number; crc: number; size: number; compressed: number } | null = null;

  constructor(private readonly fd: number, stamp: string) {
    this.when = dosDateTime(stamp);
  }

  add(entry: ZipEntry): void {
    if (this.stream) throw new Error('finish the streamed entry first');
    checkZip32(entry);
    this.central.push(centralHeader(entry, this.offset, this.when));
    this.count += 1;
    this.write(localHeader(entry, this.when));
    for (const b of entry.data) this.write(b);
  }

  begin(name: string): void {
    const placeholder: ZipEntry = { name, crc: 0, size: 0, compressedSize: 0, data: [] };
    this.stream = { name, offset: this.offset, crc: 0, size: 0, compressed: 0 };
    this.write(localHeader(placeholder, this.when));
  }

  /** Appends text to the streamed entry, compressed as one segment. */
  text(raw: Buffer): void {
    const s = this.stream;
    if (!s || raw.length === 0) return;
    const z = zlib.deflateRawSync(raw, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    s.crc = zlib.crc32(raw, s.crc);
    s.size += raw.length;
    s.compressed += z.length;
    this.write(z);
  }

  end(): void {
    const s = this.stream;
    if (!s) return;
    this.write(END_BLOCK);
    const entry: ZipEntry = { name: s.name, crc: s.crc >>> 0, size: s.size, compressedSize: s.compressed + END_BLOCK.length, data: [] };
    checkZip32(entry);
    fs.writeSync(this.fd, localHeader(entry, this.when), 0, 30, s.offset);
    this.central.push(centralHeader(entry, s.offset, this.when));
    this.count += 1;
    this.stream = null;
  }

  close(): void {
    const dir = Buffer.concat(this.central);
    const at = this.offset;
    this.write(dir);
    this.write(endOfDirectory(this.count, dir.length, at));
  }

  private write(b: Buffer): void {
    fs.writeSync(this.fd, b, 0, b.length, this.offset);
    this.offset += b.length;
  }
}

// ---------------------------------------------------------------- reading

/**
 * The entries of a ZIP file in the order of its directory (what the Word
 * renderer writes: no ZIP64, stored or deflated entries). Uses zlib.
 */
export function readZip(zip: Uint8Array): { name: string; data: Buffer }[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('not a ZIP file: bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    if (!name.endsWith('/')) out.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
