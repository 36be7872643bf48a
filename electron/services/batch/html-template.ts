/**
 * A rendered HTML document as a template. A slot inside the <style> element
 * is a CSS string (the running title in @page boxes) and is escaped as the
 * HTML renderer escapes CSS strings; anywhere else it is HTML text.
 */
import { cssString, escapeHtml } from '../../documents/sanitize';
import { MARKS } from './patterns';
import { TemplateError } from './docx-template';

export type HtmlSeg = string | { slot: number; css: boolean };

export interface HtmlTemplate {
  segs: HtmlSeg[];
}

export function prepareHtml(html: string): HtmlTemplate {
  const styleStart = html.indexOf('<style>');
  const styleEnd = html.indexOf('</style>');
  const segs: HtmlSeg[] = [];
  let at = 0;
  for (const m of html.matchAll(/\uE000(\d+)\uE001/g)) {
    if (m.index > at) segs.push(html.slice(at, m.index));
    segs.push({ slot: Number(m[1]), css: m.index > styleStart && m.index < styleEnd });
    at = m.index + m[0].length;
  }
  if (at < html.length) segs.push(html.slice(at));
  if (segs.some((s) => typeof s === 'string' && MARKS.test(s))) {
    throw new TemplateError('a placeholder was changed by the HTML renderer; the document is made in full instead');
  }
  return { segs };
}

/** The HTML of one document: `values` are the slots' plain texts. */
export function fillHtml(template: HtmlTemplate, values: readonly string[]): string {
  return template.segs
    .map((s) => {
      if (typeof s === 'string') return s;
      const v = values[s.slot] ?? '';
      return s.css ? cssString(v).slice(1, -1) : escapeHtml(v);
    })
    .join('');
}
