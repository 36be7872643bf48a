import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupQuestions } from '../../electron/documents';
import { findByKey, listExports, openLibrary } from '../../electron/store';
import { docxParts, paragraphTexts, part } from '../documents/fixtures';
import { ikit } from '../helpers/cli';
import { announceMissing, pageCount, requireTools, skip } from '../helpers/tools';

announceMissing(['chromium', 'pdfinfo']);

let dir = '';
let db = '';
const ROLE = 'Customer Support Specialist';
const STAGE = 'Team interview';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-doc-cli-'));
  db = path.join(dir, 'demo.db');
  expect((await ikit('init', '--demo', '--db', db)).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The stage's questions in the order the kit prints them: grouped by focus competency, stage order within. */
async function stageQuestions(): Promise<string[]> {
  const { db: lib } = await openLibrary(db);
  try {
    const role = findByKey(lib, 'roles', ROLE);
    const stage = findByKey(lib, 'stages', STAGE, (s) => s.roleId === role.id);
    const questions = stage.questionIds.map((id) => findByKey(lib, 'questions', id));
    const focus = stage.focusCompetencyIds.map((id) => findByKey(lib, 'competencies', id));
    expect(questions.length).toBeGreaterThan(3);
    return groupQuestions(questions, focus).flatMap((g) => g.questions.map((q) => q.text));
  } finally {
    lib.close();
  }
}

describe('ikit kit', () => {
  it('writes the candidate’s kit as .docx with every stage question in order, and logs the export', async () => {
    const out = path.join(dir, 'kits');
    const r = await ikit('kit', '--role', ROLE, '--stage', STAGE, '--candidate', 'Ana Ruiz', '--out', out, '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = r.json<{ files: string[]; warnings: unknown[] }>();
    expect(result.files).toEqual([path.join(out, 'ana-ruiz-customer-support-specialist-team-interview-kit.docx')]);
    expect(Array.isArray(result.warnings)).toBe(true);

    const parts = await docxParts(fs.readFileSync(result.files[0] ?? ''));
    const text = paragraphTexts(part(parts, 'word/document.xml')).join('\n');
    expect(text).toContain('Ana Ruiz');
    let at = -1;
    for (const q of await stageQuestions()) {
      const next = text.indexOf(q, at + 1);
      expect(next, `question missing or out of order: ${q}`).toBeGreaterThan(at);
      at = next;
    }
    const { db: lib } = await openLibrary(db);
    const log = listExports(lib);
    lib.close();
    expect(log[0]).toMatchObject({ kind: 'kit', format: 'docx', path: result.files[0], subject: `Ana Ruiz, ${ROLE}, ${STAGE}` });
    expect(log[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never overwrites silently: a second run gets a numbered name, --force replaces', async () => {
    const out = path.join(dir, 'again');
    const args = ['kit', '--role', ROLE, '--stage', STAGE, '--out', out, '--db', db, '--json'];
    const first = (await ikit(...args)).json<{ files: string[] }>().files[0] ?? '';
    const second = (await ikit(...args)).json<{ files: string[] }>().files[0] ?? '';
    expect(path.basename(first)).toBe('customer-support-specialist-team-interview-kit.docx');
    expect(path.basename(second)).toBe('customer-support-specialist-team-interview-kit-2.docx');
    const forced = (await ikit(...args, '--force')).json<{ files: string[] }>().files[0];
    expect(forced).toBe(first);
    expect(fs.readdirSync(out).sort()).toEqual([path.basename(first), path.basename(second)].sort());
  });

  it('names the closest matches for an unknown role or stage, and writes nothing', async () => {
    const out = path.join(dir, 'none');
    const role = await ikit('kit', '--role', 'Custmer Suport Specialist', '--stage', STAGE, '--out', out, '--db', db);
    expect(role.code).toBe(1);
    expect(role.stderr).toBe('ikit: No role matches "Custmer Suport Specialist". Did you mean: "Customer Support Specialist"?\n');
    const stage = await ikit('kit', '--role', ROLE, '--stage', 'Team intervew', '--out', out, '--db', db);
    expect(stage.stderr).toMatch(/No stage matches "Team intervew". Did you mean: "Team interview"\?/);
    const format = await ikit('kit', '--role', ROLE, '--stage', STAGE, '--format', 'odt', '--out', out, '--db', db);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one or more of docx, pdf, html/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes standalone HTML for print', async () => {
    const out = path.join(dir, 'html');
    const r = await ikit('kit', '--role', ROLE, '--stage', STAGE, '--format', 'html', '--out', out, '--db', db, '--json');
    const file = r.json<{ files: string[] }>().files[0] ?? '';
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/@page\s*\{[^}]*size:\s*Letter/);
    expect(html).not.toMatch(/<script|https?:\/\/[^"]*\.(css|js)/);
  });
});

describe('ikit packet', () => {
  it('writes the candidate’s packet with their eligible benefits', async () => {
    const out = path.join(dir, 'packets');
    const r = await ikit('packet', '--role', ROLE, '--candidate', 'Ana Ruiz', '--out', out, '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const file = r.json<{ files: string[] }>().files[0] ?? '';
    expect(path.basename(file)).toBe('ana-ruiz-customer-support-specialist-packet.docx');
    const text = paragraphTexts(part(await docxParts(fs.readFileSync(file)), 'word/document.xml')).join('\n');
    expect(text).toMatch(/Thank you, Ana/);
    expect(text).toContain('Fernbrook Outfitters');
  });
});

describe.skipIf(skip(['chromium', 'pdfinfo']))('PDF from the command line', () => {
  it('prints a kit and a packet to multi-page PDFs with one browser', async () => {
    requireTools(['chromium', 'pdfinfo']);
    const out = path.join(dir, 'pdf');
    const kit = await ikit('kit', '--role', ROLE, '--stage', STAGE, '--candidate', 'Ana Ruiz', '--format', 'pdf', '--out', out, '--db', db, '--json');
    expect(kit.code, kit.stderr).toBe(0);
    const kitPdf = kit.json<{ files: string[] }>().files[0] ?? '';
    expect(fs.readFileSync(kitPdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(kitPdf)).toBeGreaterThan(3);
    const packet = await ikit('packet', '--role', ROLE, '--candidate', 'Ana Ruiz', '--format', 'docx,pdf', '--out', out, '--db', db, '--json');
    expect(packet.json<{ files: string[] }>().files.map((f) => path.extname(f))).toEqual(['.docx', '.pdf']);
  }, 60_000);
});
