import { describe, expect, it } from 'vitest';
import { composeKit, composePacket, renderDocx, renderHtml } from '../../electron/documents';
import type { Library } from '../../shared/schemas';
import { IDS, blocksOf, docxParts, makeLibrary, paragraphTexts, part, questionGroups } from './fixtures';

const kitOpts = { roleId: IDS.roleEngineer, stageId: IDS.stageTechnical, candidateId: IDS.candidate };
const kitHtml = (lib: Library = makeLibrary(), preview = false) => renderHtml(composeKit(lib, kitOpts).doc, { preview });
const mainOf = (html: string): string => /<main class="sheet">([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
const unescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const visibleText = (html: string): string => unescape(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

describe('renderHtml', () => {
  it('is a standalone HTML5 document with charset, language and title', () => {
    const html = kitHtml();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-US">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Interview kit: Senior Software Engineer, Technical conversation</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes library text', () => {
    const lib = makeLibrary();
    const q = lib.questions.find((x) => x.id === IDS.q[0]);
    if (!q || !lib.company) throw new Error('fixture changed');
    q.text = '<script>alert("pwned")</script> & <b>bold</b>';
    lib.company.name = 'Evil "Co" </style><script>x()</script>';
    const html = kitHtml(lib);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('loads nothing from outside: no scripts, links or remote sources; images inline', () => {
    for (const html of [kitHtml(), renderHtml(composePacket(makeLibrary(), { roleId: IDS.roleEngineer }).doc)]) {
      expect(html).not.toMatch(/<script|<link|<iframe|@import/i);
      expect(html).not.toMatch(/(src|href)="(?!data:)/);
      expect(html).not.toMatch(/url\((?!"?data:)/);
      const images = html.match(/<img [^>]*>/g) ?? [];
      expect(images.length).toBeGreaterThan(0);
      for (const img of images) expect(img).toMatch(/src="data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+" alt="[^"]+"/);
    }
  });

  it('sets the @page size from the company', () => {
    expect(kitHtml()).toMatch(/@page\{size:Letter;/);
    const lib = makeLibrary();
    if (lib.company) lib.company.pageSize = 'A4';
    expect(kitHtml(lib)).toMatch(/@page\{size:A4;/);
  });

  it('prints page numbers, page breaks and unbroken question blocks', () => {
    const html = kitHtml();
    expect(html).toContain('counter(page)');
    expect(html).toContain('counter(pages)');
    expect(html).toMatch(/\.part\+\.part\{break-before:page;/);
    expect(html.match(/<div class="part">/g)).toHaveLength(5); // cover; prep to role brief; questions; selling; closing and scorecard
    expect(html).toMatch(/\.keep\{break-inside:avoid;/);
    expect(html).toMatch(/tr\{break-inside:avoid;/);
    expect(html).toContain('<thead>');
    const lib = makeLibrary();
    const sections = mainOf(html).split('<section class="keep">').slice(1);
    const groups = questionGroups(composeKit(lib, kitOpts).doc);
    expect(sections).toHaveLength(groups.length);
    sections.forEach((s, i) => {
      const title = groups[i]?.blocks[0];
      expect(title?.kind === 'heading' && visibleText(s).includes(title.text)).toBe(true);
    });
  });

  it('has the same content in preview and print', () => {
    const lib = makeLibrary();
    const preview = kitHtml(lib, true);
    expect(preview).toContain('<body class="preview doc-kit">');
    expect(mainOf(preview)).toBe(mainOf(kitHtml(lib)));
  });

  it('says what the Word document says', async () => {
    const lib = makeLibrary();
    for (const doc of [composeKit(lib, kitOpts).doc, composePacket(lib, { roleId: IDS.roleEngineer, candidateId: IDS.candidate }).doc]) {
      const html = visibleText(mainOf(renderHtml(doc)));
      const word = paragraphTexts(part(await docxParts(await renderDocx(doc)), 'word/document.xml')).join(' ');
      for (const h of blocksOf(doc, 'heading')) {
        expect(html).toContain(h.text);
        expect(word).toContain(h.text);
      }
    }
  });
});
