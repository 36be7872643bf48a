/**
 * Combined mode: one print file per document type. The .docx has a section
 * per document, each starting on a new page, and ends with the last
 * document's own end; opened in LibreOffice it has exactly as many pages as
 * the documents printed one by one. The PDF likewise, printed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary, type Database } from '../../electron/store';
import { planFromLibrary, runBatch, type BatchPlan, type BatchResult } from '../../electron/services/batch';
import { paragraphTexts } from '../documents/fixtures';
import { announceMissing, pageCount, pdfText, requireTools, run, skip } from '../helpers/tools';
import { addCandidates, demoLibrary, makeEvent, removeDir, scratchDir, zipParts } from './helpers';

announceMissing(['soffice', 'pdfinfo', 'chromium', 'pdftotext']);

let dir = '';
let db: Database;
let combined: BatchPlan;
let single: BatchPlan;
let result: BatchResult;

const PEOPLE = [
  { name: 'Ana & <Bob>', preferredName: 'Ana', role: 'Store Associate', time: '09:00' },
  { name: 'Zoë Brontë', preferredName: 'Zo', role: 'Store Shift Lead', time: '09:30' },
  { name: 'مريم العلي', role: 'Store Associate', time: '10:00' },
];

beforeAll(async () => {
  dir = scratchDir('combined');
  ({ db } = await demoLibrary(dir));
  const event = makeEvent(db, 'Print Day');
  addCandidates(db, event, PEOPLE);
  const lib = loadLibrary(db);
  combined = planFromLibrary(lib, event.id, { outDir: path.join(dir, 'combined'), formats: ['docx'], combined: true });
  single = planFromLibrary(lib, event.id, { outDir: path.join(dir, 'single'), formats: ['docx'] });
  result = await runBatch(combined);
}, 120_000);

afterAll(() => {
  db.close();
  removeDir(dir);
});

const kitsFile = (): string => path.join(combined.folder, combined.combinedFiles.kit.docx ?? '');
const packetsFile = (): string => path.join(combined.folder, combined.combinedFiles.packet.docx ?? '');

describe('combined .docx', () => {
  it('writes one file for all kits and one for all packets, and lists every document in the manifest', () => {
    expect(result.failed).toEqual([]);
    expect(result.written.map((f) => path.basename(f.file)).sort()).toEqual(['print-day-kits.docx', 'print-day-packets.docx']);
    const manifest = fs.readFileSync(result.manifestPath, 'utf8').trim().split('\r\n');
    expect(manifest).toHaveLength(combined.documents.length + 1);
  });

  it('has a section per document, a section break between documents and none after the last', async () => {
    const parts = await zipParts(fs.readFileSync(kitsFile()));
    const xml = parts.get('word/document.xml') ?? '';
    const kits = combined.documents.filter((d) => d.kind === 'kit');
    const sections = xml.match(/<w:sectPr\b/g) ?? [];
    expect(sections).toHaveLength(kits.length);
    // Every section but the last ends in a paragraph (the section break); no type means "next page".
    expect(xml.match(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:sectPr\b/gs) ?? []).toHaveLength(kits.length - 1);
    expect(xml).not.toMatch(/<w:type w:val="(continuous|evenPage|oddPage)"/);
    // The body ends with the last document's own properties: no empty page, no break after it.
    expect(xml).toMatch(/<\/w:(p|tbl)><w:sectPr>(?:(?!<w:p[ >]).)*<\/w:sectPr><\/w:body><\/w:document>$/s);
    expect(xml.slice(xml.lastIndexOf('</w:pPr>'))).not.toMatch(/<w:br w:type="page"\/>|pageBreakBefore/);
  });

  it('keeps each document’s text in its own section, in print order', async () => {
    const xml = (await zipParts(fs.readFileSync(kitsFile()))).get('word/document.xml') ?? '';
    const sections = xml.split(/<w:sectPr\b/).slice(0, -1).map((part) => paragraphTexts(part).join('\n'));
    const kits = combined.documents.filter((d) => d.kind === 'kit');
    const stages = new Map(combined.library.stages.map((s) => [s.id, s.name]));
    expect(sections).toHaveLength(kits.length);
    kits.forEach((kit, i) => {
      expect(sections[i], kit.id).toContain(kit.candidateName);
      expect(sections[i], kit.id).toContain(stages.get(kit.stageId ?? '') ?? '?');
      for (const other of PEOPLE.filter((p) => p.name !== kit.candidateName)) expect(sections[i]).not.toContain(other.name);
    });
  });

  it('is a consistent package: ids resolve, parts exist, list instances and drawings are unique', async () => {
    for (const file of [kitsFile(), packetsFile()]) {
      const parts = await zipParts(fs.readFileSync(file));
      const xml = parts.get('word/document.xml') ?? '';
      const rels = parts.get('word/_rels/document.xml.rels') ?? '';
      const relIds = new Set([...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]));
      for (const m of xml.matchAll(/r:(?:id|embed)="([^"]+)"/g)) expect(relIds.has(m[1])).toBe(true);
      for (const m of rels.matchAll(/Target="([^"]+)"/g)) expect(parts.has(`word/${m[1]}`) || /\.(png|jpe?g)$/.test(m[1] ?? '')).toBe(true);
      const types = parts.get('[Content_Types].xml') ?? '';
      for (const name of parts.keys()) if (/^word\/(header|footer)\d+\.xml$/.test(name)) expect(types).toContain(`PartName="/${name}"`);
      const numbering = parts.get('word/numbering.xml') ?? '';
      const nums = new Set([...numbering.matchAll(/<w:num w:numId="(\d+)"/g)].map((m) => m[1]));
      for (const m of xml.matchAll(/<w:numId w:val="(\d+)"/g)) expect(nums.has(m[1])).toBe(true);
      const drawings = [...[...parts.values()].join('').matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1]);
      expect(new Set(drawings).size).toBe(drawings.length);
    }
  });

  it('gives each packet its own footer (it names the candidate)', async () => {
    const parts = await zipParts(fs.readFileSync(packetsFile()));
    const footers = [...parts].filter(([n]) => /^word\/footer\d+\.xml$/.test(n)).map(([, x]) => paragraphTexts(x).join(' '));
    for (const who of ['Ana', 'Zo', 'مريم العلي']) expect(footers.some((f) => f.includes(`Thank you, ${who}`))).toBe(true);
  });

  it.skipIf(skip(['soffice', 'pdfinfo']))(
    'opens in LibreOffice with exactly the pages of the documents printed one by one',
    async () => {
      requireTools(['soffice', 'pdfinfo']);
      const one = await runBatch(single);
      expect(one.failed).toEqual([]);
      const outDir = path.join(dir, 'lo');
      const kits = single.documents.filter((d) => d.kind === 'kit').map((d) => path.join(single.folder, d.files.docx ?? ''));
      run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', outDir, kitsFile(), ...kits], 180_000);
      const pdf = (f: string): string => path.join(outDir, `${path.basename(f, '.docx')}.pdf`);
      const separate = kits.reduce((sum, f) => sum + pageCount(pdf(f)), 0);
      expect(pageCount(pdf(kitsFile()))).toBe(separate);
    },
    240_000,
  );
});

describe.skipIf(skip(['chromium', 'pdfinfo', 'pdftotext']))('combined PDF', () => {
  it('prints every packet once, in one file, with no blank pages', async () => {
    requireTools(['chromium', 'pdfinfo', 'pdftotext']);
    const plan = { ...combined, formats: ['pdf' as const], combinedFiles: { kit: {}, packet: { pdf: 'print-day-packets.pdf' } }, documents: combined.documents.filter((d) => d.kind === 'packet') };
    const printed = await runBatch(plan);
    expect(printed.failed).toEqual([]);
    const file = path.join(plan.folder, 'print-day-packets.pdf');
    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(plan.documents.length * 2);
    for (let p = 1; p <= pages; p++) expect(run('pdftotext', ['-f', String(p), '-l', String(p), file, '-']).trim(), `page ${p}`).not.toBe('');
    const text = pdfText(file).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
    for (const who of ['Thank you, Ana', 'Thank you, Zo', 'Thank you, مريم العلي']) expect(text).toContain(who);
  }, 120_000);
});
