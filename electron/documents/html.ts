/**
 * The HTML renderer: a DocModel to one standalone HTML5 page, for the preview
 * and for printing to PDF. Inline CSS only, images as data: URIs, no scripts,
 * no external resources; the look follows the Word renderer's (theme.ts).
 */
import type {
  Block,
  CalloutBlock,
  CellAlign,
  DetailsBlock,
  DocImage,
  DocModel,
  ImageBlock,
  LinesBlock,
  ListBlock,
  ParagraphBlock,
  RatingBlock,
  Runs,
  TableBlock,
} from '../../shared/document-model';
import { cssString, escapeHtml } from './sanitize';
import {
  COLORS,
  CSS_BOX_FONT_STACK,
  CSS_FONT_STACK,
  HEADING_LOOKS,
  LINE_HEIGHT_PT,
  MARGIN_INCHES,
  PAGE_INCHES,
  PARAGRAPH_LOOKS,
  SHORT_LIST,
  SIZES,
  calloutColors,
  normaliseHex,
  tint,
} from './theme';

export interface HtmlOptions {
  /** Screen-only page styling (a sheet on a grey desk). The content is the same. */
  preview?: boolean;
}

export function renderHtml(doc: DocModel, opts: HtmlOptions = {}): string {
  const { meta } = doc;
  const body = pages(doc.blocks)
    .map((part) => `<div class="part">\n${part.map(block).join('\n')}\n</div>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(meta.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(meta.title)}</title>`,
    `<meta name="author" content="${escapeHtml(meta.author)}">`,
    `<meta name="description" content="${escapeHtml(meta.subject)}">`,
    `<style>\n${stylesheet(doc)}\n</style>`,
    '</head>',
    `<body class="${opts.preview ? 'preview' : 'print'} doc-${meta.kind}">`,
    `<main class="sheet">\n${body}\n</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- blocks

/**
 * The blocks split at page breaks. Each part starts a new page itself (rather
 * than an empty element before it), so the browser has no break point before
 * a part's first heading to put a blank page at. Empty parts are dropped, as
 * Word collapses consecutive breaks.
 */
function pages(blocks: readonly Block[]): Block[][] {
  const parts: Block[][] = [[]];
  for (const b of blocks) {
    if (b.kind === 'pageBreak') parts.push([]);
    else parts[parts.length - 1]?.push(b);
  }
  return parts.filter((p) => p.length > 0);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return paragraph(b);
    case 'bullets':
    case 'numbered':
    case 'checklist':
      return list(b);
    case 'table':
      return table(b);
    case 'rating':
      return rating(b);
    case 'lines':
      return lines(b);
    case 'details':
      return details(b);
    case 'image':
      return image(b);
    case 'pageBreak':
      return ''; // handled by pages()
    case 'callout':
      return callout(b);
    case 'group':
      return `<section class="keep">\n${b.blocks.map(block).join('\n')}\n</section>`;
  }
}

function runs(items: Runs): string {
  return items
    .map((r) => {
      if (r.kind === 'box') return '<span class="box" aria-hidden="true">☐</span>';
      let html = escapeHtml(r.text).replace(/\n/g, '<br>');
      if (r.italic) html = `<em>${html}</em>`;
      if (r.bold) html = `<strong>${html}</strong>`;
      return r.tone ? `<span class="tone-${r.tone}">${html}</span>` : html;
    })
    .join('');
}

function paragraph(b: ParagraphBlock): string {
  const classes = [b.style && b.style !== 'body' ? b.style : '', b.align === 'center' ? 'center' : '', b.keepWithNext ? 'keep-next' : ''].filter(Boolean);
  return `<p${classes.length ? ` class="${classes.join(' ')}"` : ''}>${runs(b.runs)}</p>`;
}

function list(b: ListBlock): string {
  const keep = b.items.length <= SHORT_LIST ? ' keep-list' : '';
  if (b.kind === 'checklist') {
    const cls = `${b.inline ? 'checklist inline' : 'checklist'}${keep}`;
    const items = b.items.map((i) => `<li><span class="box" aria-hidden="true">☐</span><span>${runs(i)}</span></li>`);
    return `<ul class="${cls}">\n${items.join('\n')}\n</ul>`;
  }
  const tag = b.kind === 'numbered' ? 'ol' : 'ul';
  return `<${tag}${keep ? ` class="${keep.trim()}"` : ''}>\n${b.items.map((i) => `<li>${runs(i)}</li>`).join('\n')}\n</${tag}>`;
}

function colgroup(widths: readonly number[]): string {
  const total = widths.reduce((s, w) => s + w, 0) || 1;
  return `<colgroup>${widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('')}</colgroup>`;
}

const alignAttr = (align: CellAlign | undefined): string => (align && align !== 'left' ? ` class="${align}"` : '');

function table(b: TableBlock): string {
  const emphasis = new Set(b.emphasisRows ?? []);
  const head = `<thead><tr>${b.header.map((h, c) => `<th scope="col"${alignAttr(b.align?.[c])}>${runs(h)}</th>`).join('')}</tr></thead>`;
  const rows = b.rows.map(
    (row, r) =>
      `<tr${emphasis.has(r) ? ' class="emphasis"' : ''}>${row.map((cell, c) => `<td${alignAttr(b.align?.[c])}>${runs(cell)}</td>`).join('')}</tr>`,
  );
  return `<table class="data">${colgroup(b.widths)}\n${head}\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function rating(b: RatingBlock): string {
  const top = b.levels.map((l) => `<th scope="col"><span class="box" aria-hidden="true">☐</span> ${l.level} · ${escapeHtml(l.label)}</th>`);
  const anchors = b.levels.map((l) => `<td>${escapeHtml(l.anchor)}</td>`);
  return [
    '<div class="rating">',
    `<p class="label">${escapeHtml(b.title)}</p>`,
    `<table>${colgroup(b.levels.map(() => 1))}<tr>${top.join('')}</tr><tr>${anchors.join('')}</tr></table>`,
    '</div>',
  ].join('\n');
}

function lines(b: LinesBlock): string {
  const label = b.label ? `<p class="label">${escapeHtml(b.label)}</p>` : '';
  const rules = Array.from({ length: Math.max(1, b.count) }, () => '<div class="line"></div>').join('');
  return `<div class="lines">${label}${rules}</div>`;
}

function details(b: DetailsBlock): string {
  if (b.items.length === 0) return '';
  const rows = b.items.map(
    (i) => `<tr${i.value ? '' : ' class="blank"'}><th scope="row">${escapeHtml(i.label)}</th><td>${i.value ? runs(i.value) : ''}</td></tr>`,
  );
  return `<table class="details">${colgroup([0.24, 0.76])}\n${rows.join('\n')}\n</table>`;
}

function dataUri(image: DocImage): string {
  const mime = image.mime === 'image/png' ? 'image/png' : 'image/jpeg';
  return `data:${mime};base64,${Buffer.from(image.data).toString('base64')}`;
}

function image(b: ImageBlock): string {
  const img = `<img src="${dataUri(b.image)}" alt="${escapeHtml(b.image.alt)}" width="${b.image.width}" height="${b.image.height}">`;
  const caption = b.caption ? `<figcaption>${escapeHtml(b.caption)}</figcaption>` : '';
  return `<figure class="image${b.align === 'center' ? ' center' : ''}">${img}${caption}</figure>`;
}

function callout(b: CalloutBlock): string {
  const body = b.body.map((p) => `<p>${runs(p)}</p>`).join('');
  return `<aside class="callout ${b.tone}"><p class="callout-title">${escapeHtml(b.title)}</p>${body}</aside>`;
}

// ---------------------------------------------------------------- styles

function stylesheet(doc: DocModel): string {
  const { meta } = doc;
  const brand = `#${normaliseHex(meta.brandColor)}`;
  const c = (hex: string): string => `#${hex}`;
  const page = PAGE_INCHES[meta.pageSize];
  const m = MARGIN_INCHES;
  const info = calloutColors('info', meta.brandColor);
  const warn = calloutColors('warning', meta.brandColor);
  const look = (name: keyof typeof PARAGRAPH_LOOKS): string => {
    const l = PARAGRAPH_LOOKS[name];
    const color = l.color === 'brand' ? brand : l.color === 'muted' ? c(COLORS.muted) : c(COLORS.text);
    return `font-size:${l.size}pt;color:${color};margin:${l.before}pt 0 ${l.after}pt;${l.bold ? 'font-weight:700;' : ''}${l.italic ? 'font-style:italic;' : ''}${l.allCaps ? 'text-transform:uppercase;letter-spacing:0.04em;' : ''}`;
  };
  const heading = (level: 1 | 2 | 3): string => {
    const h = HEADING_LOOKS[level];
    const rule = h.rule ? `border-bottom:1pt solid ${brand};padding-bottom:4pt;` : '';
    return `h${level}{font-size:${h.size}pt;margin:${h.before}pt 0 ${h.after}pt;color:${level === 3 ? c(COLORS.text) : brand};${rule}}`;
  };
  const running = (text: string): string => `content:${cssString(text)};font-family:${CSS_FONT_STACK};font-size:8.5pt;color:${c(COLORS.muted)};`;
  return `
@page{size:${meta.pageSize};margin:${m.top}in ${m.side}in ${m.bottom}in ${m.side}in;
  @top-right{${running(meta.companyName || meta.title)}color:${brand};font-weight:700;vertical-align:bottom;padding-bottom:6pt;}
  @bottom-left{${running(meta.title)}vertical-align:top;padding-top:6pt;}
  @bottom-right{content:"Page " counter(page) " of " counter(pages);font-family:${CSS_FONT_STACK};font-size:8.5pt;color:${c(COLORS.muted)};vertical-align:top;padding-top:6pt;}
}
${meta.logo ? `@page{@top-left{content:"";background:url("${dataUri(meta.logo)}") no-repeat left bottom/contain;margin-bottom:6pt;width:${meta.logo.width}px;}}` : ''}
@page:first{@top-left{content:none;background:none;}@top-right{content:none;}@bottom-left{content:none;}@bottom-right{content:none;}}
*{box-sizing:border-box;}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact;}
body{margin:0;font-family:${CSS_FONT_STACK};font-size:${SIZES.body}pt;line-height:1.32;color:${c(COLORS.text)};background:#fff;overflow-wrap:anywhere;}
.sheet{max-width:${(page.width - 2 * m.side).toFixed(2)}in;margin:0 auto;}
h1,h2,h3{font-weight:700;line-height:1.2;break-after:avoid;page-break-after:avoid;break-inside:avoid;}
${heading(1)}
${heading(2)}
${heading(3)}
p{margin:0 0 ${PARAGRAPH_LOOKS.body.after}pt;orphans:3;widows:3;}
p.title{${look('title')}line-height:1.1;}
p.subtitle{${look('subtitle')}}
p.lead{${look('lead')}}
p.meta{${look('meta')}}
p.label{${look('label')}break-after:avoid;}
p.small{${look('small')}}
p.center{text-align:center;}
p.title,p.subtitle,p.lead,p.meta,p.label,p.keep-next{break-after:avoid;page-break-after:avoid;}
.tone-brand{color:${brand};}
.tone-muted{color:${c(COLORS.muted)};}
ul,ol{margin:0 0 8pt;padding-left:18pt;}
li{margin:0 0 3pt;padding-left:2pt;break-inside:avoid;}
.keep-list{break-inside:avoid;page-break-inside:avoid;}
li::marker{color:${brand};}
ol>li::marker{font-weight:700;}
.box{font-family:${CSS_BOX_FONT_STACK};font-weight:400;font-size:1.05em;line-height:1;}
ul.checklist{list-style:none;padding-left:0;}
ul.checklist>li{display:flex;gap:7pt;margin-bottom:5pt;}
ul.checklist.inline{display:flex;flex-wrap:wrap;gap:4pt 0;margin:4pt 0 10pt;}
ul.checklist.inline>li{flex:1 1 0;margin:0;gap:4pt;white-space:nowrap;}
table{width:100%;border-collapse:collapse;table-layout:fixed;margin:0 0 10pt;}
th,td{padding:3.5pt 5.5pt;vertical-align:top;text-align:left;overflow-wrap:anywhere;}
tr{break-inside:avoid;page-break-inside:avoid;}
thead{display:table-header-group;}
table.data{border-bottom:0.75pt solid ${brand};}
table.data th{background:${brand};color:#fff;font-size:${SIZES.body - 1}pt;font-weight:700;}
table.data td{border-top:0.5pt solid ${c(COLORS.rule)};}
table.data tr.emphasis td{background:${c(COLORS.faint)};font-weight:700;}
.right{text-align:right;}
.center{text-align:center;}
.rating{break-inside:avoid;}
.rating table{border:0.5pt solid #${tint(meta.brandColor, 0.55)};}
.rating th,.rating td{border:0.5pt solid #${tint(meta.brandColor, 0.55)};}
.rating th{background:#${tint(meta.brandColor, 0.88)};font-weight:700;}
.rating td{font-size:${SIZES.body - 1.5}pt;}
.lines{margin:0 0 10pt;break-inside:avoid;}
.lines .line{height:${LINE_HEIGHT_PT}pt;border-bottom:0.5pt solid ${c(COLORS.rule)};}
table.details{margin:2pt 0 10pt -5.5pt;width:calc(100% + 5.5pt);}
table.details th{width:24%;color:${c(COLORS.muted)};font-size:${SIZES.body - 1}pt;font-weight:700;}
table.details tr.blank th{vertical-align:bottom;}
table.details tr.blank td{border-bottom:0.5pt solid ${c(COLORS.muted)};height:24pt;}
figure{margin:4pt 0 10pt;}
figure img{display:block;max-width:100%;height:auto;}
figure.center{text-align:center;}
figure.center img{margin:0 auto;}
figcaption{${look('small')}margin:2pt 0 0;}
.callout{margin:2pt 0 10pt;padding:6pt 10pt;border-left:3pt solid #${info.border};background:#${info.fill};break-inside:avoid;}
.callout p{margin:0 0 4pt;}
.callout p:last-child{margin-bottom:0;}
.callout .callout-title{font-weight:700;color:#${info.title};margin-bottom:3pt;}
.callout.warning{border-left-color:#${warn.border};background:#${warn.fill};}
.callout.warning .callout-title{color:#${warn.title};}
.keep{break-inside:avoid;page-break-inside:avoid;margin-bottom:8pt;}
.part+.part{break-before:page;page-break-before:always;}
@media screen{
  body.preview{background:#E4E7EB;padding:24px 0;}
  body.preview .sheet{max-width:none;width:${page.width}in;min-height:${page.height}in;padding:${m.top}in ${m.side}in ${m.bottom}in;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.18),0 6px 24px rgba(0,0,0,.12);}
  body.preview .part+.part{margin:${m.bottom}in -${m.side}in 0;padding:${m.top}in ${m.side}in 0;border-top:12px solid #E4E7EB;}
}
`.trim();
}
