/**
 * One HTML page holding many documents, printed to PDF in one go. Each
 * document starts on a new page; its running footer shows its own title
 * (a named CSS page per title) and its cover page has no running header or
 * footer, as when it is printed alone. Nothing follows the last document, so
 * there is no blank last page. Page numbers run through the whole file.
 */
import { cssString, escapeHtml } from '../../documents/sanitize';

export interface HtmlDocument {
  html: string;
  title: string;
}

const MAIN_OPEN = '<main class="sheet">';

function inner(html: string): string {
  const start = html.indexOf(MAIN_OPEN);
  const end = html.lastIndexOf('</main>');
  if (start < 0 || end < start) throw new Error('a document’s HTML has no <main class="sheet">');
  return html.slice(start + MAIN_OPEN.length, end);
}

function pageRules(titles: readonly string[]): string {
  const none = '@top-left{content:none;background:none;}@top-right{content:none;}@bottom-left{content:none;}@bottom-right{content:none;}';
  return [
    `@page cover{${none}}`,
    ...titles.map((t, i) => `@page t${i}{@bottom-left{content:${cssString(t)};}}\n.t${i}{page:t${i};}`),
    '.doc>.part:first-child{page:cover;}',
    '.doc+.doc{break-before:page;page-break-before:always;}',
  ].join('\n');
}

/** The documents as one standalone HTML page, titled `title`. */
export function combineHtml(docs: readonly HtmlDocument[], title: string): string {
  const first = docs[0];
  if (!first) throw new Error('a combined file needs at least one document');
  const styleEnd = first.html.indexOf('</style>');
  const bodyStart = first.html.indexOf('<body');
  const bodyOpenEnd = first.html.indexOf('>', bodyStart) + 1;
  if (styleEnd < 0 || bodyStart < 0) throw new Error('a document’s HTML has no stylesheet or body');
  const titles = [...new Set(docs.map((d) => d.title))];
  const index = new Map(titles.map((t, i) => [t, i]));
  const head = first.html
    .slice(0, styleEnd)
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeHtml(title)}</title>`);
  const body = docs.map((d) => `<div class="doc t${index.get(d.title) ?? 0}">${inner(d.html)}</div>`).join('\n');
  return `${head}\n${pageRules(titles)}\n${first.html.slice(styleEnd, bodyOpenEnd)}\n${MAIN_OPEN}\n${body}\n</main>\n</body>\n</html>\n`;
}
