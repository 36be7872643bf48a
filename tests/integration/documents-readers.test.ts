/**
 * The documents, opened by real readers: LibreOffice converts the .docx files
 * to PDF, pandoc reads them as text, poppler checks the PDFs, and Chromium
 * prints the HTML. A missing program skips its tests with a loud warning, or
 * fails them when IKIT_REQUIRE_TOOLS=1 (as CI should set).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter, composeKit, composePacket, renderDocx, renderHtml } from '../../electron/documents';
import { IDS, makeLibrary, questionOf } from '../documents/fixtures';
import { announceMissing, flat, pageCount, pdfText, requireTools, run, skip } from '../helpers/tools';

announceMissing(['soffice', 'pandoc', 'pdfinfo', 'pdftotext', 'chromium']);

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
