/**
 * The documents, opened by real readers: LibreOffice converts the .docx files
 * to PDF, pandoc reads them as text, poppler checks the PDFs, and Chromium
 * prints the HTML. A missing program skips its tests with a loud warning, or
 * fails them when IKIT_REQUIRE_TOOLS=1 (as CI should set).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter, composeKit, composePacket, findChromium, renderDocx, renderHtml } from '../../electron/documents';
import { IDS, makeLibrary, questionOf } from '../documents/fixtures';

const REQUIRED = process.env.IKIT_REQUIRE_TOOLS === '1';

function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(dir, program);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}

const TOOLS = {
  soffice: { path: onPath('soffice') ?? onPath('libreoffice'), missing: 'LibreOffice (soffice) not found — install libreoffice-writer to run the document reader tests' },
  pandoc: { path: onPath('pandoc'), missing: 'pandoc not found — install pandoc to run the document reader tests' },
  pdfinfo: { path: onPath('pdfinfo'), missing: 'pdfinfo not found — install poppler-utils to run the document reader tests' },
  pdftotext: { path: onPath('pdftotext'), missing: 'pdftotext not found — install poppler-utils to run the document reader tests' },
  chromium: { path: findChromium(), missing: 'Chromium not found — install chromium (or set CHROMIUM_PATH) to run the PDF printing tests' },
} as const;
type Tool = keyof typeof TOOLS;

const absent = (needs: Tool[]): Tool[] => needs.filter((t) => !TOOLS[t].path);
for (const tool of Object.keys(TOOLS) as Tool[]) {
  if (!TOOLS[tool].path && !REQUIRED) console.warn(`SKIPPED: ${TOOLS[tool].missing}`);
}
/** Skip when a program is missing, unless IKIT_REQUIRE_TOOLS=1: then run, and fail saying which. */
const skip = (needs: Tool[]): boolean => !REQUIRED && absent(needs).length > 0;
function requireTools(needs: Tool[]): void {
  const missing = absent(needs);
  if (missing.length > 0) throw new Error(`IKIT_REQUIRE_TOOLS=1 but: ${missing.map((t) => TOOLS[t].missing).join('; ')}`);
}

function tool(name: Tool): string {
  const p = TOOLS[name].path;
  if (!p) throw new Error(TOOLS[name].missing);
  return p;
}

const run = (name: Tool, args: string[], timeout = 60_000): string =>
  execFileSync(tool(name), args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
const flat = (s: string): string => s.replace(/\s+/g, ' ');
const pageCount = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1] ?? 0);
const pdfText = (pdf: string): string => flat(run('pdftotext', [pdf, '-']));

const lib = makeLibrary();
const QUESTION = questionOf(lib, IDS.q[0]).text;
const kit = composeKit(lib, { roleId: IDS.roleEngineer, stageId: IDS.stageTechnical, candidateId: IDS.candidate }).doc;
const packet = composePacket(lib, { roleId: IDS.roleEngineer, candidateId: IDS.candidate }).doc;

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-readers-'));
  fs.writeFileSync(file('kit.docx'), await renderDocx(kit));
  fs.writeFileSync(file('packet.docx'), await renderDocx(packet));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip(['soffice', 'pdfinfo', 'pdftotext']))('LibreOffice opens the Word files', () => {
  it('converts the kit and the packet to PDF with the expected text', () => {
    requireTools(['soffice', 'pdfinfo', 'pdftotext']);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-lo-profile-'));
    try {
      run(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file('kit.docx'), file('packet.docx')],
        180_000,
      );
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
    expect(pageCount(file('kit.pdf'))).toBeGreaterThan(1);
    expect(pageCount(file('packet.pdf'))).toBeGreaterThan(1);
    const kitText = pdfText(file('kit.pdf'));
    expect(kitText).toContain(QUESTION);
    expect(kitText).toContain('Alexandra Rivera');
    expect(kitText).toMatch(/Page 2 of \d+/);
    const packetText = pdfText(file('packet.pdf'));
    expect(packetText).toContain('Thank you, Alex');
    expect(packetText).toContain('Learning budget');
  }, 200_000);
});

describe.skipIf(skip(['pandoc']))('pandoc reads the Word files', () => {
  it('reads the kit and the packet as text', () => {
    requireTools(['pandoc']);
    const kitText = flat(run('pandoc', ['-f', 'docx', '-t', 'plain', file('kit.docx')]));
    expect(kitText).toContain(QUESTION);
    expect(kitText).toContain('Alexandra Rivera');
    const packetText = flat(run('pandoc', ['-f', 'docx', '-t', 'plain', file('packet.docx')]));
    expect(packetText).toContain('Thank you, Alex');
    expect(packetText).toContain('401(k) match');
  });

  it('sees the headings as headings', () => {
    requireTools(['pandoc']);
    const markdown = run('pandoc', ['-f', 'docx', '-t', 'markdown', file('kit.docx')]);
    expect(markdown).toMatch(/^# Questions$/m);
    expect(markdown).toMatch(/^## Problem solving$/m);
  });
});

describe.skipIf(skip(['chromium', 'pdfinfo', 'pdftotext']))('Chromium prints the HTML', () => {
  it('prints the kit and the packet with one browser', async () => {
    requireTools(['chromium', 'pdfinfo', 'pdftotext']);
    const printer = await PdfPrinter.launch();
    try {
      fs.writeFileSync(file('kit-html.pdf'), await printer.print(renderHtml(kit)));
      fs.writeFileSync(file('packet-html.pdf'), await printer.print(renderHtml(packet)));
    } finally {
      await printer.close();
    }
    expect(pageCount(file('kit-html.pdf'))).toBeGreaterThan(1);
    expect(run('pdfinfo', [file('kit-html.pdf')])).toMatch(/Page size:\s+612 x 792 pts/);
    const kitText = pdfText(file('kit-html.pdf'));
    expect(kitText).toContain(QUESTION);
    expect(kitText).toContain('Alexandra Rivera');
    expect(kitText).toMatch(/Page 2 of \d+/);
    expect(pdfText(file('packet-html.pdf'))).toContain('Learning budget');
  }, 120_000);
});
