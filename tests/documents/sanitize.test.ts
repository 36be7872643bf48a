import { describe, expect, it } from 'vitest';
import { cssString, escapeHtml, paragraphsOf, sanitizeText } from '../../electron/documents/sanitize';

describe('sanitizeText', () => {
  it('removes characters XML 1.0 forbids and keeps the rest', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001Fd\uFFFEe\uFFFFf')).toBe('abcdef');
    expect(sanitizeText('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(sanitizeText('tab\there\nnew line, emoji 🏕️, é, 日本')).toBe('tab\there\nnew line, emoji 🏕️, é, 日本');
  });

  it('turns carriage returns into newlines', () => {
    expect(sanitizeText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('escapeHtml and cssString', () => {
  it('escapes markup and strips illegal characters', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>\u0000`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('quotes CSS strings safely', () => {
    expect(cssString('Say "hi" \\ </style>')).toBe('"Say \\"hi\\" \\\\ \\3C /style>"');
  });
});

describe('paragraphsOf', () => {
  it('splits at blank lines and drops empty paragraphs', () => {
    expect(paragraphsOf('One.\n\n  \n\nTwo\nlines.\n\n')).toEqual(['One.', 'Two\nlines.']);
    expect(paragraphsOf('   ')).toEqual([]);
  });
});
