import { beforeAll, describe, expect, it } from 'vitest';
import { composeKit, composePacket, renderDocx } from '../../electron/documents';
import type { Library } from '../../shared/schemas';
import {
  IDS,
  ILLEGAL_XML_CHARS,
  assertWellFormedXml,
  blocksOf,
  docxParts,
  makeLibrary,
  paragraphTexts,
  part,
  questionOf,
} from './fixtures';

const kitOpts = { roleId: IDS.roleEngineer, stageId: IDS.stageTechnical, candidateId: IDS.candidate };

async function kitParts(lib: Library = makeLibrary()) {
  return docxParts(await renderDocx(composeKit(lib, kitOpts).doc));
}

describe('renderDocx: the kit', () => {
  let parts: Map<string, string>;
  let document: string;
  let texts: string[];
  beforeAll(async () => {
    parts = await kitParts();
    document = part(parts, 'word/document.xml');
    texts = paragraphTexts(document);
  });

  it('uses the built-in heading styles, defined in the brand colour', () => {
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading2"/>');
    expect(document).toContain('<w:pStyle w:val="Heading3"/>');
    const styles = part(parts, 'word/styles.xml');
    expect(styles).toMatch(/w:styleId="Heading1".*?<w:color w:val="1F5F4A"\/>/s);
    expect(styles).toMatch(/w:styleId="Heading1".*?<w:outlineLvl w:val="0"\/>/s);
    expect(styles).toContain('w:ascii="Calibri"');
  });

  it("has the candidate's name and every question, in order", () => {
    expect(texts.some((t) => t.includes('Alexandra Rivera'))).toBe(true);
    const lib = makeLibrary();
    const order = [IDS.q[0], IDS.q[3], IDS.q[2]].map((id) => texts.findIndex((t) => t.endsWith(questionOf(lib, id).text)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('numbers pages "Page X of Y" in the footer', () => {
    const footers = [...parts.entries()].filter(([path]) => /^word\/footer\d*\.xml$/.test(path)).map(([, xml]) => xml);
    const numbered = footers.find((xml) => /<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/.test(xml));
    expect(numbered).toBeDefined();
    expect(numbered).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(paragraphTexts(numbered ?? '').join(' ')).toContain('Page');
  });

  it('puts the company name and logo, with alt text, in the header', () => {
    const headers = [...parts.entries()].filter(([path]) => /^word\/header\d*\.xml$/.test(path)).map(([, xml]) => xml);
    const header = headers.find((xml) => paragraphTexts(xml).join('').includes('Harbor & Pine Outfitters'));
    expect(header).toBeDefined();
    expect(header).toContain('descr="Harbor &amp; Pine Outfitters logo"');
  });

  it('uses real list numbering', () => {
    const numbering = part(parts, 'word/numbering.xml');
    expect(numbering).toContain('<w:numFmt w:val="bullet"/>');
    expect(numbering).toContain('<w:numFmt w:val="decimal"/>');
    expect(document).toContain('<w:numPr>');
    expect(texts).toContain('How did you narrow down where it was?'); // numbered by Word, not typed "1."
  });

  it('repeats table header rows, keeps question blocks together, and uses ☐ boxes', () => {
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:cantSplit/>');
    expect(document).toContain('<w:keepNext/>');
    expect(document).toContain('<w:keepLines/>');
    expect(texts.some((t) => t.startsWith('☐'))).toBe(true);
  });

  it('starts major sections on a new page', () => {
    const breaks = (document.match(/<w:pageBreakBefore\/>/g) ?? []).length;
    expect(breaks).toBeGreaterThanOrEqual(3);
  });

  it('sets the document properties and the Letter page size', () => {
    const core = part(parts, 'docProps/core.xml');
    expect(core).toContain('Interview kit: Senior Software Engineer, Technical conversation');
    expect(core).toContain('Harbor &amp; Pine Outfitters');
    expect(core).toContain('Interview with Alexandra Rivera');
    expect(document).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
  });

  it('uses A4 when the company does', async () => {
    const lib = makeLibrary();
    if (lib.company) lib.company.pageSize = 'A4';
    expect(part(await kitParts(lib), 'word/document.xml')).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('writes well-formed XML in every part', () => {
    for (const [path, xml] of parts) assertWellFormedXml(xml, path);
  });
});

describe('renderDocx: the packet', () => {
  it('has the thank-you, the benefits and the QR code with alt text', async () => {
    const parts = await docxParts(await renderDocx(composePacket(makeLibrary(), { roleId: IDS.roleEngineer, candidateId: IDS.candidate }).doc));
    const document = part(parts, 'word/document.xml');
    const texts = paragraphTexts(document);
    expect(texts).toContain('Thank you, Alex');
    expect(texts.some((t) => t.startsWith('401(k) match'))).toBe(true);
    expect(document).toContain('descr="QR code: Harbor &amp; Pine Outfitters careers page, https://harborpine.example/careers"');
    expect(part(parts, '[Content_Types].xml')).toContain('png');
  });
});

describe('renderDocx: hostile library text', () => {
  const dirty = (s: string): string => `${s}\u0000\u0007\uFFFF\uD800\u001B!`;

  function dirtyLibrary(): Library {
    const lib = makeLibrary();
    if (!lib.company) throw new Error('no company');
    lib.company.name = dirty('Harbor');
    lib.company.story = dirty('Story');
    const role = lib.roles[0];
    const q = lib.questions.find((x) => x.id === IDS.q[0]);
    const c = lib.candidates[0];
    if (!role || !q || !c) throw new Error('fixture changed');
    role.title = dirty('Engineer <&>');
    q.text = dirty('Question');
    q.probes = [{ text: dirty('Probe'), reflection: true }];
    c.name = dirty('Alex');
    return lib;
  }

  it('yields well-formed documents without the illegal characters', async () => {
    const lib = dirtyLibrary();
    const kit = composeKit(lib, kitOpts);
    const packet = composePacket(lib, { roleId: IDS.roleEngineer, candidateId: IDS.candidate });
    expect(blocksOf(kit.doc, 'heading').some((h) => ILLEGAL_XML_CHARS.test(h.text))).toBe(true); // the model still has them
    for (const doc of [kit.doc, packet.doc]) {
      const parts = await docxParts(await renderDocx(doc));
      for (const [path, xml] of parts) {
        expect(ILLEGAL_XML_CHARS.test(xml), path).toBe(false);
        assertWellFormedXml(xml, path);
      }
      const text = paragraphTexts(part(parts, 'word/document.xml')).join('\n');
      expect(text).toContain('Engineer <&>!');
    }
    const kitText = paragraphTexts(part(await docxParts(await renderDocx(kit.doc)), 'word/document.xml')).join('\n');
    expect(kitText).toContain('Question!');
    expect(kitText).toContain('Probe!');
    expect(kitText).toContain('Alex!');
  });
});
