/**
 * Text hygiene for everything that reaches a document file. Library text is
 * user input: it may hold control characters pasted from elsewhere, which XML
 * 1.0 forbids and which make Word refuse the file.
 */

/**
 * Characters XML 1.0 does not allow: C0 controls other than tab, newline and
 * carriage return; lone surrogates (matched as code points with the u flag);
 * U+FFFE and U+FFFF.
 */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069). A library text is put into sentences the app writes ("Thank
 * you for meeting us at <event> on <date>…"); an override left open in it
 * ("evil\u202Efdp.exe") would show the rest of that sentence backwards. Arabic
 * and Hebrew read right to left without them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text with every character illegal in XML 1.0 and every bidirectional
 * control removed; carriage returns become newlines.
 */
export function sanitizeText(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(BIDI_CONTROLS, '').replace(/\r\n?/g, '\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Sanitised and escaped for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return sanitizeText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Sanitised and quoted as a CSS string literal (for `content:` in @page boxes). */
export function cssString(text: string): string {
  const body = sanitizeText(text)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\A ')
    .replace(/</g, '\\3C ');
  return `"${body}"`;
}

/** A library text split into paragraphs at blank lines, each trimmed, empty ones dropped. */
export function paragraphsOf(text: string): string[] {
  return sanitizeText(text)
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
