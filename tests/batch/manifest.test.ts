/** The manifest: one row per document with its file and SHA-256, safe to open in a spreadsheet. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary, type Database } from '../../electron/store';
import { csvCell, manifestCsv, planFromLibrary, runBatch, type BatchPlan, type BatchResult } from '../../electron/services/batch';
import { addCandidates, demoLibrary, makeEvent, parseCsv, removeDir, scratchDir } from './helpers';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['  =1+1', "'  =1+1"],
    ['\tcmd', "'\tcmd"],
    ['Ruiz, Ana', '"Ruiz, Ana"'],
    ['Say "hi"', '"Say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['Ana Ruiz', 'Ana Ruiz'],
    ['a-b', 'a-b'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header, CRLF lines and a byte order mark', () => {
    const csv = manifestCsv([{ candidate: 'Ana', document: 'packet', format: 'docx', file: 'a.docx', sha256: 'ab' }]);
    expect(csv).toBe('\uFEFFcandidate,document,format,file,sha256\r\nAna,packet,docx,a.docx,ab\r\n');
  });
});

describe('the manifest of a run', () => {
  let dir = '';
  let db: Database;
  let plan: BatchPlan;
  let result: BatchResult;
  const NAMES = ['=HYPERLINK("http://evil.example","x")', '+44 20 7946 0958', '-Dash', '@Mention', 'Ruiz, "Ana"'];

  beforeAll(async () => {
    dir = scratchDir('manifest');
    ({ db } = await demoLibrary(dir));
    const event = makeEvent(db, 'Manifest Day');
    addCandidates(db, event, NAMES.map((name, i) => ({ name, role: 'Store Associate', time: `1${i}:00` })));
    plan = planFromLibrary(loadLibrary(db), event.id, { outDir: path.join(dir, 'out'), formats: ['docx'] });
    result = await runBatch(plan);
  }, 120_000);

  afterAll(() => {
    db.close();
    removeDir(dir);
  });

  it('has one row per document, in print order, with each file’s real SHA-256', () => {
    const [header, ...rows] = parseCsv(fs.readFileSync(result.manifestPath, 'utf8'));
    expect(header).toEqual(['candidate', 'document', 'format', 'file', 'sha256']);
    expect(rows).toHaveLength(plan.documents.length);
    rows.forEach((row, i) => {
      const doc = plan.documents[i];
      expect(row[1]).toBe(doc?.label);
      expect(row[3]).toBe(doc?.files.docx);
      const bytes = fs.readFileSync(path.join(plan.folder, row[3] ?? ''));
      expect(row[4]).toBe(createHash('sha256').update(bytes).digest('hex'));
    });
  });

  it('neutralises cells a spreadsheet would run as formulas, and keeps the rest as typed', () => {
    const candidates = new Set(parseCsv(fs.readFileSync(result.manifestPath, 'utf8')).slice(1).map((r) => r[0]));
    expect(candidates).toEqual(
      new Set(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+44 20 7946 0958", "'-Dash", "'@Mention", 'Ruiz, "Ana"']),
    );
    const text = fs.readFileSync(result.manifestPath, 'utf8');
    expect(text).not.toMatch(/(^|,|\n)[=+\-@]/);
  });
});
