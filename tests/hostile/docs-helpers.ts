/**
 * Shared by the hostile-input tests: the corpora, what "a safe file name"
 * means on Windows, macOS and Linux, the library's state before and after a
 * refused import, and the documents opened by real readers (LibreOffice, in
 * one call for many files; pandoc; poppler).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../electron/store';
import { flat, tool } from '../helpers/tools';

export const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');
export const hostileFile = (...parts: string[]): string => path.join(HOSTILE, ...parts);

export interface StoredName {
  label: string;
  name: string;
  /** What a reader must show of it (its readable part); empty when the fonts cannot show it (emoji, Chinese, Hindi) or it is all punctuation. */
  readable: string[];
}
export interface RefusedName {
  label: string;
  name: string;
  message: string;
}

export function hostileNames(): { stored: StoredName[]; refused: RefusedName[] } {
  return JSON.parse(fs.readFileSync(hostileFile('names', 'names.json'), 'utf8')) as { stored: StoredName[]; refused: RefusedName[] };
}

// ---------------------------------------------------------------- file names

// eslint-disable-next-line no-control-regex -- control characters are what is checked for
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/u;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;
/** The joiner inside an emoji ZWJ sequence ("👩‍💻") is part of the emoji, not hidden text. */
const EMOJI_JOIN = /(?<=\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D(?=\p{Extended_Pictographic})/gu;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Why a file name is not safe on Windows, macOS or Linux; empty when it is. */
export function unsafeReasons(name: string): string[] {
  const out: string[] = [];
  if (FORBIDDEN.test(name)) out.push('has a character Windows forbids, a separator or a control character');
  if (INVISIBLE.test(name.replace(EMOJI_JOIN, ''))) out.push('has an invisible or bidirectional control character');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) out.push('has a lone surrogate');
  if (RESERVED.test(name.split('.')[0] ?? '')) out.push('is a reserved device name on Windows');
  if (/^[.\s-]|[.\s]$/.test(name)) out.push('starts with a dot, space or dash, or ends with a dot or space');
  if (name === '' || name === '.' || name === '..') out.push('is not a name');
  if (Buffer.byteLength(name, 'utf8') > 255) out.push(`is ${Buffer.byteLength(name, 'utf8')} bytes of UTF-8 (Linux, macOS: 255)`);
  if (name.length > 255) out.push(`is ${name.length} UTF-16 units (Windows: 255)`);
  return out;
}

/** The file is directly inside the folder (no traversal, no sub-folder). */
export const directlyIn = (folder: string, file: string): boolean => path.dirname(path.resolve(file)) === path.resolve(folder);

// ---------------------------------------------------------------- text as readers show it

/** Reader output made comparable: one Unicode form, no invisible or control characters, single spaces. */
export function readerText(text: string): string {
  return flat(
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- exactly these are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]/gu, ''),
  );
}

/** What a name should read as: controls gone, line breaks and tabs as spaces. */
export const readable = (s: string): string => readerText(s.replace(/[\t\n\r\u2028\u2029]/g, ' '));

// ---------------------------------------------------------------- the library's state

/** Row count of every table (FTS shadow tables too), and SQLite's change counter. */
export function tableCounts(db: Database): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
}

export const totalChanges = (db: Database): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/** Nothing leaked onto the prototypes every object and array share (the bundles try "polluted", "isAdmin", "injected"). */
export function prototypesClean(): boolean {
  const names = ['polluted', 'isAdmin', 'injected'];
  const probe = {} as Record<string, unknown>;
  const list = [] as unknown as Record<string, unknown>;
  return (
    names.every((n) => probe[n] === undefined && list[n] === undefined) &&
    names.every((n) => !Object.prototype.hasOwnProperty.call(Object.prototype, n) && !Object.prototype.hasOwnProperty.call(Array.prototype, n)) &&
    Object.getPrototypeOf(probe) === Object.prototype
  );
}

// ---------------------------------------------------------------- readers

function runAsync(program: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${path.basename(program)} failed: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/**
 * Converts many files to PDF with one LibreOffice start (it is slow to
 * start). Each input is copied under a distinct name first (a kit's .docx
 * and .html would both become kit.pdf). Resolves to input → PDF path, or
 * null where LibreOffice made nothing.
 */
export async function libreOfficeToPdf(inputs: readonly string[], workDir: string): Promise<Map<string, string | null>> {
  const stage = fs.mkdtempSync(path.join(workDir, 'lo-in-'));
  const out = fs.mkdtempSync(path.join(workDir, 'lo-out-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-lo-profile-'));
  const staged = inputs.map((file, i) => {
    const copy = path.join(stage, `doc${i}${path.extname(file)}`);
    fs.copyFileSync(file, copy);
    return copy;
  });
  try {
    await runAsync(tool('soffice'), [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...staged], 240_000);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return new Map(
    inputs.map((file, i) => {
      const pdf = path.join(out, `doc${i}.pdf`);
      return [file, fs.existsSync(pdf) ? pdf : null];
    }),
  );
}

export const pdfPagesAsync = async (pdf: string): Promise<number> =>
  Number(/Pages:\s+(\d+)/.exec(await runAsync(tool('pdfinfo'), [pdf], 30_000))?.[1] ?? 0);
export const pdfTextAsync = async (pdf: string): Promise<string> => readerText(await runAsync(tool('pdftotext'), [pdf, '-'], 30_000));
export const pandocTextAsync = async (file: string, from: 'docx' | 'html' = 'docx'): Promise<string> =>
  readerText(await runAsync(tool('pandoc'), ['-f', from, '-t', 'plain', '--wrap=none', file], 60_000));

/** Runs `fn` over the items, `width` at a time. */
export async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
