/**
 * File names that are safe on Windows, macOS and Linux: no path separators,
 * no characters Windows forbids, no control, bidirectional or invisible
 * characters, no reserved device names (CON, NUL, COM1…), no leading or
 * trailing dots, spaces or dashes, and a length every file system accepts
 * (counted in UTF-16 units for Windows and in UTF-8 bytes for Linux and macOS).
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** The part before the extension, in UTF-16 units (Windows allows 255 per name; the folder's path needs room too). */
export const MAX_STEM = 120;
/**
 * …and in UTF-8 bytes (ext4 and APFS allow 255 per name): room is left for a
 * "-2" when a name is taken, a short id and the extension. 120 letters of
 * Chinese or Hindi are 360 bytes.
 */
export const MAX_STEM_BYTES = 180;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A grapheme that carries something a reader can recognise. */
const READABLE = /[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const PICTURE = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
/** Inside a word: letters, their accents and vowel signs, digits. */
const NOT_WORD = /[^\p{L}\p{M}\p{N}]/gu;
/** Inside an emoji: the pictures, skin tones, the joiner of a ZWJ sequence, the emoji presentation selector. */
// eslint-disable-next-line no-misleading-character-class -- the joiner and selector are listed on their own on purpose
const NOT_EMOJI = /[^\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\uFE0F]/gu;

/**
 * One readable, safe piece of a file name: "Ana Ruiz" → "ana-ruiz",
 * "José" in either Unicode form → "josé", "हिन्दी" keeps its vowel signs,
 * "👩‍💻" stays one emoji; anything else (punctuation, spaces, separators,
 * control and invisible characters) separates words with one dash.
 */
export function slugPart(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    if (slugs.size >= 5000) slugs.clear();
    slug = makeSlug(text);
    slugs.set(text, slug);
  }
  return slug;
}

/**
 * Lower case as a case-insensitive file system compares names: "ΟΔΟΣ" and
 * "οδοσ" both become "οδος", "Straße" and "STRASSE" both "strasse".
 */
const fold = (text: string): string => text.normalize('NFKC').toUpperCase().toLowerCase();

/** A batch names thousands of files from a few roles and stages: each text is made safe once. */
const slugs = new Map<string, string>();

function makeSlug(text: string): string {
  // eslint-disable-next-line no-control-regex -- plain ASCII takes the quick way
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const words: string[] = [];
  let word = '';
  for (const { segment } of graphemes.segment(fold(text))) {
    const kept = READABLE.test(segment) ? segment.replace(PICTURE.test(segment) ? NOT_EMOJI : NOT_WORD, '') : '';
    if (kept) word += kept;
    else if (word) {
      words.push(word);
      word = '';
    }
  }
  if (word) words.push(word);
  return words.join('-');
}

/** Bytes of the text in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}

/**
 * The slugs shortened to fit MAX_STEM units and MAX_STEM_BYTES bytes when
 * joined with dashes: the longest part loses a grapheme at a time, so every
 * part keeps its start; the parts in `keep` are shortened only if the others
 * are gone.
 */
function fit(slugs: readonly string[], keep: ReadonlySet<number>): string[] {
  const whole = slugs.filter((s) => s !== '');
  const joined = whole.join('-');
  if (joined.length <= MAX_STEM && utf8Length(joined) <= MAX_STEM_BYTES) return whole;
  const parts = slugs.map((s) => [...graphemes.segment(s)].map((g) => g.segment));
  const sizes = parts.map((p) => ({ units: p.join('').length, bytes: utf8Length(p.join('')) }));
  const total = () => {
    const used = sizes.filter((s) => s.units > 0);
    const dashes = Math.max(0, used.length - 1);
    return { units: used.reduce((n, s) => n + s.units, dashes), bytes: used.reduce((n, s) => n + s.bytes, dashes) };
  };
  const longest = (pool: (i: number) => boolean): number => {
    let at = -1;
    sizes.forEach((s, i) => {
      if (pool(i) && s.units > 0 && (at < 0 || s.bytes > (sizes[at]?.bytes ?? 0))) at = i;
    });
    return at;
  };
  for (let t = total(); t.units > MAX_STEM || t.bytes > MAX_STEM_BYTES; t = total()) {
    let i = longest((j) => !keep.has(j));
    if (i < 0) i = longest(() => true);
    const part = parts[i];
    const size = sizes[i];
    if (!part || !size) break;
    const g = part.pop() ?? '';
    size.units -= g.length;
    size.bytes -= utf8Length(g);
    // A part never ends in a dash once cut.
    while (part.at(-1) === '-') {
      part.pop();
      size.units -= 1;
      size.bytes -= 1;
    }
  }
  return parts.map((p) => p.join('')).filter((p) => p !== '');
}

/**
 * Joins parts into a safe file name with the given extension. When the name
 * is too long, the longest parts are shortened first; the last part (what
 * the file is: "kit", "packet") and the parts listed in `keep` stay whole.
 */
export function safeFileName(parts: readonly string[], ext: string, opts: { keep?: readonly number[] } = {}): string {
  const slugs = parts.map(slugPart);
  const keep = new Set([slugs.length - 1, ...(opts.keep ?? [])]);
  let stem = fit(slugs, keep).join('-');
  if (stem === '') stem = 'untitled';
  if (RESERVED.test(stem)) stem = `${stem}-file`;
  const cleanExt = ext.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return cleanExt ? `${stem}.${cleanExt}` : stem;
}

/** Two names that are the same file on a case-insensitive file system (Windows, macOS) have the same key. */
export function fileNameKey(name: string): string {
  // eslint-disable-next-line no-control-regex -- plain ASCII takes the quick way
  return /^[\x00-\x7f]*$/.test(name) ? name.toLowerCase() : fold(name);
}

/** A short, stable piece of a record's id (hex digits only), to tell apart files whose names read the same. */
export function shortId(id: string, length = 8): string {
  const hex = id.toLowerCase().replace(/[^0-9a-f]/g, '');
  return (hex || id).slice(0, length);
}

/** "name.docx" → "name-2.docx", for the n-th file that would otherwise collide. */

export function numbered(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}` : `${fileName}-${n}`;
}
