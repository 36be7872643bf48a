/**
 * The typed document model. Kits and packets are composed once into a
 * DocModel (pure data); the Word and HTML renderers both read it, so they never
 * disagree in content. No Node imports: the React renderer may import this.
 */
import type { PageSize } from './schemas';

// ---------------------------------------------------------------- inline content

/** A run of text. `tone` picks a colour from the theme: the brand colour or a muted grey. */
export interface TextInline {
  kind: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  tone?: 'brand' | 'muted';
}

/** An empty box to tick with a pen (☐). */
export interface BoxInline {
  kind: 'box';
}

export type Inline = TextInline | BoxInline;

/** One line of inline content: a list item, a paragraph, a table cell. */
export type Runs = Inline[];

// ---------------------------------------------------------------- images

export interface DocImage {
  mime: 'image/png' | 'image/jpeg';
  data: Uint8Array;
  /** Alternative text, read by screen readers and shown when the image cannot be. */
  alt: string;
  /** Display size in CSS pixels (96 to the inch). */
  width: number;
  height: number;
}

// ---------------------------------------------------------------- blocks

export type HeadingLevel = 1 | 2 | 3;

export interface HeadingBlock {
  kind: 'heading';
  level: HeadingLevel;
  text: string;
}

/**
 * title/subtitle: cover page; lead: an introductory paragraph, slightly larger;
 * meta: small muted line under a heading; label: a small bold caption above
 * content ("Listen for"); small: fine print.
 */
export type ParagraphStyle = 'body' | 'title' | 'subtitle' | 'lead' | 'meta' | 'label' | 'small';

export interface ParagraphBlock {
  kind: 'paragraph';
  runs: Runs;
  style?: ParagraphStyle;
  align?: 'left' | 'center';
  /** Keep on the same page as the next block (an introduction to a list or table). */
  keepWithNext?: boolean;
}

export interface ListBlock {
  kind: 'bullets' | 'numbered' | 'checklist';
  items: Runs[];
  /** Checklist only: the boxes side by side on one line (a choice such as a recommendation). */
  inline?: boolean;
}

export type CellAlign = 'left' | 'center' | 'right';

export interface TableBlock {
  kind: 'table';
  header: Runs[];
  rows: Runs[][];
  /** Fractions of the text width, one per column, adding up to 1. */
  widths: number[];
  align?: CellAlign[];
  /** Rows drawn in bold on a light tint (a total row). */
  emphasisRows?: number[];
}

export interface RatingLevel {
  level: number;
  label: string;
  anchor: string;
}

/** A 4-level rating scale with a box to tick per level and the behaviour that earns it. */
export interface RatingBlock {
  kind: 'rating';
  title: string;
  levels: RatingLevel[];
}

/** Ruled lines to write on. */
export interface LinesBlock {
  kind: 'lines';
  count: number;
  label?: string;
}

/** Label/value pairs; a null value is a blank to fill in by hand. */
export interface DetailsBlock {
  kind: 'details';
  items: { label: string; value: Runs | null }[];
}

export interface ImageBlock {
  kind: 'image';
  image: DocImage;
  align?: 'left' | 'center';
  caption?: string;
}

export interface PageBreakBlock {
  kind: 'pageBreak';
}

export interface CalloutBlock {
  kind: 'callout';
  tone: 'info' | 'warning';
  title: string;
  /** Paragraphs inside the box. */
  body: Runs[];
}

/** Blocks that must stay on one page (e.g. one question of the kit). */
export interface GroupBlock {
  kind: 'group';
  blocks: Block[];
}

export type Block =
  | HeadingBlock
  | ParagraphBlock
  | ListBlock
  | TableBlock
  | RatingBlock
  | LinesBlock
  | DetailsBlock
  | ImageBlock
  | PageBreakBlock
  | CalloutBlock
  | GroupBlock;

export type BlockKind = Block['kind'];

// ---------------------------------------------------------------- the document

export interface DocMeta {
  kind: 'kit' | 'packet';
  title: string;
  subject: string;
  author: string;
  pageSize: PageSize;
  /** #RRGGBB */
  brandColor: string;
  companyName: string;
  /** Shown small in the page header. */
  logo: DocImage | null;
  /** BCP 47 tag, e.g. en-US. */
  language: string;
}

export interface DocModel {
  meta: DocMeta;
  blocks: Block[];
}

// ---------------------------------------------------------------- builders

export const txt = (text: string, style: Omit<TextInline, 'kind' | 'text'> = {}): TextInline => ({
  kind: 'text',
  text,
  ...style,
});
export const bold = (text: string): TextInline => txt(text, { bold: true });
export const italic = (text: string): TextInline => txt(text, { italic: true });
export const box = (): BoxInline => ({ kind: 'box' });

export const heading = (level: HeadingLevel, text: string): HeadingBlock => ({ kind: 'heading', level, text });
export const para = (runs: Runs | string, style?: ParagraphStyle): ParagraphBlock => ({
  kind: 'paragraph',
  runs: typeof runs === 'string' ? [txt(runs)] : runs,
  ...(style ? { style } : {}),
});
/** A paragraph that introduces what follows, kept on its page. */
export const intro = (runs: Runs | string): ParagraphBlock => ({ ...para(runs), keepWithNext: true });
export const bullets = (items: (Runs | string)[]): ListBlock => ({ kind: 'bullets', items: items.map(toRuns) });
export const numbered = (items: (Runs | string)[]): ListBlock => ({ kind: 'numbered', items: items.map(toRuns) });
export const checklist = (items: (Runs | string)[]): ListBlock => ({ kind: 'checklist', items: items.map(toRuns) });
export const pageBreak = (): PageBreakBlock => ({ kind: 'pageBreak' });
export const group = (blocks: Block[]): GroupBlock => ({ kind: 'group', blocks });

export function toRuns(value: Runs | string): Runs {
  return typeof value === 'string' ? [txt(value)] : value;
}

/** The plain text of some runs (boxes as ☐), for tests, previews and alt text. */
export function runsText(runs: Runs): string {
  return runs.map((r) => (r.kind === 'box' ? '☐' : r.text)).join('');
}

/** Every block, groups flattened, in reading order. */
export function flattenBlocks(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.kind === 'group' ? flattenBlocks(b.blocks) : [b]));
}

/** The plain text of a block, one line per paragraph, item or row. */
export function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return block.text;
    case 'paragraph':
      return runsText(block.runs);
    case 'bullets':
    case 'numbered':
    case 'checklist':
      return block.items.map(runsText).join('\n');
    case 'table':
      return [block.header, ...block.rows].map((row) => row.map(runsText).join('\t')).join('\n');
    case 'rating':
      return [block.title, ...block.levels.map((l) => `${l.level} ${l.label}: ${l.anchor}`)].join('\n');
    case 'lines':
      return block.label ?? '';
    case 'details':
      return block.items.map((i) => `${i.label}: ${i.value ? runsText(i.value) : '____'}`).join('\n');
    case 'image':
      return block.caption ?? block.image.alt;
    case 'pageBreak':
      return '';
    case 'callout':
      return [block.title, ...block.body.map(runsText)].join('\n');
    case 'group':
      return block.blocks.map(blockText).join('\n');
  }
}

/** The whole document as plain text, for tests and search. */
export function documentText(doc: DocModel): string {
  return doc.blocks.map(blockText).filter((t) => t !== '').join('\n');
}
