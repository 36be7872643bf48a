/**
 * Hostile logos (issue #6): files that are not images, images cut short or
 * damaged, a header claiming 100000×100000 pixels, a file above the limit,
 * images under the wrong extension, GIF, WebP, an SVG with a script
 * (tests/fixtures/hostile/logos/corpus.json). Each goes through the paths a
 * logo takes: the company form's check of the chosen file (logoFromBytes),
 * the app's save request (IPC company.save, as a window could send it), and
 * the kit and packet it ends up in. Each is refused saying which file and
 * why, or becomes a logo that LibreOffice, pandoc and Chromium show.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../electron/documents';
import { exportKit, exportPacket, type WrittenFile } from '../../electron/services/documents';
import { createDispatcher, createHandlers, type Dispatch, type Platform } from '../../electron/services/ipc';
import { create, getCompany, openLibrary, saveCompany, type Database } from '../../electron/store';
import { ValidationError } from '../../shared/errors';
import { MAX_LOGO_BYTES, bytesToBase64, logoFromBytes, quoteFileName } from '../../shared/images';
import type { Logo } from '../../shared/schemas';
import { corpus, logoFile, writeHugeLogo, type LogoCase } from '../fixtures/hostile/logos/make-logos';
import { figure } from '../helpers/figures';
import { announceMissing, onPath, requireTools, skip } from '../helpers/tools';
import { libreOfficeToPdf, pandocTextAsync, pdfPagesAsync, pool, tableCounts } from './docs-helpers';

const READERS = ['soffice', 'pandoc', 'pdfinfo'] as const;
announceMissing([...READERS, 'chromium']);
const noReaders = skip([...READERS]) || (onPath('pdfimages') === null && process.env.IKIT_REQUIRE_TOOLS !== '1');
if (onPath('pdfimages') === null && process.env.IKIT_REQUIRE_TOOLS !== '1') console.warn('SKIPPED: pdfimages not found — install poppler-utils to run the logo reader tests');

const CASES = corpus();
const accepted = CASES.filter((c): c is LogoCase & { expect: { accepted: Logo } } => 'accepted' in c.expect);
const refused = CASES.filter((c): c is LogoCase & { expect: { refused: string } } => 'refused' in c.expect);
const COMPANY = 'Logo Test Co';

const noPlatform: Platform = {
  chooseSavePath: async () => null,
  chooseFolder: async () => null,
  printer: async () => ({ print: async () => Buffer.from('') }),
  writeFile: () => undefined,
};

let work = '';
let db: Database;
let dispatch: Dispatch;
let roleId = '';
let stageId = '';
let candidateId = '';
let huge = '';
/** Per accepted logo: the logo as stored, and the kit and packet made with it. */
const made: { c: LogoCase; logo: Logo; files: WrittenFile[] }[] = [];
const crashes: string[] = [];
let converted: Promise<Map<string, string | null>> | null = null;

const bytesOf = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file));
const logoOf = (c: LogoCase): Logo => logoFromBytes(bytesOf(logoFile(c.file)), 'company profile', 'logo', c.file);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-hostile-logos-'));
  const file = path.join(work, 'library.db');
  ({ db } = await openLibrary(file));
  dispatch = createDispatcher(createHandlers({ db, libraryPath: file, platform: noPlatform }));
  saveCompany(db, { name: COMPANY, mission: 'Make logos behave.' });
  const c = create(db, 'competencies', {
    name: 'Care',
    definition: 'Looks after the details.',
    ratingGuide: [1, 2, 3, 4].map((level) => ({ level, label: `Level ${level}`, anchor: `Anchor ${level}` })),
  });
  const bank = create(db, 'questionBanks', { name: 'Core' });
  const q = create(db, 'questions', { bankId: bank.id, text: 'Tell me about a detail you caught.', type: 'behavioural', competencyIds: [c.id], minutes: 5 });
  roleId = create(db, 'roles', { title: 'Designer', employmentType: 'full-time', competencyIds: [c.id] }).id;
  stageId = create(db, 'stages', { roleId, name: 'Portfolio', durationMinutes: 30, format: 'video', questionIds: [q.id], focusCompetencyIds: [c.id] }).id;
  candidateId = create(db, 'candidates', { name: 'Ana Ruiz', roleId }).id;
  huge = writeHugeLogo(work);

  // Each accepted logo: saved through the app's request, then a kit and a packet made with it.
  for (const c of accepted) {
    try {
      const logo = logoOf(c);
      const saved = await dispatch('company.save', { name: COMPANY, logo });
      if (!saved.ok) throw new Error(JSON.stringify(saved.error));
      const outDir = path.join(work, c.file.replace(/\W/g, '_'));
      const kit = await exportKit(db, { role: roleId, stage: stageId, candidate: candidateId }, { outDir, formats: ['docx', 'html'] });
      const packet = await exportPacket(db, { role: roleId, candidate: candidateId }, { outDir, formats: ['docx', 'html'] });
      made.push({ c, logo, files: [...kit.files, ...packet.files] });
    } catch (err) {
      crashes.push(`${c.file}: ${String(err)}`);
    }
  }
  if (!noReaders) {
    converted = libreOfficeToPdf(made.flatMap((m) => m.files.filter((f) => f.format === 'docx').map((f) => f.path)), work);
    converted.catch(() => undefined);
  }
}, 60_000);

afterAll(() => {
  if (db?.open) db.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('choosing a logo file (the company form’s check)', () => {
  it.each(refused.map((c) => [c.file, c] as const))('refuses %s, naming the file and saying why', (_name, c) => {
    let error: unknown = null;
    try {
      logoOf(c);
    } catch (err) {
      error = err;
    }
    expect(error, c.what).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems[0]?.field).toBe('logo');
    expect(v.message.startsWith(`Invalid company profile: logo file "${c.file}" `), v.message).toBe(true);
    expect(v.message).toMatch(new RegExp(c.expect.refused));
  });

  it.each(accepted.map((c) => [c.file, c] as const))('accepts %s by its content, whatever its name', (_name, c) => {
    const logo = logoOf(c);
    expect({ mime: logo.mime, width: logo.width, height: logo.height }).toEqual(c.expect.accepted);
  });

  it('refuses a logo above the 3 MB limit (generated), and names a hostile file name without its tricks', ({ task }) => {
    const bytes = bytesOf(huge);
    expect(bytes.length).toBeGreaterThan(MAX_LOGO_BYTES);
    expect(() => logoFromBytes(bytes, 'company profile', 'logo', 'huge-logo.png')).toThrow(
      /^Invalid company profile: logo file "huge-logo\.png" is 3\.\d MB; the limit is 3 MB$/,
    );
    // A file name with a right-to-left override (shows as "evilgnp.svg" → "evilgvs.png"): spelled out, not obeyed.
    const svg = bytesOf(logoFile('script.svg'));
    expect(() => logoFromBytes(svg, 'company profile', 'logo', 'evil\u202Egnp.svg')).toThrow('logo file "evil\\u202Egnp.svg" is not a PNG or JPEG image: it is an SVG drawing');
    expect(quoteFileName('a\nb\u0000c')).toBe('"a\\u000Ab\\u0000c"');
    figure(task, 'Hostile input', 'logos tried / refused clearly', `${CASES.length + 1} / ${refused.length + 1} (each refusal names the file and the reason)`);
  });

  it('keeps only the image of a file with something glued on after it', () => {
    const polyglot = CASES.find((c) => c.file === 'polyglot.png') as LogoCase;
    expect(Buffer.from(logoOf(polyglot).data, 'base64')).toEqual(fs.readFileSync(logoFile('logo.png')));
  });
});

describe('saving a logo (the request a window sends, and the store behind it)', () => {
  it('refuses every refused file however it is sent, and changes nothing', async () => {
    const before = tableCounts(db);
    const company = getCompany(db);
    for (const c of [...refused.filter((x) => !x.whenStored), { file: 'huge-logo.png', what: 'too big', expect: { refused: '' } }]) {
      const bytes = c.file === 'huge-logo.png' ? bytesOf(huge) : bytesOf(logoFile(c.file));
      // As a window could send it, past the form's check: the bytes under a plausible type and size.
      const r = await dispatch('company.save', { name: COMPANY, logo: { mime: 'image/png', data: bytesToBase64(bytes), width: 160, height: 48 } });
      expect(r.ok, c.file).toBe(false);
      expect(JSON.stringify(r), c.file).toMatch(/"code":"validation".*Invalid company profile: logo/);
    }
    // A real image that lies about its type or its size.
    const png = bytesToBase64(bytesOf(logoFile('logo.png')));
    const lies = [
      { mime: 'image/jpeg', data: png, width: 160, height: 48 },
      { mime: 'image/png', data: png, width: 1, height: 100000 },
      { mime: 'image/svg+xml', data: png, width: 160, height: 48 },
      { mime: 'image/png', data: `${png.slice(0, 20)}<script>`, width: 160, height: 48 },
    ];
    const messages = [];
    for (const logo of lies) {
      const r = await dispatch('company.save', { name: COMPANY, logo });
      expect(r.ok).toBe(false);
      messages.push((r as { error: { message: string } }).error.message);
    }
    expect(messages).toEqual([
      'Invalid company profile: logo says image/jpeg but holds image/png',
      'Invalid company profile: logo says 1×100000 pixels but the image is 160×48',
      'Invalid company profile: logo.mime must be one of: image/png, image/jpeg',
      'Invalid company profile: logo is not valid base64 image data',
    ]);
    expect(tableCounts(db)).toEqual(before);
    expect(getCompany(db)).toEqual(company);
  });

  it('keeps a stored logo whose only fault is a PNG checksum: the profile can still be saved', async () => {
    const damaged = { mime: 'image/png', data: bytesToBase64(bytesOf(logoFile('bad-checksum.png'))), width: 160, height: 48 };
    const { db: other } = await openLibrary(path.join(work, 'stored-logo.db'));
    try {
      saveCompany(other, { name: 'Saved before checksums were checked', logo: damaged });
      expect(saveCompany(other, { tagline: 'Edited later' }).logo).toEqual(damaged);
    } finally {
      other.close();
    }
  });

  it('saves every accepted logo, and the kit and packet carry it as it is', async ({ task }) => {
    expect(crashes).toEqual([]);
    expect(made.map((m) => m.c.file)).toEqual(accepted.map((c) => c.file));
    for (const { c, logo, files } of made) {
      const image = Buffer.from(logo.data, 'base64');
      for (const f of files.filter((x) => x.format === 'docx')) {
        const zip = await JSZip.loadAsync(fs.readFileSync(f.path));
        const media = await Promise.all(Object.values(zip.files).filter((z) => z.name.startsWith('word/media/')).map((z) => z.async('nodebuffer')));
        expect(media.some((m) => m.equals(image)), `${c.file} in ${path.basename(f.path)}`).toBe(true);
      }
      for (const f of files.filter((x) => x.format === 'html')) {
        expect(fs.readFileSync(f.path, 'utf8'), c.file).toContain(`data:${logo.mime};base64,${logo.data}`);
      }
    }
    figure(task, 'Hostile input', 'logos accepted (by content, whatever the extension)', `${made.length} of ${accepted.length}`);
  });
});

describe.skipIf(noReaders)('documents with each accepted logo, opened by real readers', () => {
  it('LibreOffice shows the logo in every kit and packet', async ({ task }) => {
    requireTools([...READERS]);
    const pdfimages = onPath('pdfimages');
    if (!pdfimages) throw new Error('IKIT_REQUIRE_TOOLS=1 but pdfimages not found — install poppler-utils');
    const pdfs = await (converted as Promise<Map<string, string | null>>);
    const { execFileSync } = await import('node:child_process');
    for (const { c, logo, files } of made) {
      for (const f of files.filter((x) => x.format === 'docx')) {
        const pdf = pdfs.get(f.path);
        expect(pdf, `${c.file}: ${path.basename(f.path)}`).toBeTruthy();
        expect(await pdfPagesAsync(pdf ?? '')).toBeGreaterThan(0);
        const rows = execFileSync(pdfimages, ['-list', pdf ?? ''], { encoding: 'utf8' }).split('\n').slice(2);
        const sizes = rows.map((r) => r.trim().split(/\s+/)).filter((r) => r[2] === 'image').map((r) => `${r[3]}x${r[4]}`);
        expect(sizes, `${c.file} in ${path.basename(f.path)}`).toContain(`${logo.width}x${logo.height}`);
      }
    }
    figure(task, 'Hostile input', 'documents with a hostile-corpus logo opened in LibreOffice (logo shown)', pdfs.size);
  }, 120_000);

  it('pandoc sees the logo as an image in every Word file', async () => {
    requireTools(['pandoc']);
    const docx = made.flatMap((m) => m.files.filter((f) => f.format === 'docx').map((f) => f.path));
    const texts = await pool(docx, 3, (file) => pandocTextAsync(file));
    for (const [i, text] of texts.entries()) expect(text, docx[i]).toContain(`[${COMPANY} logo]`);
  });
});

describe.skipIf(skip(['chromium', 'pdfinfo']))('the HTML previews, printed by Chromium as the app prints them', () => {
  /** One of each kind a browser decodes differently (printing takes half a second each). */
  const KINDS = ['logo.png', 'cmyk.jpg', 'progressive.jpg', 'gray-16bit.png', 'very-wide.png'];

  it('print with the logo in them, whatever kind of PNG or JPEG it is', async () => {
    requireTools(['chromium', 'pdfinfo']);
    const pdfimages = onPath('pdfimages');
    const printer = await PdfPrinter.launch();
    const { execFileSync } = await import('node:child_process');
    try {
      for (const { c, logo, files } of made.filter((m) => KINDS.includes(m.c.file))) {
        const html = files.find((f) => f.format === 'html' && f.path.includes('packet'));
        const pdf = path.join(work, `${crypto.randomUUID()}.pdf`);
        fs.writeFileSync(pdf, await printer.print(fs.readFileSync(html?.path ?? '', 'utf8')));
        expect(await pdfPagesAsync(pdf), c.file).toBeGreaterThan(0);
        if (pdfimages) {
          const list = execFileSync(pdfimages, ['-list', pdf], { encoding: 'utf8' });
          expect(list.split('\n').slice(2).filter((r) => / image /.test(r)).length, `${c.file} (${logo.mime})`).toBeGreaterThan(0);
        }
      }
    } finally {
      await printer.close();
    }
  }, 60_000);
});
