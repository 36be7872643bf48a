/**
 * File names that are safe on Windows, macOS and Linux: no path separators,
 * no characters Windows forbids, no reserved device names (CON, NUL, COM1…),
 * no trailing dots or spaces, and a length every file system accepts.
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_STEM = 120;

/** One readable, safe piece of a file name: "Ana Ruiz" → "ana-ruiz". */
export function slugPart(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug;
}

/** Joins parts into a safe file name with the given extension. */
export function safeFileName(parts: readonly string[], ext: string): string {
  let stem = parts
    .map(slugPart)
    .filter((p) => p.length > 0)
    .join('-');
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/-+$/, '');
  if (stem === '') stem = 'untitled';
  if (RESERVED.test(stem)) stem = `${stem}-file`;
  const cleanExt = ext.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return cleanExt ? `${stem}.${cleanExt}` : stem;
}

/** "name.docx" → "name-2.docx", for the n-th file that would otherwise collide. */
export function numbered(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}` : `${fileName}-${n}`;
}
