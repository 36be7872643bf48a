/**
 * The Word renderer: a DocModel to a .docx file. Built-in Heading 1-3 styles
 * (the navigation pane works), real list numbering, repeating table headers,
 * "Page X of Y" in the footer, the company in the header.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  HeightRule,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IBorderOptions, IParagraphOptions, IRunOptions, IStylesOptions, ParagraphChild } from 'docx';
import type {
  Block,
  CalloutBlock,
  CellAlign,
  DetailsBlock,
  DocImage,
  DocModel,
  HeadingBlock,
  ImageBlock,
  LinesBlock,
  ListBlock,
  ParagraphBlock,
  ParagraphStyle,
  RatingBlock,
  Runs,
  TableBlock,
} from '../../shared/document-model';
import type { PageSize } from '../../shared/schemas';
import { sanitizeText } from './sanitize';
import {
  BOX_FONT,
  COLORS,
  FONT,
  HEADING_LOOKS,
  LINE_HEIGHT_PT,
  MARGIN_INCHES,
  PARAGRAPH_LOOKS,
  SHORT_LIST,
  SIZES,
  calloutColors,
  normaliseHex,
  tint,
} from './theme';

type FileChild = Paragraph | Table;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TWIPS_PER_INCH = 1440;
const PAGE_TWIPS: Record<PageSize, { width: number; height: number }> = {
  Letter: { width: 12240, height: 15840 },
  A4: { width: 11906, height: 16838 },
};
const pt = (points: number): number => Math.round(points * 20);
const halfPt = (points: number): number => Math.round(points * 2);
const inch = (inches: number): number => Math.round(inches * TWIPS_PER_INCH);

const BULLETS = 'ikit-bullets';
const NUMBERS = 'ikit-numbers';
const LIST_INDENT = 360;
const CHECK_INDENT = 400;
/** Padding inside table cells, left and right. */
const CELL_PAD = 110;

const STYLE_IDS: Record<ParagraphStyle, string | undefined> = {
  body: undefined,
  title: 'Title',
  subtitle: 'Subtitle',
  lead: 'Lead',
  meta: 'Meta',
  label: 'Label',
  small: 'Small',
};
/** Paragraph styles that introduce what follows, so they never end a page. */
const KEEP_WITH_NEXT = new Set<ParagraphStyle>(['title', 'subtitle', 'label', 'meta', 'lead']);
const HEADING_LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

export async function renderDocx(doc: DocModel): Promise<Buffer> {
  const renderer = new DocxRenderer(doc);
  const children = renderer.blocks(doc.blocks, false);
  const { meta } = doc;
  const page = PAGE_TWIPS[meta.pageSize];
  const document = new Document({
    title: sanitizeText(meta.title),
    subject: sanitizeText(meta.subject),
    creator: sanitizeText(meta.author),
    lastModifiedBy: 'Interview Kit Builder',
    description: sanitizeText(meta.subject),
    styles: documentStyles(renderer.brand, meta.language),
    numbering: { config: numberingConfig(renderer.brand) },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: page.width, height: page.height },
            margin: {
              top: inch(MARGIN_INCHES.top),
              bottom: inch(MARGIN_INCHES.bottom),
              left: inch(MARGIN_INCHES.side),
              right: inch(MARGIN_INCHES.side),
              header: inch(MARGIN_INCHES.header),
              footer: inch(MARGIN_INCHES.footer),
            },
          },
        },
        headers: { default: renderer.header(), first: new Header({ children: [new Paragraph({})] }) },
        footers: { default: renderer.footer(), first: new Footer({ children: [new Paragraph({})] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ---------------------------------------------------------------- styles

function documentStyles(brand: string, language: string): IStylesOptions {
  const heading = (level: 1 | 2 | 3) => {
    const look = HEADING_LOOKS[level];
    return {
      run: { font: FONT, size: halfPt(look.size), bold: true, color: level === 3 ? COLORS.text : brand },
      paragraph: {
        spacing: { before: pt(look.before), after: pt(look.after) },
        keepNext: true,
        keepLines: true,
        outlineLevel: level - 1,
        ...(look.rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: brand, space: 4 } } } : {}),
      },
    };
  };
  const custom = (['subtitle', 'lead', 'meta', 'label', 'small'] as const).map((style) => {
    const look = PARAGRAPH_LOOKS[style];
    return {
      id: STYLE_IDS[style] ?? style,
      name: style.charAt(0).toUpperCase() + style.slice(1),
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: {
        size: halfPt(look.size),
        bold: look.bold ?? false,
        italics: look.italic ?? false,
        allCaps: look.allCaps ?? false,
        color: look.color === 'brand' ? brand : look.color === 'muted' ? COLORS.muted : COLORS.text,
        ...(style === 'label' ? { characterSpacing: 10 } : {}),
      },
      paragraph: {
        spacing: { before: pt(look.before), after: pt(look.after) },
        ...(style === 'label' ? { keepNext: true } : {}),
      },
    };
  });
  const title = PARAGRAPH_LOOKS.title;
  return {
    default: {
      document: {
        run: { font: FONT, size: halfPt(SIZES.body), color: COLORS.text, language: { value: language } },
        paragraph: { spacing: { after: pt(PARAGRAPH_LOOKS.body.after), line: 264, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { font: FONT, size: halfPt(title.size), bold: true, color: brand },
        paragraph: { spacing: { before: pt(title.before), after: pt(title.after) } },
      },
      heading1: heading(1),
      heading2: heading(2),
      heading3: heading(3),
    },
    paragraphStyles: custom,
  };
}

function numberingConfig(brand: string) {
  return [
    {
      reference: BULLETS,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: '•',
          alignment: AlignmentType.LEFT,
          style: {
            run: { color: brand, font: FONT },
            paragraph: { indent: { left: LIST_INDENT, hanging: 240 } },
          },
        },
      ],
    },
    {
      reference: NUMBERS,
      levels: [
        {
          level: 0,
          format: LevelFormat.DECIMAL,
          text: '%1.',
          alignment: AlignmentType.LEFT,
          style: {
            run: { color: brand, bold: true },
            paragraph: { indent: { left: LIST_INDENT, hanging: LIST_INDENT } },
          },
        },
      ],
    },
  ];
}

// ---------------------------------------------------------------- blocks

const thin = (color: string = COLORS.rule, size = 4): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color });
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

class DocxRenderer {
  readonly brand: string;
  private readonly contentWidth: number;
  private numberedLists = 0;
  private pendingBreak = false;
  /** The block after the one being rendered, if any. */
  private upcoming: Block | undefined;

  constructor(private readonly doc: DocModel) {
    this.brand = normaliseHex(doc.meta.brandColor);
    this.contentWidth = PAGE_TWIPS[doc.meta.pageSize].width - 2 * inch(MARGIN_INCHES.side);
  }

  /**
   * `together`: these blocks form a keep-together group, each kept with the
   * next; `keep`: the last one is kept with whatever follows too; `after`:
   * the block that follows the last one.
   */
  blocks(blocks: readonly Block[], together: boolean, keep = false, after?: Block): FileChild[] {
    return blocks.flatMap((b, i) => {
      this.upcoming = blocks[i + 1] ?? after;
      return this.block(b, together && (keep || i < blocks.length - 1));
    });
  }

  private block(b: Block, keep: boolean): FileChild[] {
    switch (b.kind) {
      case 'heading':
        return [this.heading(b)];
      case 'paragraph':
        return [this.paragraphBlock(b, keep)];
      case 'bullets':
      case 'numbered':
      case 'checklist':
        return this.list(b, keep);
      case 'table':
        return this.withBreak(this.table(b, keep));
      case 'rating':
        return this.rating(b, keep);
      case 'lines':
        return this.lines(b, keep);
      case 'details':
        return this.withBreak(this.details(b, keep));
      case 'image':
        return this.image(b, keep);
      case 'pageBreak':
        this.pendingBreak = true;
        return [];
      case 'callout':
        return this.withBreak(this.callout(b, keep));
      case 'group':
        return this.blocks(b.blocks, true, keep, this.upcoming);
    }
  }

  // ---- paragraphs

  /** A paragraph, taking a pending page break. */
  private paragraph(opts: IParagraphOptions): Paragraph {
    const breakBefore = this.pendingBreak;
    this.pendingBreak = false;
    return new Paragraph(breakBefore ? { ...opts, pageBreakBefore: true } : opts);
  }

  /** Tables cannot carry a page break: a pending one goes on a tiny paragraph before them. */
  private withBreak(children: FileChild[]): FileChild[] {
    if (!this.pendingBreak) return children;
    return [this.paragraph({ spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT }, children: [] }), ...children];
  }

  private heading(b: HeadingBlock): Paragraph {
    return this.paragraph({ heading: HEADING_LEVELS[b.level], keepNext: true, keepLines: true, children: this.runs([{ kind: 'text', text: b.text }]) });
  }

  private paragraphBlock(b: ParagraphBlock, keep: boolean): Paragraph {
    const style = STYLE_IDS[b.style ?? 'body'];
    return this.paragraph({
      ...(style ? { style } : {}),
      ...(b.align === 'center' ? { alignment: AlignmentType.CENTER } : {}),
      keepNext: keep || Boolean(b.keepWithNext) || KEEP_WITH_NEXT.has(b.style ?? 'body'),
      keepLines: true,
      children: this.runs(b.runs),
    });
  }

  /** Inline runs; newlines in text become line breaks. */
  runs(runs: Runs, base: IRunOptions = {}): ParagraphChild[] {
    return runs.flatMap((r): ParagraphChild[] => {
      if (r.kind === 'box') return [new TextRun({ ...base, text: '☐', font: BOX_FONT, bold: false })];
      const color = r.tone === 'brand' ? this.brand : r.tone === 'muted' ? COLORS.muted : undefined;
      return sanitizeText(r.text)
        .split('\n')
        .map(
          (line, i) =>
            new TextRun({
              ...base,
              text: line,
              ...(i > 0 ? { break: 1 } : {}),
              ...(r.bold ? { bold: true } : {}),
              ...(r.italic ? { italics: true } : {}),
              ...(color ? { color } : {}),
            }),
        );
    });
  }

  // ---- lists

  private list(b: ListBlock, keep: boolean): Paragraph[] {
    if (b.kind === 'checklist' && b.inline) return [this.inlineChoices(b.items, keep)];
    const instance = b.kind === 'numbered' ? (this.numberedLists += 1) : 0;
    return b.items.map((item, i) => {
      const last = i === b.items.length - 1;
      const common: Mutable<IParagraphOptions> = {
        keepNext: keep || (!last && b.items.length <= SHORT_LIST),
        keepLines: true,
        spacing: { after: pt(last ? 8 : 3) },
      };
      if (b.kind === 'checklist') {
        return this.paragraph({
          ...common,
          indent: { left: CHECK_INDENT, hanging: CHECK_INDENT },
          tabStops: [{ type: TabStopType.LEFT, position: CHECK_INDENT }],
          spacing: { after: pt(last ? 8 : 5) },
          children: [...this.runs([{ kind: 'box' }]), new TextRun({ children: [new Tab()] }), ...this.runs(item)],
        });
      }
      const reference = b.kind === 'numbered' ? NUMBERS : BULLETS;
      return this.paragraph({ ...common, numbering: { reference, level: 0, instance }, children: this.runs(item) });
    });
  }

  /** Boxes side by side, on evenly spaced tab stops. */
  private inlineChoices(items: Runs[], keep: boolean): Paragraph {
    const step = Math.floor(this.contentWidth / Math.max(1, items.length));
    return this.paragraph({
      keepNext: keep,
      tabStops: items.slice(1).map((_, i) => ({ type: TabStopType.LEFT, position: step * (i + 1) })),
      spacing: { before: pt(4), after: pt(10) },
      children: items.flatMap((item, i) => [
        ...(i > 0 ? [new TextRun({ children: [new Tab()] })] : []),
        ...this.runs([{ kind: 'box' }]),
        new TextRun(' '),
        ...this.runs(item),
      ]),
    });
  }

  // ---- tables

  private cell(
    runs: Runs,
    width: number,
    opts: { align?: CellAlign; shade?: string; bold?: boolean; color?: string; size?: number; bottom?: boolean },
  ): TableCell {
    const base: IRunOptions = {
      ...(opts.bold ? { bold: true } : {}),
      ...(opts.color ? { color: opts.color } : {}),
      ...(opts.size ? { size: halfPt(opts.size) } : {}),
    };
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: opts.bottom ? VerticalAlign.BOTTOM : VerticalAlign.TOP,
      margins: { top: 70, bottom: 70, left: CELL_PAD, right: CELL_PAD },
      ...(opts.shade ? { shading: { type: ShadingType.CLEAR, fill: opts.shade, color: 'auto' } } : {}),
      children: [
        new Paragraph({
          spacing: { before: 0, after: 0 },
          keepLines: true,
          alignment: ALIGN[opts.align ?? 'left'],
          children: this.runs(runs, base),
        }),
      ],
    });
  }

  private columnWidths(fractions: readonly number[]): number[] {
    const total = fractions.reduce((s, f) => s + f, 0) || 1;
    return fractions.map((f) => Math.round((f / total) * this.contentWidth));
  }

  private table(b: TableBlock, keep: boolean): FileChild[] {
    const widths = this.columnWidths(b.widths);
    const emphasis = new Set(b.emphasisRows ?? []);
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      keepNext: true,
      children: b.header.map((h, c) =>
        this.cell(h, widths[c] ?? 0, { align: b.align?.[c], shade: this.brand, bold: true, color: 'FFFFFF', size: SIZES.body - 1 }),
      ),
    });
    const rows = b.rows.map(
      (row, r) =>
        new TableRow({
          cantSplit: true,
          keepNext: keep || b.rows.length <= 4,
          children: row.map((cellRuns, c) =>
            this.cell(cellRuns, widths[c] ?? 0, {
              align: b.align?.[c],
              ...(emphasis.has(r) ? { shade: COLORS.faint, bold: true } : {}),
            }),
          ),
        }),
    );
    return [
      new Table({
        width: { size: this.contentWidth, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        borders: { ...NO_BORDERS, bottom: thin(this.brand, 6), insideHorizontal: thin() },
        rows: [header, ...rows],
      }),
      ...this.spacer(keep),
    ];
  }

  /**
   * A small gap after a table (Word puts the next paragraph flush against it,
   * and merges two tables in a row). None before a page break or at the end,
   * where it could only spill onto a page of its own.
   */
  private spacer(keep: boolean): Paragraph[] {
    if (!this.upcoming || this.upcoming.kind === 'pageBreak') return [];
    return [new Paragraph({ keepNext: keep, spacing: { before: 0, after: 0, line: pt(8), lineRule: LineRuleType.EXACT }, children: [] })];
  }

  private rating(b: RatingBlock, keep: boolean): FileChild[] {
    const widths = this.columnWidths(b.levels.map(() => 1));
    const top = new TableRow({
      cantSplit: true,
      keepNext: true,
      children: b.levels.map((l, c) =>
        this.cell([{ kind: 'box' }, { kind: 'text', text: ` ${l.level} · ${l.label}`, bold: true }], widths[c] ?? 0, {
          shade: tint(this.brand, 0.88),
        }),
      ),
    });
    const anchors = new TableRow({
      cantSplit: true,
      keepNext: keep,
      children: b.levels.map((l, c) => this.cell([{ kind: 'text', text: l.anchor }], widths[c] ?? 0, { size: SIZES.body - 1.5 })),
    });
    const border = thin(tint(this.brand, 0.55));
    return [
      this.paragraphBlock({ kind: 'paragraph', runs: [{ kind: 'text', text: b.title }], style: 'label' }, true),
      new Table({
        width: { size: this.contentWidth, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
        rows: [top, anchors],
      }),
      ...this.spacer(keep),
    ];
  }

  private lines(b: LinesBlock, keep: boolean): FileChild[] {
    const label = b.label ? [this.paragraphBlock({ kind: 'paragraph', runs: [{ kind: 'text', text: b.label }], style: 'label' }, true)] : [];
    const rows = Array.from(
      { length: Math.max(1, b.count) },
      (_, i) =>
        new TableRow({
          cantSplit: true,
          keepNext: keep || i < b.count - 1,
          height: { value: pt(LINE_HEIGHT_PT), rule: HeightRule.EXACT },
          children: [new TableCell({ width: { size: this.contentWidth, type: WidthType.DXA }, children: [new Paragraph({})] })],
        }),
    );
    const rule = thin(COLORS.rule, 4);
    return this.withBreak([
      ...label,
      new Table({
        width: { size: this.contentWidth, type: WidthType.DXA },
        columnWidths: [this.contentWidth],
        layout: TableLayoutType.FIXED,
        borders: { ...NO_BORDERS, bottom: rule, insideHorizontal: rule },
        rows,
      }),
      ...this.spacer(keep),
    ]);
  }

  private details(b: DetailsBlock, keep: boolean): FileChild[] {
    if (b.items.length === 0) return [];
    const [labelWidth, valueWidth] = this.columnWidths([0.24, 0.76]) as [number, number];
    const rows = b.items.map(
      (item, i) =>
        new TableRow({
          cantSplit: true,
          keepNext: keep || i < b.items.length - 1,
          ...(item.value ? {} : { height: { value: pt(24), rule: HeightRule.ATLEAST } }),
          children: [
            this.cell([{ kind: 'text', text: item.label }], labelWidth + CELL_PAD, {
              bold: true,
              color: COLORS.muted,
              size: SIZES.body - 1,
              bottom: item.value === null,
            }),
            new TableCell({
              width: { size: valueWidth, type: WidthType.DXA },
              verticalAlign: item.value ? VerticalAlign.TOP : VerticalAlign.BOTTOM,
              margins: { top: 70, bottom: 70, left: CELL_PAD, right: CELL_PAD },
              borders: item.value ? NO_BORDERS : { ...NO_BORDERS, bottom: thin(COLORS.muted, 4) },
              children: [new Paragraph({ spacing: { before: 0, after: 0 }, children: item.value ? this.runs(item.value) : [] })],
            }),
          ],
        }),
    );
    return [
      new Table({
        // Shifted left by the cell padding, so the labels line up with the text around.
        indent: { size: -CELL_PAD, type: WidthType.DXA },
        width: { size: this.contentWidth + CELL_PAD, type: WidthType.DXA },
        columnWidths: [labelWidth + CELL_PAD, valueWidth],
        layout: TableLayoutType.FIXED,
        borders: NO_BORDERS,
        rows,
      }),
      ...this.spacer(keep),
    ];
  }

  private callout(b: CalloutBlock, keep: boolean): FileChild[] {
    const colors = calloutColors(b.tone, this.brand);
    const title = new Paragraph({
      keepNext: true,
      spacing: { before: 0, after: pt(3) },
      children: this.runs([{ kind: 'text', text: b.title, bold: true }], { color: colors.title }),
    });
    const body = b.body.map(
      (runs, i) => new Paragraph({ spacing: { before: 0, after: i === b.body.length - 1 ? 0 : pt(4) }, children: this.runs(runs) }),
    );
    return [
      new Table({
        width: { size: this.contentWidth, type: WidthType.DXA },
        columnWidths: [this.contentWidth],
        layout: TableLayoutType.FIXED,
        borders: { ...NO_BORDERS, left: { style: BorderStyle.SINGLE, size: 24, color: colors.border } },
        rows: [
          new TableRow({
            cantSplit: true,
            keepNext: keep,
            children: [
              new TableCell({
                width: { size: this.contentWidth, type: WidthType.DXA },
                shading: { type: ShadingType.CLEAR, fill: colors.fill, color: 'auto' },
                margins: { top: 120, bottom: 120, left: 200, right: 200 },
                children: [title, ...body],
              }),
            ],
          }),
        ],
      }),
      ...this.spacer(keep),
    ];
  }

  // ---- images

  private imageRun(image: DocImage): ImageRun {
    const alt = sanitizeText(image.alt);
    return new ImageRun({
      type: image.mime === 'image/png' ? 'png' : 'jpg',
      data: image.data,
      transformation: { width: image.width, height: image.height },
      altText: { name: alt, description: alt, title: alt },
    });
  }

  private image(b: ImageBlock, keep: boolean): Paragraph[] {
    const alignment = b.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;
    const picture = this.paragraph({
      alignment,
      keepNext: keep || Boolean(b.caption),
      spacing: { before: pt(4), after: pt(b.caption ? 2 : 10) },
      children: [this.imageRun(b.image)],
    });
    if (!b.caption) return [picture];
    return [
      picture,
      this.paragraph({ style: STYLE_IDS.small, alignment, keepNext: keep, children: this.runs([{ kind: 'text', text: b.caption }]) }),
    ];
  }

  // ---- header and footer

  header(): Header {
    const { companyName, logo, title } = this.doc.meta;
    const name = companyName || title;
    return new Header({
      children: [
        new Paragraph({
          style: STYLE_IDS.small,
          spacing: { after: 0 },
          tabStops: [{ type: TabStopType.RIGHT, position: this.contentWidth }],
          border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: COLORS.rule, space: 4 } },
          children: [
            ...(logo ? [this.imageRun(logo)] : []),
            new TextRun({ children: [new Tab()] }),
            ...this.runs([{ kind: 'text', text: name, bold: true }], { color: this.brand }),
          ],
        }),
      ],
    });
  }

  footer(): Footer {
    return new Footer({
      children: [
        new Paragraph({
          style: STYLE_IDS.small,
          spacing: { after: 0 },
          tabStops: [{ type: TabStopType.RIGHT, position: this.contentWidth }],
          children: [
            ...this.runs([{ kind: 'text', text: this.doc.meta.title }]),
            new TextRun({ children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
          ],
        }),
      ],
    });
  }
}
