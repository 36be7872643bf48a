/**
 * Checks that image bytes really are the PNG or JPEG they claim to be, whole,
 * and reads their pixel size. No decoder needed; works in the renderer and in
 * Node. Anything else (GIF, WebP, SVG, a PDF, a program, text) is refused
 * with a message that says what the file is. SVG is not accepted: it is a
 * document that can hold scripts and links, not a picture.
 */
import { ValidationError } from './errors';
import type { Logo } from './schemas';

/** 3 MB: the most the company profile stores (4,000,000 characters of base64). */
export const MAX_LOGO_BYTES = 3_000_000;
export const MAX_LOGO_PIXELS = 8000;

export interface ImageInfo {
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/** Reads PNG (IHDR) or JPEG (SOFn) dimensions from the header; null if the bytes are neither. Does not check the rest. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length >= 24 && startsWith(bytes, PNG_SIGNATURE)) {
    if (ascii(bytes, 12, 16) !== 'IHDR') return null;
    return { mime: 'image/png', width: view(bytes).getUint32(16), height: view(bytes).getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    const frame = jpegFrame(bytes);
    return frame && 'width' in frame ? { mime: 'image/jpeg', width: frame.width, height: frame.height } : null;
  }
  return null;
}

// ---------------------------------------------------------------- PNG

let crcTable: Uint32Array | null = null;

/** CRC-32 (as PNG chunks carry it) of bytes[from, to). */
export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = from; i < to; i++) crc = (crcTable[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bit depths each PNG colour type allows. */
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** `end`: where the image ends; anything after it (another file glued on) is not part of the logo. */
type Checked = { ok: true; info: ImageInfo; end: number } | { ok: false; problem: string };

const CUT_SHORT = 'is cut short: the file ends before the image does (an interrupted download or copy?)';

/** Every chunk of a PNG, in bounds (and with its checksum, if asked); IHDR first, image data, IEND. */
function checkPng(bytes: Uint8Array, checksums: boolean): Checked {
  const dv = view(bytes);
  if (bytes.length < 33) return { ok: false, problem: CUT_SHORT };
  if (ascii(bytes, 12, 16) !== 'IHDR' || dv.getUint32(8) !== 13) return { ok: false, problem: 'is a damaged PNG image (its header is missing)' };
  const info: ImageInfo = { mime: 'image/png', width: dv.getUint32(16), height: dv.getUint32(20) };
  const size = checkSize(info);
  if (size) return { ok: false, problem: size };
  const depth = bytes[24] ?? 0;
  const colour = bytes[25] ?? 0;
  if (!PNG_DEPTHS[colour]?.includes(depth) || bytes[26] !== 0 || bytes[27] !== 0 || (bytes[28] ?? 0) > 1) {
    return { ok: false, problem: 'is a damaged PNG image (its header describes no valid image)' };
  }
  let at = 8;
  let data = false;
  while (at + 12 <= bytes.length) {
    const length = dv.getUint32(at);
    const type = ascii(bytes, at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) return { ok: false, problem: 'is a damaged PNG image' };
    const end = at + 12 + length;
    if (end > bytes.length) return { ok: false, problem: CUT_SHORT };
    if (checksums && crc32(bytes, at + 4, at + 8 + length) !== dv.getUint32(at + 8 + length)) {
      return { ok: false, problem: `is a damaged PNG image (the checksum of its ${type} part does not match)` };
    }
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data ? { ok: true, info, end } : { ok: false, problem: 'is a PNG image with no pixels in it' };
    at = end;
  }
  return { ok: false, problem: CUT_SHORT };
}

// ---------------------------------------------------------------- JPEG

/** Frame types every reader shows: baseline, extended and progressive Huffman. */
const COMMON_SOF = new Set([0xc0, 0xc1, 0xc2]);

type Frame = { width: number; height: number; marker: number; scan: number } | { problem: string };

/**
 * The JPEG's frame header (SOFn) and where its first scan starts, walking the
 * segments before it; a problem if they are damaged or the file ends first;
 * null if the bytes are not a JPEG.
 */
function jpegFrame(bytes: Uint8Array): Frame | null {
  const dv = view(bytes);
  let frame: { width: number; height: number; marker: number } | null = null;
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return i === 2 ? null : { problem: 'is a damaged JPEG image' };
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9) return { problem: 'is a JPEG image with no picture in it' };
    if (i + 4 > bytes.length) break;
    const length = dv.getUint16(i + 2);
    if (length < 2) return { problem: 'is a damaged JPEG image' };
    if (i + 2 + length > bytes.length) break;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 8) return { problem: 'is a damaged JPEG image' };
      frame = { marker, height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
    }
    if (marker === 0xda) return frame ? { ...frame, scan: i + 2 + length } : { problem: 'is a damaged JPEG image (it has no picture size)' };
    i += 2 + length;
  }
  return { problem: CUT_SHORT };
}

function checkJpeg(bytes: Uint8Array): Checked {
  const frame = jpegFrame(bytes);
  if (!frame) return { ok: false, problem: 'is a damaged JPEG image' };
  if ('problem' in frame) return { ok: false, problem: frame.problem };
  const info: ImageInfo = { mime: 'image/jpeg', width: frame.width, height: frame.height };
  const size = checkSize(info);
  if (size) return { ok: false, problem: size };
  if (!COMMON_SOF.has(frame.marker)) {
    return { ok: false, problem: 'is a kind of JPEG (lossless or arithmetic-coded) that Word and most programs cannot show; save it again as an ordinary JPEG or PNG' };
  }
  // The image data ends with the end-of-image marker; a file cut short lacks it.
  for (let i = frame.scan; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return { ok: true, info, end: i + 2 };
  }
  return { ok: false, problem: CUT_SHORT };
}

// ---------------------------------------------------------------- everything else

function checkSize(info: ImageInfo): string | null {
  if (info.width === 0 || info.height === 0) return 'has no pixels';
  if (info.width > MAX_LOGO_PIXELS || info.height > MAX_LOGO_PIXELS) {
    return `is ${info.width}×${info.height} pixels; the limit is ${MAX_LOGO_PIXELS} on each side`;
  }
  return null;
}

/** Mostly printable text (UTF-8 or ASCII) in the first bytes. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let odd = 0;
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) odd += 1;
  return odd === 0;
}

/** What a file that is not a PNG or JPEG is, as a user would call it; null if unknown. */
export function describeFileType(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 4096);
  const text = looksLikeText(head) ? new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '').trimStart() : null;
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'a WebP image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 18 && [12, 40, 52, 56, 108, 124].includes(view(bytes).getUint32(14, true))) return 'a BMP image';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes.length > 6 && (bytes[4] ?? 0) > 0) return 'an icon (.ico) file';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (/^avi[fs]$/.test(brand)) return 'an AVIF image';
    if (/^(hei[cx]|hev[cx]|mif1|msf1)$/.test(brand)) return 'a HEIC image';
    return 'a video file';
  }
  if (ascii(bytes, 0, 5) === '%PDF-') return 'a PDF document';
  if (ascii(bytes, 0, 2) === 'MZ') return 'a Windows program (.exe)';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => startsWith(bytes, m))) {
    return 'a macOS program';
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (text !== null && /<svg[\s>]/i.test(text)) return 'an SVG drawing';
  if (text !== null && /^<(!doctype html|html)[\s>]/i.test(text)) return 'a web page (HTML)';
  if (text !== null) return 'a text file';
  return null;
}

/**
 * The PNG or JPEG in the bytes, whole and within the limits, or what is
 * wrong with them. `checksums`: also refuse a PNG whose chunk checksums do
 * not match (a damaged file); readers show such a file anyway, so a logo
 * already stored is not refused for it.
 */
export function checkImage(bytes: Uint8Array, opts: { checksums?: boolean } = {}): Checked {
  if (bytes.length === 0) return { ok: false, problem: 'is an empty file' };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, problem: `is ${(bytes.length / 1e6).toFixed(1)} MB; the limit is 3 MB` };
  if (startsWith(bytes, PNG_SIGNATURE)) return checkPng(bytes, opts.checksums !== false);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return checkJpeg(bytes);
  const what = describeFileType(bytes);
  if (what === 'an SVG drawing') {
    return { ok: false, problem: 'is not a PNG or JPEG image: it is an SVG drawing, which can hold scripts and links and is not accepted. Save the logo as PNG' };
  }
  if (what?.endsWith(' image')) return { ok: false, problem: `is not a PNG or JPEG image: it is ${what}. Save it as PNG or JPEG` };
  return { ok: false, problem: what ? `is not a PNG or JPEG image: it is ${what}` : 'is not a PNG or JPEG image' };
}

/** A file name as it can be shown in a message: quoted, with invisible and control characters spelled out. */
export function quoteFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be spelled out
  const shown = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
  return `"${shown}"`;
}

/**
 * Builds a logo from file bytes, or throws a ValidationError naming the
 * field, the file (when its name is given) and what is wrong. Bytes after
 * the image's end (a second file glued on) are left out.
 */
export function logoFromBytes(bytes: Uint8Array, entity = 'company profile', field = 'logo', fileName?: string): Logo {
  return makeLogo(bytes, entity, field, fileName, true);
}

function makeLogo(bytes: Uint8Array, entity: string, field: string, fileName: string | undefined, checksums: boolean): Logo {
  const checked = checkImage(bytes, { checksums });
  if (!checked.ok) {
    const file = fileName === undefined ? '' : `file ${quoteFileName(fileName)} `;
    throw new ValidationError(entity, [{ field, message: `${file}${checked.problem}` }]);
  }
  const { info, end } = checked;
  return { mime: info.mime, data: bytesToBase64(bytes.subarray(0, end)), width: info.width, height: info.height };
}

export function base64ToBytes(data: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new Error('not base64');
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Base64 of bytes, in chunks so a large file does not overflow the call stack. Works in the window and in Node. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * Re-checks a stored or imported logo: its content must be a whole PNG or
 * JPEG, of the declared type and pixel size (the size lays out the header).
 * PNG checksums are not checked here: a logo saved before they were must not
 * stop the company profile from being saved.
 */
export function validateLogo(logo: Logo, entity = 'company profile', field = 'logo'): Logo {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(logo.data);
  } catch {
    throw new ValidationError(entity, [{ field, message: 'is not valid base64 image data' }]);
  }
  const checked = makeLogo(bytes, entity, field, undefined, false);
  if (checked.mime !== logo.mime) {
    throw new ValidationError(entity, [{ field, message: `says ${logo.mime} but holds ${checked.mime}` }]);
  }
  if (checked.width !== logo.width || checked.height !== logo.height) {
    throw new ValidationError(entity, [
      { field, message: `says ${logo.width}×${logo.height} pixels but the image is ${checked.width}×${checked.height}` },
    ]);
  }
  return checked;
}
