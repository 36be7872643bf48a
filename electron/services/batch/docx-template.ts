/**
 * A rendered .docx as a template: each XML part split into the text that is
 * the same for every document and the slots a document fills. Filling writes
 * exactly the XML the Word renderer writes for that text: it is sanitised the
 * same way (sanitizeText) and escaped the same way (the docx package escapes
 * & " ' < > and drops C0 controls).
 */
import { sanitizeText } from '../../documents/sanitize';
import { MARKS } from './patterns';
import { EntryBuilder, compressPiece, readZip, wholeEntry, zipBuffer, type Piece, type ZipEntry } from './zip';

/** The slot that holds the document's timestamp (core.xml created/modified). */
export const STAMP = -1;

export type Seg = string | { slot: number };

export interface TemplatePart {
  name: string;
  /** Binary parts (images), as they are. */
  bytes: Buffer | null;
  /** XML parts, as text and slots. */
  segs: Seg[] | null;
}

export interface DocxTemplate {
  parts: TemplatePart[];
  /** Per-document output, compiled on first use. */
  compiled: CompiledPart[] | null;
}

type CompiledPart = { kind: 'fixed'; entry: ZipEntry } | { kind: 'filled'; name: string; items: (Piece | number)[] };

export class TemplateError extends Error {}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Text as the Word renderer writes it into XML. */
export function xmlValue(text: string): string {
  // eslint-disable-next-line no-control-regex -- the docx package drops these controls; so must we
  return sanitizeText(text).replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_ESCAPES[c] ?? '');
}

/** Splits text at slot tokens; a mark anywhere else means the template cannot be trusted. */
export function splitSlots(text: string): Seg[] {
  const segs: Seg[] = [];
  let at = 0;
  for (const m of text.matchAll(/\uE000(\d+|s)\uE001/g)) {
    if (m.index > at) segs.push(text.slice(at, m.index));
    segs.push({ slot: m[1] === 's' ? STAMP : Number(m[1]) });
    at = m.index + m[0].length;
  }
  if (at < text.length) segs.push(text.slice(at));
  for (const s of segs) {
    if (typeof s === 'string' && MARKS.test(s)) {
      throw new TemplateError('a placeholder was changed by the renderer; the document is made in full instead');
    }
  }
  return segs;
}

export const hasSlots = (segs: readonly Seg[]): boolean => segs.some((s) => typeof s !== 'string');

/** core.xml with its created/modified times as stamp slots, so a rerun writes the same bytes. */
function splitStamps(xml: string): Seg[] {
  const segs: Seg[] = [];
  let at = 0;
  for (const m of xml.matchAll(/<dcterms:(created|modified)\b[^>]*>([^<]*)<\/dcterms:\1>/g)) {
    const valueStart = m.index + m[0].indexOf('>') + 1;
    segs.push(xml.slice(at, valueStart), { slot: STAMP });
    at = valueStart + (m[2]?.length ?? 0);
  }
  segs.push(xml.slice(at));
  return segs;
}

/**
 * The docx package numbers drawings (wp:docPr ids) with a counter that runs
 * across every document the process renders; numbered from 1 in part order
 * instead, the same document always has the same bytes.
 */
function renumberDrawings(parts: TemplatePart[]): void {
  let n = 0;
  for (const part of parts) {
    if (!part.segs) continue;
    part.segs = part.segs.map((s) => (typeof s === 'string' ? s.replace(/(<wp:docPr id=")\d+(")/g, (_m, a: string, b: string) => `${a}${(n += 1)}${b}`) : s));
  }
}

/**
 * Reads a .docx made by the Word renderer into a template. With `slots`, the
 * text's slot tokens become slots; without, the text is taken as it is (a
 * document rendered in full, whose text may hold anything).
 */
export function prepareDocx(buffer: Uint8Array, slots: boolean): DocxTemplate {
  const parse = slots ? splitSlots : (text: string): Seg[] => [text];
  const parts: TemplatePart[] = [];
  for (const { name, data } of readZip(buffer)) {
    if (/\.(xml|rels)$/i.test(name)) {
      const text = data.toString('utf8');
      const segs = name === 'docProps/core.xml' ? splitStamps(text).flatMap((s) => (typeof s === 'string' ? parse(s) : [s])) : parse(text);
      parts.push({ name, bytes: null, segs });
    } else {
      parts.push({ name, bytes: data, segs: null });
    }
  }
  renumberDrawings(parts);
  if (!parts.some((p) => p.name === 'word/document.xml')) throw new TemplateError('the rendered file has no word/document.xml');
  return { parts, compiled: null };
}

function compilePart(part: TemplatePart): CompiledPart {
  if (part.bytes) return { kind: 'fixed', entry: wholeEntry(part.name, part.bytes) };
  const segs = part.segs ?? [];
  if (!hasSlots(segs)) return { kind: 'fixed', entry: wholeEntry(part.name, Buffer.from(segs.join(''), 'utf8')) };
  const items = segs.map((s) => (typeof s === 'string' ? compressPiece(Buffer.from(s, 'utf8')) : s.slot));
  return { kind: 'filled', name: part.name, items };
}

/**
 * The .docx of one document: `values` are the slots' texts already made XML
 * (xmlValue), `stamp` its timestamp. Identical inputs give identical bytes.
 */
export function emitDocx(template: DocxTemplate, values: readonly string[], stamp: string): Buffer {
  template.compiled ??= template.parts.map(compilePart);
  const stampBytes = Buffer.from(stamp, 'utf8');
  const valueBytes = values.map((v) => Buffer.from(v, 'utf8'));
  const entries = template.compiled.map((part) => {
    if (part.kind === 'fixed') return part.entry;
    const builder = new EntryBuilder();
    for (const item of part.items) {
      if (typeof item !== 'number') builder.piece(item);
      else builder.raw(item === STAMP ? stampBytes : (valueBytes[item] ?? Buffer.alloc(0)));
    }
    return builder.finish(part.name);
  });
  return zipBuffer(entries, stamp);
}
