/**
 * One .docx holding many documents, for printing a whole event at once: each
 * document is a section of its own (its own running header and footer, its
 * cover page without them), each section starts on a new page, pages are
 * numbered through the file (as in the combined PDF; LibreOffice cannot show
 * a section's page count), and the file ends with the last document's own end (no
 * trailing break, so no blank last page).
 *
 * Documents come from templates (docx-template.ts). What is shared is written
 * once: a template's headers and footers (unless they hold a candidate's text),
 * images (by content), list definitions. What must be unique in one file is
 * renumbered per document: list instances (so each document's numbered lists
 * start at 1), drawing ids and relationship ids.
 *
 * Template text is handled with each slot encoded as \0<n>\0: NUL can never
 * occur in the renderer's XML (it is not allowed in XML 1.0), so this is unambiguous.
 */
import { createHash } from 'node:crypto';
import type { DocxFill } from './factory';
import { STAMP, hasSlots, xmlValue, type DocxTemplate, type Seg, type TemplatePart } from './docx-template';
import { ZipFileWriter, wholeEntry, type ZipEntry } from './zip';

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const CT_HEADER = 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml';
const CT_FOOTER = 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml';

/** Body text with relocatable items marked. */
type CSeg =
  | string
  | { slot: number }
  | { num: number }
  | { rel: string }
  | { drawing: true };

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

interface PartCopy {
  kind: 'header' | 'footer';
  template: DocxTemplate;
  /** The template part: copied once (no slots) or per document (slots). */
  part: TemplatePart;
  rels: Rel[];
}

interface Registered {
  /** Template relationship id → combined id, for what the whole template shares. */
  relIds: Map<string, string>;
  /** Header and footer parts that hold a document's text: copied per document. */
  perDocument: Map<string, PartCopy>;
  nums: { id: number; xml: string }[];
  /** The body with its section's properties in a paragraph (a section break) and at the end of the body. */
  withBreak: CSeg[];
  atEnd: CSeg[];
}

export interface CombinedMeta {
  title: string;
  subject: string;
  author: string;
  stamp: string;
}

// ---------------------------------------------------------------- text helpers

const encode = (segs: readonly Seg[]): string =>
  segs.map((s) => (typeof s === 'string' ? s : `\0${s.slot}\0`)).join('');

function partText(part: TemplatePart): string {
  if (!part.segs) throw new Error(`${part.name} is not XML`);
  return encode(part.segs);
}

function attr(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

function parseRels(xml: string): Rel[] {
  return [...xml.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => ({
    id: attr(m[0], 'Id') ?? '',
    type: attr(m[0], 'Type') ?? '',
    target: attr(m[0], 'Target') ?? '',
    external: attr(m[0], 'TargetMode') === 'External',
  }));
}

function relsXml(rels: readonly Rel[]): string {
  const items = rels.map(
    (r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlValue(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${REL_NS}">${items.join('')}</Relationships>`;
}

const kindOf = (type: string): string => type.slice(type.lastIndexOf('/') + 1);
const relsPathOf = (partName: string): string => {
  const slash = partName.lastIndexOf('/');
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
};

/** Splits text into strings, slots and the items renumbered per document. */
function relocatable(text: string): CSeg[] {
  const out: CSeg[] = [];
  let at = 0;
  const re = /\0(-?\d+)\0|(?<=<w:numId w:val=")(\d+)(?=")|(?<=\sr:(?:id|embed|link)=")([^"]+)(?=")|(?<=<wp:docPr id=")(\d+)(?=")/g;
  for (const m of text.matchAll(re)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    if (m[1] !== undefined) out.push({ slot: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ num: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ rel: m[3] });
    else out.push({ drawing: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * The body with a section break at its end: the section's properties go into
 * its last paragraph, or, when it ends with a table, into a 1-point paragraph after it.
 */
function bodyWithBreak(body: string, sectPr: string): string {
  const trimmed = body.trimEnd();
  if (trimmed.endsWith('</w:p>')) {
    const start = Math.max(trimmed.lastIndexOf('<w:p>'), trimmed.lastIndexOf('<w:p '));
    const last = trimmed.slice(start);
    const opens = (last.match(/<w:p[ >]/g) ?? []).length;
    if (start >= 0 && opens === 1) return trimmed.slice(0, start) + withSectPr(last, sectPr);
  }
  return `${trimmed}<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>${sectPr}</w:pPr></w:p>`;
}

function withSectPr(paragraph: string, sectPr: string): string {
  const openEnd = paragraph.indexOf('>') + 1;
  const rest = paragraph.slice(openEnd);
  if (rest.startsWith('<w:pPr/>')) return `${paragraph.slice(0, openEnd)}<w:pPr>${sectPr}</w:pPr>${rest.slice('<w:pPr/>'.length)}`;
  if (rest.startsWith('<w:pPr>') || rest.startsWith('<w:pPr ')) {
    const close = paragraph.indexOf('</w:pPr>');
    return `${paragraph.slice(0, close)}${sectPr}${paragraph.slice(close)}`;
  }
  return `${paragraph.slice(0, openEnd)}<w:pPr>${sectPr}</w:pPr>${rest}`;
}

// ---------------------------------------------------------------- the combined file

export class CombinedDocx {
  private readonly writer: ZipFileWriter;
  private readonly registered = new Map<DocxTemplate, Registered>();
  private base: DocxTemplate | null = null;
  private rels: Rel[] = [];
  private readonly extraParts: ZipEntry[] = [];
  private readonly overrides: { part: string; type: string }[] = [];
  private readonly media = new Map<string, string>();
  private readonly abstracts = new Map<string, { id: number; xml: string }>();
  private readonly numXml: string[] = [];
  private nextNum = 1;
  private nextRel = 1;
  private drawings = 0;
  private headers = 0;
  private footers = 0;
  private suffix = '</w:body></w:document>';

  constructor(fd: number, private readonly meta: CombinedMeta) {
    this.writer = new ZipFileWriter(fd, meta.stamp);
  }

  /** Appends one document as a section; `last` ends the body with its properties. */
  add(fill: DocxFill, last: boolean): void {
    const reg = this.register(fill.template);
    const numIds = new Map(reg.nums.map((n) => [n.id, this.addNum(n.xml, n.id)]));
    const docRels = new Map<string, string>();
    for (const [id, copy] of reg.perDocument) docRels.set(id, this.copyPart(copy, fill.values));
    const text = (last ? reg.atEnd : reg.withBreak)
      .map((s) => {
        if (typeof s === 'string') return s;
        if ('slot' in s) return fill.values[s.slot] ?? '';
        if ('num' in s) return String(numIds.get(s.num) ?? s.num);
        if ('rel' in s) return docRels.get(s.rel) ?? reg.relIds.get(s.rel) ?? s.rel;
        return String((this.drawings += 1));
      })
      .join('');
    this.writer.text(Buffer.from(text, 'utf8'));
  }

  /** Writes everything but the body, and the ZIP directory. */
  finish(): void {
    const base = this.base;
    if (!base) throw new Error('a combined file needs at least one document');
    this.writer.text(Buffer.from(this.suffix, 'utf8'));
    this.writer.end();
    const skip = new Set(['word/document.xml', 'word/_rels/document.xml.rels', 'word/numbering.xml', 'docProps/core.xml', '[Content_Types].xml']);
    for (const part of base.parts) {
      if (skip.has(part.name) || this.isCopied(part.name)) continue;
      this.writer.add(wholeEntry(part.name, part.bytes ?? Buffer.from(partText(part).replace(/\0-?\d+\0/g, ''), 'utf8')));
    }
    for (const entry of this.extraParts) this.writer.add(entry);
    this.writer.add(wholeEntry('word/numbering.xml', Buffer.from(this.numberingXml(base), 'utf8')));
    this.writer.add(wholeEntry('word/_rels/document.xml.rels', Buffer.from(relsXml(this.rels), 'utf8')));
    this.writer.add(wholeEntry('docProps/core.xml', Buffer.from(this.coreXml(), 'utf8')));
    this.writer.add(wholeEntry('[Content_Types].xml', Buffer.from(this.contentTypes(base), 'utf8')));
    this.writer.close();
  }

  // ---- templates

  private register(template: DocxTemplate): Registered {
    const known = this.registered.get(template);
    if (known) return known;
    if (!this.base) this.start(template);
    const partOf = new Map(template.parts.map((p) => [p.name, p]));
    const docPart = partOf.get('word/document.xml');
    const relsPart = partOf.get('word/_rels/document.xml.rels');
    if (!docPart || !relsPart) throw new Error('a template has no document part');
    const relIds = new Map<string, string>();
    const perDocument = new Map<string, PartCopy>();
    for (const rel of parseRels(partText(relsPart))) {
      const kind = kindOf(rel.type);
      if (kind === 'header' || kind === 'footer') {
        const part = partOf.get(`word/${rel.target}`);
        if (!part) continue;
        const relsText = partOf.get(relsPathOf(part.name));
        const copy: PartCopy = { kind, template, part, rels: relsText ? parseRels(partText(relsText)) : [] };
        if (part.segs && hasSlots(part.segs)) perDocument.set(rel.id, copy);
        else relIds.set(rel.id, this.copyPart(copy, []));
      } else if (kind === 'image') {
        relIds.set(rel.id, this.addRel(rel.type, this.addMedia(partOf.get(`word/${rel.target}`), rel.target)));
      } else if (kind === 'hyperlink' && rel.external) {
        relIds.set(rel.id, this.addRel(rel.type, rel.target, true));
      }
    }
    const reg: Registered = { relIds, perDocument, nums: this.templateNums(partOf.get('word/numbering.xml')), ...this.bodies(docPart) };
    this.registered.set(template, reg);
    return reg;
  }

  /** The first template gives the shared parts: styles, settings, theme, fonts, notes. */
  private start(template: DocxTemplate): void {
    this.base = template;
    const doc = template.parts.find((p) => p.name === 'word/document.xml');
    const relsPart = template.parts.find((p) => p.name === 'word/_rels/document.xml.rels');
    if (!doc || !relsPart) throw new Error('a template has no document part');
    const text = partText(doc);
    const bodyAt = text.indexOf('<w:body>') + '<w:body>'.length;
    this.suffix = text.slice(text.lastIndexOf('</w:body>'));
    for (const rel of parseRels(partText(relsPart))) {
      if (!['header', 'footer', 'image', 'hyperlink'].includes(kindOf(rel.type))) this.addRel(rel.type, rel.target, rel.external);
    }
    this.writer.begin('word/document.xml');
    this.writer.text(Buffer.from(text.slice(0, bodyAt), 'utf8'));
  }

  private bodies(docPart: TemplatePart): Pick<Registered, 'withBreak' | 'atEnd'> {
    const text = partText(docPart);
    const bodyAt = text.indexOf('<w:body>') + '<w:body>'.length;
    const sectAt = text.lastIndexOf('<w:sectPr');
    const sectEnd = text.indexOf('</w:sectPr>', sectAt) + '</w:sectPr>'.length;
    if (bodyAt < '<w:body>'.length || sectAt < bodyAt || sectEnd < sectAt) throw new Error('a template’s body has no section properties');
    const body = text.slice(bodyAt, sectAt);
    const sectPr = text.slice(sectAt, sectEnd);
    return { withBreak: relocatable(bodyWithBreak(body, sectPr)), atEnd: relocatable(body + sectPr) };
  }

  // ---- parts, media, relationships

  private isCopied(name: string): boolean {
    return /^word\/(header|footer)\d+\.xml$|^word\/_rels\/(header|footer)\d+\.xml\.rels$|^word\/media\//.test(name);
  }

  private addRel(type: string, target: string, external = false): string {
    const id = `rId${this.nextRel++}`;
    this.rels.push({ id, type, target, external });
    return id;
  }

  private addMedia(part: TemplatePart | undefined, target: string): string {
    if (!part?.bytes) return target;
    const digest = createHash('sha256').update(part.bytes).digest('hex').slice(0, 16);
    const ext = target.slice(target.lastIndexOf('.') + 1).toLowerCase();
    const name = `media/m${digest}.${ext}`;
    if (!this.media.has(name)) {
      this.media.set(name, name);
      this.extraParts.push(wholeEntry(`word/${name}`, part.bytes));
    }
    return name;
  }

  /**
   * A header or footer as a part of the combined file: drawings renumbered,
   * its images shared. Returns the document's relationship id for it.
   */
  private copyPart(copy: PartCopy, values: readonly string[]): string {
    const n = copy.kind === 'header' ? (this.headers += 1) : (this.footers += 1);
    const name = `word/${copy.kind}${n}.xml`;
    const text = partText(copy.part)
      .replace(/\0(-?\d+)\0/g, (_m, slot: string) => (Number(slot) === STAMP ? '' : (values[Number(slot)] ?? '')))
      .replace(/(<wp:docPr id=")\d+(")/g, (_m, a: string, b: string) => `${a}${(this.drawings += 1)}${b}`);
    this.extraParts.push(wholeEntry(name, Buffer.from(text, 'utf8')));
    if (copy.rels.length > 0) {
      const partOf = new Map(copy.template.parts.map((p) => [p.name, p]));
      const rels = copy.rels.map((r) =>
        kindOf(r.type) === 'image' ? { ...r, target: this.addMedia(partOf.get(`word/${r.target}`), r.target) } : r,
      );
      this.extraParts.push(wholeEntry(relsPathOf(name), Buffer.from(relsXml(rels), 'utf8')));
    }
    this.overrides.push({ part: `/${name}`, type: copy.kind === 'header' ? CT_HEADER : CT_FOOTER });
    return this.addRel(`${REL_TYPE}${copy.kind}`, `${copy.kind}${n}.xml`);
  }

  // ---- numbering

  private templateNums(part: TemplatePart | undefined): { id: number; xml: string }[] {
    if (!part) return [];
    const text = partText(part);
    const abstractIds = new Map<string, number>();
    for (const m of text.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>[\s\S]*?<\/w:abstractNum>/g)) {
      const key = m[0].replace(/w:abstractNumId="\d+"/, 'w:abstractNumId="#"');
      let known = this.abstracts.get(key);
      if (!known) {
        known = { id: this.abstracts.size + 1, xml: key };
        this.abstracts.set(key, known);
      }
      abstractIds.set(m[1] ?? '', known.id);
    }
    return [...text.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>[\s\S]*?<\/w:num>/g)].map((m) => ({
      id: Number(m[1]),
      xml: m[0].replace(/(<w:abstractNumId w:val=")(\d+)(")/, (_x, a: string, id: string, b: string) => `${a}${abstractIds.get(id) ?? id}${b}`),
    }));
  }

  private addNum(xml: string, id: number): number {
    const n = this.nextNum++;
    this.numXml.push(xml.replace(`w:numId="${id}"`, `w:numId="${n}"`));
    return n;
  }

  private numberingXml(base: DocxTemplate): string {
    const part = base.parts.find((p) => p.name === 'word/numbering.xml');
    const text = part ? partText(part) : '';
    const open = /^[\s\S]*?<w:numbering\b[^>]*>/.exec(text)?.[0] ??
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">';
    const abstracts = [...this.abstracts.values()].map((a) => a.xml.replace('w:abstractNumId="#"', `w:abstractNumId="${a.id}"`));
    return `${open}${abstracts.join('')}${this.numXml.join('')}</w:numbering>`;
  }

  // ---- package parts

  private coreXml(): string {
    const { title, subject, author, stamp } = this.meta;
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${xmlValue(title)}</dc:title><dc:subject>${xmlValue(subject)}</dc:subject><dc:creator>${xmlValue(author)}</dc:creator>` +
      `<dc:description>${xmlValue(subject)}</dc:description><cp:lastModifiedBy>Interview Kit Builder</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
      '</cp:coreProperties>'
    );
  }

  private contentTypes(base: DocxTemplate): string {
    const part = base.parts.find((p) => p.name === '[Content_Types].xml');
    const text = part ? partText(part) : '';
    const kept = text.replace(/<Override\b[^>]*PartName="\/word\/(?:header|footer)\d+\.xml"[^>]*\/>/g, '');
    const added = this.overrides.map((o) => `<Override ContentType="${o.type}" PartName="${o.part}"/>`).join('');
    return kept.replace('</Types>', `${added}</Types>`);
  }
}
