/** Small block builders used by both the kit and the packet. */
import type { Benefit, Company, Product } from '../../shared/schemas';
import { bold, bullets, heading, para, txt } from '../../shared/document-model';
import type { Block, HeadingLevel, Runs } from '../../shared/document-model';
import { paragraphsOf } from './sanitize';

/** A heading followed by its content, or nothing at all when there is no content. */
export function section(level: HeadingLevel, title: string, content: Block[]): Block[] {
  return content.length === 0 ? [] : [heading(level, title), ...content];
}

/** Paragraph blocks from a library text (blank lines separate paragraphs). */
export function textBlocks(text: string, style?: 'body' | 'lead'): Block[] {
  return paragraphsOf(text).map((p) => para(p, style));
}

/** "Name — description" with the name in bold; just the name when there is no description. */
export function namedItem(name: string, description: string): Runs {
  const d = description.trim();
  return d ? [bold(name), txt(` — ${d}`)] : [bold(name)];
}

export function valuesList(company: Company): Block[] {
  if (company.values.length === 0) return [];
  return [bullets(company.values.map((v) => namedItem(v.name, v.description)))];
}

/** Products as a list: what it is, and what it does for a customer. */
export function productList(products: readonly Product[]): Block[] {
  if (products.length === 0) return [];
  return [
    bullets(
      products.map((p) => {
        const runs = namedItem(p.name, p.summary);
        if (p.customerValue.trim()) runs.push(txt(` For you as a customer: ${p.customerValue.trim()}`, { italic: true }));
        if (p.url.trim()) runs.push(txt(` ${p.url.trim()}`, { tone: 'muted' }));
        return runs;
      }),
    ),
  ];
}

/** A benefit as a list item: name (highlighted ones marked), description, waiting period. */
export function benefitItem(b: Benefit): Runs {
  const runs = namedItem(b.name, b.description);
  if (b.waitingPeriod.trim()) runs.push(txt(` (waiting period: ${b.waitingPeriod.trim()})`, { tone: 'muted' }));
  return runs;
}
