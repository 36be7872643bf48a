/**
 * Finding the candidate-specific text of a document without knowing how the
 * composer builds it.
 *
 * A candidate's *pattern* is the candidate with each free-text field replaced
 * by a token (equal values share a token, empty stays empty), so the composer
 * takes the same branches for every candidate of the pattern. Composing the
 * pattern gives the document with tokens where the candidate's text goes.
 * Patterns that compose to the same structure share one template; any text
 * that differs between them (an interview time, a name) becomes a slot.
 */
import type { Candidate } from '../../../shared/schemas';
import type { DocModel } from '../../../shared/document-model';

/** Marks a slot in a template: \uE000<n>\uE001. Private-use characters, never in library text. */
export const SLOT_OPEN = '\uE000';
export const SLOT_CLOSE = '\uE001';
/** Marks a candidate field in a pattern: \uE002<n>\uE003. */
const FIELD_OPEN = '\uE002';
const FIELD_CLOSE = '\uE003';
/** Any of the marks: text holding one cannot be made from a template. */
export const MARKS = /[\uE000-\uE003]/;

export const slotToken = (n: number): string => `${SLOT_OPEN}${n}${SLOT_CLOSE}`;

const TEXT_FIELDS = ['name', 'preferredName', 'pronouns', 'email', 'phone', 'notes'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The id the pattern candidate is composed under. */
export const PATTERN_ID = '00000000-0000-4000-8000-00000000ba7c';
const PATTERN_STAMP = '2000-01-01T00:00:00.000Z';

export interface CandidatePattern {
  /** Same key, same pattern. */
  key: string;
  candidate: Candidate;
  /** Which field each token stands for. */
  fields: TextField[];
}

/** The candidate as a pattern; null when their text holds a mark (then they get a full render). */
export function patternOf(c: Candidate): CandidatePattern | null {
  const fields: TextField[] = [];
  const tokenOf = new Map<string, string>();
  const masked: Record<string, string> = {};
  for (const field of TEXT_FIELDS) {
    const value = c[field];
    if (MARKS.test(value)) return null;
    if (value === '') {
      masked[field] = '';
      continue;
    }
    let token = tokenOf.get(value);
    if (!token) {
      token = `${FIELD_OPEN}${fields.length}${FIELD_CLOSE}`;
      tokenOf.set(value, token);
      fields.push(field);
    }
    masked[field] = token;
  }
  const candidate: Candidate = {
    ...c,
    ...masked,
    id: PATTERN_ID,
    interviewAt: null,
    createdAt: PATTERN_STAMP,
    updatedAt: PATTERN_STAMP,
  };
  return { key: JSON.stringify([fields, TEXT_FIELDS.map((f) => candidate[f])]), candidate, fields };
}

/** Text of the pattern with the candidate's own values in place of the tokens. */
export function resolveFields(text: string, pattern: CandidatePattern, c: Candidate): string {
  if (!text.includes(FIELD_OPEN)) return text;
  return text.replace(/\uE002(\d+)\uE003/g, (_m, n: string) => {
    const field = pattern.fields[Number(n)];
    return field ? c[field] : '';
  });
}

export const hasFieldToken = (text: string): boolean => text.includes(FIELD_OPEN);

// ---------------------------------------------------------------- walking a document model

/**
 * Keys whose string values are structure (which block, which style), not
 * text: they belong to the shape, and never become slots.
 */
const STRUCTURAL_KEYS = new Set(['kind', 'style', 'align', 'tone', 'mime', 'pageSize', 'brandColor', 'language']);

interface Visitor {
  text(value: string): void;
  shape(token: string): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function bytesDigest(bytes: Uint8Array): string {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 16777619);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

function visit(v: unknown, key: string, visitor: Visitor): void {
  if (typeof v === 'string') {
    if (STRUCTURAL_KEYS.has(key)) visitor.shape(`s${JSON.stringify(v)}`);
    else visitor.text(v);
  } else if (Array.isArray(v)) {
    visitor.shape(`[${v.length}`);
    for (const item of v) visit(item, key, visitor);
    visitor.shape(']');
  } else if (v instanceof Uint8Array) {
    visitor.shape(`b${bytesDigest(v)}`);
  } else if (isRecord(v)) {
    visitor.shape('{');
    for (const k of Object.keys(v)) {
      visitor.shape(k);
      visit(v[k], k, visitor);
    }
    visitor.shape('}');
  } else {
    visitor.shape(String(v));
  }
}

/** Everything but the text: two models of one shape render to the same structure. */
export function shapeOf(model: DocModel): string {
  const parts: string[] = [];
  visit(model, '', { text: () => parts.push('t'), shape: (t) => parts.push(t) });
  return parts.join('\u0001');
}

/** Every text of the model, in a fixed order (the one `mapTexts` uses). */
export function textsOf(model: DocModel): string[] {
  const out: string[] = [];
  visit(model, '', { text: (t) => out.push(t), shape: () => undefined });
  return out;
}

/** A copy of the model with the n-th text replaced by `replace(text, n)`. */
export function mapTexts(model: DocModel, replace: (text: string, n: number) => string): DocModel {
  let n = 0;
  const copy = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return STRUCTURAL_KEYS.has(key) ? v : replace(v, n++);
    if (Array.isArray(v)) return v.map((item) => copy(item, key));
    if (isRecord(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, copy(v[k], k)]));
    return v;
  };
  return copy(model, '') as DocModel;
}

// ---------------------------------------------------------------- slots

export interface SlotLayout {
  /** The model with each slot's text replaced by its token. */
  model: DocModel;
  /** For each model given: its text at each slot (with field tokens still in). */
  values: string[][];
}

/**
 * The texts that differ between models of one shape, or hold a candidate's
 * field, become slots; the rest is the same for everyone.
 */
export function layoutSlots(models: readonly DocModel[]): SlotLayout {
  const texts = models.map(textsOf);
  const first = texts[0] ?? [];
  const slotOf = new Map<number, number>();
  first.forEach((t, i) => {
    if (hasFieldToken(t) || texts.some((other) => other[i] !== t)) slotOf.set(i, slotOf.size);
  });
  const base = models[0];
  if (!base) throw new Error('layoutSlots needs at least one model');
  return {
    model: mapTexts(base, (t, i) => {
      const slot = slotOf.get(i);
      return slot === undefined ? t : slotToken(slot);
    }),
    values: texts.map((list) => [...slotOf.keys()].map((i) => list[i] ?? '')),
  };
}
