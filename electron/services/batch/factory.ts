/**
 * Making each candidate's documents from templates.
 *
 * For the documents of one template key (a role and stage's kit, or a role's
 * packet): compose each distinct candidate pattern (cheap), render each
 * distinct shape once to Word and HTML with slot tokens (the expensive part,
 * done once), then fill a candidate's slots with their own text.
 *
 * Safety: the first candidate of each pattern is also composed for real and
 * compared with the filled pattern (once per template, field pattern and
 * shape); on any difference, or when a candidate's
 * text cannot go into a slot as is (a line break, an empty value), their
 * documents are composed and rendered in full instead. Never wrong, at worst slower.
 */
import type { Candidate, Library } from '../../../shared/schemas';
import type { DocModel } from '../../../shared/document-model';
import type { Composed } from '../../documents/common';
import { composeKit } from '../../documents/compose-kit';
import { composePacket } from '../../documents/compose-packet';
import { renderDocx } from '../../documents/docx';
import { renderHtml } from '../../documents/html';
import { sanitizeText } from '../../documents/sanitize';
import { prepareDocx, xmlValue, type DocxTemplate } from './docx-template';
import { fillHtml, prepareHtml, type HtmlTemplate } from './html-template';
import {
  PATTERN_ID,
  layoutSlots,
  patternOf,
  resolveFields,
  shapeOf,
  textsOf,
  type CandidatePattern,
} from './patterns';
import type { PlannedDocument } from './types';

/** A document's Word file as a template and its filled slots (XML text). */
export interface DocxFill {
  template: DocxTemplate;
  values: string[];
}

export interface MadeDocument {
  docx: DocxFill | null;
  html: string | null;
  /** The document's title (the running footer). */
  title: string;
}

interface Variant {
  docx: DocxTemplate | null;
  html: HtmlTemplate | null;
  broken: boolean;
}

interface Entry {
  pattern: CandidatePattern;
  /** The document's title, with field tokens in. */
  title: string;
  shape: string;
  variant: Variant | null;
  /** This pattern's text at each slot, with field tokens in. */
  values: string[];
  /** Checks the composer treats this pattern's text as opaque (see `witness`). */
  witnessKey: string;
}

export function composeDocument(lib: Library, doc: PlannedDocument, candidateId: string): Composed {
  if (doc.kit) return composeKit(lib, { ...doc.kit, candidateId });
  if (doc.packet) return composePacket(lib, { ...doc.packet, candidateId });
  throw new Error(`document ${doc.id} has no options`);
}

const optionsKey = (doc: PlannedDocument): string =>
  JSON.stringify(doc.kit ? { ...doc.kit, candidateId: null } : { ...doc.packet, candidateId: null });

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Text that a slot can take as is: one line, not empty (the renderers split lines into runs). */
const slotSafe = (text: string): boolean => text !== '' && !/[\r\n]/.test(sanitizeText(text));

export class DocumentFactory {
  /** Templates rendered, and documents rendered in full. */
  templates = 0;
  fullRenders = 0;
  private readonly entries = new Map<string, Entry>();
  /**
   * Witness results, per template, field pattern and shape: whether the
   * composer handles a candidate's text the same at every interview time
   * does not depend on the time, so one check covers them all.
   */
  private readonly witnessed = new Map<string, boolean>();
  private readonly candidates: Map<string, Candidate>;
  private readonly patterns = new Map<string, CandidatePattern | null>();

  constructor(
    private readonly lib: Library,
    private readonly want: { docx: boolean; html: boolean },
  ) {
    this.candidates = new Map(lib.candidates.map((c) => [c.id, c]));
  }

  /** Renders the templates these documents need (call once per template key, before `make`). */
  async prepare(docs: readonly PlannedDocument[]): Promise<void> {
    // The models are large: they live only while their template is made.
    const fresh: { entry: Entry; model: DocModel; doc: PlannedDocument; candidate: Candidate }[] = [];
    for (const doc of docs) {
      const candidate = this.candidate(doc);
      const pattern = candidate ? this.patternOf(candidate) : null;
      if (!candidate || !pattern) continue;
      const key = `${doc.templateKey}|${optionsKey(doc)}|${pattern.key}`;
      if (this.entries.has(key)) continue;
      const model = composeDocument({ ...this.lib, candidates: [pattern.candidate] }, doc, PATTERN_ID).doc;
      const shape = shapeOf(model);
      const entry: Entry = { pattern, title: model.meta.title, shape, variant: null, values: [], witnessKey: `${doc.templateKey}|${pattern.key}|${shape}` };
      this.entries.set(key, entry);
      fresh.push({ entry, model, doc, candidate });
    }
    for (const f of fresh) {
      if (!this.witnessed.has(f.entry.witnessKey)) this.witnessed.set(f.entry.witnessKey, this.witness(f.doc, f.candidate, f.entry, f.model));
    }
    const byShape = new Map<string, typeof fresh>();
    for (const f of fresh) {
      const group = byShape.get(f.entry.shape);
      if (group) group.push(f);
      else byShape.set(f.entry.shape, [f]);
    }
    for (const group of byShape.values()) {
      const layout = layoutSlots(group.map((f) => f.model));
      const variant = await this.render(layout.model);
      group.forEach((f, i) => {
        f.entry.variant = variant;
        f.entry.values = layout.values[i] ?? [];
      });
    }
  }

  /** Forgets the templates of a key whose documents are all made. */
  release(templateKey: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(`${templateKey}|`)) this.entries.delete(k);
  }

  /** One candidate's document: filled from its template, or rendered in full when it must be. */
  async make(doc: PlannedDocument): Promise<MadeDocument> {
    const candidate = this.candidate(doc);
    if (!candidate) throw new Error(`candidate ${doc.candidateName} is not in the library any more`);
    const pattern = this.patternOf(candidate);
    const entry = pattern ? this.entries.get(`${doc.templateKey}|${optionsKey(doc)}|${pattern.key}`) : undefined;
    if (!entry?.variant || entry.variant.broken) return this.full(doc, candidate);
    const safe = this.witnessed.get(entry.witnessKey) === true;
    const values = entry.values.map((v) => resolveFields(v, entry.pattern, candidate));
    if (!safe || !values.every(slotSafe)) return this.full(doc, candidate);
    const { docx, html } = entry.variant;
    return {
      docx: docx ? { template: docx, values: values.map(xmlValue) } : null,
      html: html ? fillHtml(html, values) : null,
      title: resolveFields(entry.title, entry.pattern, candidate),
    };
  }

  private candidate(doc: PlannedDocument): Candidate | undefined {
    return this.candidates.get(doc.candidateId);
  }

  private patternOf(candidate: Candidate): CandidatePattern | null {
    let pattern = this.patterns.get(candidate.id);
    if (pattern === undefined) {
      pattern = patternOf(candidate);
      this.patterns.set(candidate.id, pattern);
    }
    return pattern;
  }

  /** Does the candidate's real document equal their filled pattern? */
  private witness(doc: PlannedDocument, candidate: Candidate, entry: Entry, model: DocModel): boolean {
    const real = composeDocument(this.lib, doc, candidate.id).doc;
    if (shapeOf(real) !== entry.shape) return false;
    return sameTexts(textsOf(real), textsOf(model).map((t) => resolveFields(t, entry.pattern, candidate)));
  }

  private async render(model: DocModel): Promise<Variant> {
    this.templates += 1;
    try {
      return {
        docx: this.want.docx ? prepareDocx(await renderDocx(model), true) : null,
        html: this.want.html ? prepareHtml(renderHtml(model)) : null,
        broken: false,
      };
    } catch {
      return { docx: null, html: null, broken: true };
    }
  }

  private async full(doc: PlannedDocument, candidate: Candidate): Promise<MadeDocument> {
    this.fullRenders += 1;
    const model = composeDocument(this.lib, doc, candidate.id).doc;
    return {
      docx: this.want.docx ? { template: prepareDocx(await renderDocx(model), false), values: [] } : null,
      html: this.want.html ? renderHtml(model) : null,
      title: model.meta.title,
    };
  }
}
