/**
 * The look shared by the Word and HTML renderers, so a printed kit looks the
 * same whichever way it was made. Sizes in points, colours as RRGGBB.
 */
import type { PageSize } from '../../shared/schemas';
import type { ParagraphStyle } from '../../shared/document-model';

export const FONT = 'Calibri';
/** Calibri, then its metric-compatible Carlito, then common sans fonts. */
export const CSS_FONT_STACK = "Calibri, Carlito, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";
/** A font with the ☐ glyph in Word on Windows and macOS. */
export const BOX_FONT = 'Segoe UI Symbol';
export const CSS_BOX_FONT_STACK = "'Segoe UI Symbol', 'DejaVu Sans', 'Apple Symbols', sans-serif";

export const COLORS = {
  text: '1F2328',
  muted: '5F6B7A',
  rule: 'C9CFD6',
  faint: 'F3F5F7',
  warning: 'B45309',
  warningFill: 'FFF7E8',
} as const;

export const SIZES = {
  body: 10.5,
  h1: 18,
  h2: 13.5,
  h3: 11.5,
  box: 12,
} as const;

export interface ParagraphLook {
  size: number;
  bold?: boolean;
  italic?: boolean;
  color: 'text' | 'muted' | 'brand';
  /** Space before and after, in points. */
  before: number;
  after: number;
  allCaps?: boolean;
}

export const PARAGRAPH_LOOKS: Record<ParagraphStyle, ParagraphLook> = {
  body: { size: SIZES.body, color: 'text', before: 0, after: 6 },
  title: { size: 30, bold: true, color: 'brand', before: 36, after: 6 },
  subtitle: { size: 15, color: 'muted', before: 0, after: 18 },
  lead: { size: 12, color: 'text', before: 0, after: 8 },
  meta: { size: 9, color: 'muted', before: 0, after: 6 },
  label: { size: 8.5, bold: true, color: 'muted', before: 6, after: 2, allCaps: true },
  small: { size: 9, color: 'muted', before: 0, after: 4 },
};

export interface HeadingLook {
  size: number;
  before: number;
  after: number;
  /** A rule under the heading, in the brand colour. */
  rule: boolean;
}

export const HEADING_LOOKS: Record<1 | 2 | 3, HeadingLook> = {
  1: { size: SIZES.h1, before: 16, after: 10, rule: true },
  2: { size: SIZES.h2, before: 14, after: 4, rule: false },
  3: { size: SIZES.h3, before: 10, after: 3, rule: false },
};

/** Page size in inches, and the margins shared by both renderers. */
export const PAGE_INCHES: Record<PageSize, { width: number; height: number }> = {
  Letter: { width: 8.5, height: 11 },
  A4: { width: 8.2681, height: 11.6931 },
};
export const MARGIN_INCHES = { top: 0.85, bottom: 0.8, side: 0.85, header: 0.4, footer: 0.4 } as const;

/** Lists up to this many items are kept on one page. */
export const SHORT_LIST = 8;

/** Height of one ruled writing line, in points. */
export const LINE_HEIGHT_PT = 21;

/** A hex colour ("#1F4E79" or "1F4E79") mixed with white: amount 0 = the colour, 1 = white. */
export function tint(hex: string, amount: number): string {
  const clean = normaliseHex(hex);
  const channels = [0, 2, 4].map((i) => parseInt(clean.slice(i, i + 2), 16));
  return channels
    .map((c) => Math.round(c + (255 - c) * amount))
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** RRGGBB, upper case, from "#rrggbb"; a default blue when the input is not a colour. */
export function normaliseHex(hex: string): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(hex.trim());
  return (m?.[1] ?? '1F4E79').toUpperCase();
}

export interface CalloutColors {
  border: string;
  fill: string;
  title: string;
}

/** Colours of a callout box: brand-tinted for information, amber for warnings. */
export function calloutColors(tone: 'info' | 'warning', brand: string): CalloutColors {
  if (tone === 'warning') return { border: COLORS.warning, fill: COLORS.warningFill, title: COLORS.warning };
  const b = normaliseHex(brand);
  return { border: b, fill: tint(b, 0.92), title: b };
}
