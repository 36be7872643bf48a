/**
 * Checks that image bytes really are the PNG or JPEG they claim to be, and
 * reads their pixel size from the header. No decoder needed; works in the
 * renderer and in Node.
 */
import { ValidationError } from './errors';
import type { Logo } from './schemas';

export const MAX_LOGO_BYTES = 3 * 1024 * 1024;
export const MAX_LOGO_PIXELS = 8000;

export interface ImageInfo {
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** Reads PNG (IHDR) or JPEG (SOFn) dimensions; null if the bytes are neither. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && png.every((b, i) => bytes[i] === b)) {
    const isIhdr = String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
    if (!isIhdr) return null;
    return { mime: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1] ?? 0;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const len = view.getUint16(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { mime: 'image/jpeg', height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + len;
    }
  }
  return null;
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

/** Builds a logo from file bytes, or throws a ValidationError naming the field. */
export function logoFromBytes(bytes: Uint8Array, entity = 'company profile', field = 'logo'): Logo {
  const fail = (message: string) => new ValidationError(entity, [{ field, message }]);
  if (bytes.length === 0) throw fail('is an empty file');
  if (bytes.length > MAX_LOGO_BYTES) throw fail(`is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is 3 MB`);
  const info = sniffImage(bytes);
  if (!info) throw fail('is not a PNG or JPEG image');
  if (info.width === 0 || info.height === 0) throw fail('has no pixels');
  if (info.width > MAX_LOGO_PIXELS || info.height > MAX_LOGO_PIXELS) {
    throw fail(`is ${info.width}×${info.height} pixels; the limit is ${MAX_LOGO_PIXELS} on each side`);
  }
  return { mime: info.mime, data: bytesToBase64(bytes), width: info.width, height: info.height };
}

/** Re-checks a stored or imported logo: content must match its declared type and size. */
export function validateLogo(logo: Logo, entity = 'company profile', field = 'logo'): Logo {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(logo.data);
  } catch {
    throw new ValidationError(entity, [{ field, message: 'is not valid base64 image data' }]);
  }
  const checked = logoFromBytes(bytes, entity, field);
  if (checked.mime !== logo.mime) {
    throw new ValidationError(entity, [{ field, message: `says ${logo.mime} but holds ${checked.mime}` }]);
  }
  return checked;
}
