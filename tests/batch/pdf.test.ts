/** PDFs for each document: printed with one browser, pages reused; a rerun reprints only what changed. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary, type Database } from '../../electron/store';
import { planFromLibrary, runBatch, type BatchPlan } from '../../electron/services/batch';
import { announceMissing, pageCount, pdfText, requireTools, skip } from '../helpers/tools';
import { addCandidates, demoLibrary, makeEvent, parseCsv, removeDir, scratchDir } from './helpers';

announceMissing(['chromium', 'pdfinfo', 'pdftotext']);

describe.skipIf(skip(['chromium', 'pdfinfo', 'pdftotext']))('PDF per document', () => {
  let dir = '';
  let db: Database;
  let plan: BatchPlan;

  beforeAll(async () => {
    dir = scratchDir('pdf');
    ({ db } = await demoLibrary(dir));
    const event = makeEvent(db, 'PDF Day');
    addCandidates(db, event, [
      { name: 'Ana & <Bob>', preferredName: 'Ana', role: 'Store Associate', time: '09:00' },
      { name: 'Zoë Brontë', role: 'Fulfillment Associate', time: '10:00' },
    ]);
    plan = planFromLibrary(loadLibrary(db), event.id, { outDir: path.join(dir, 'out'), formats: ['docx', 'pdf'] });
  });

  afterAll(() => {
    db.close();
    removeDir(dir);
  });

  it('prints every document next to its .docx and lists both in the manifest', async () => {
    requireTools(['chromium', 'pdfinfo', 'pdftotext']);
    const result = await runBatch(plan);
    expect(result.failed).toEqual([]);
    expect(result.written).toHaveLength(plan.documents.length * 2);
    for (const doc of plan.documents) {
      const pdf = path.join(plan.folder, doc.files.pdf ?? '');
      expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pageCount(pdf)).toBeGreaterThan(1);
      expect(pdfText(pdf)).toContain(doc.kind === 'packet' ? 'Thank you,' : 'Interview kit');
    }
    const rows = parseCsv(fs.readFileSync(result.manifestPath, 'utf8')).slice(1);
    expect(rows.map((r) => r[2])).toEqual(plan.documents.flatMap(() => ['docx', 'pdf']));
  }, 180_000);

  it('reprints nothing on a rerun, and only a PDF that was changed', async () => {
    const again = await runBatch(plan);
    expect(again.written).toEqual([]);
    expect(again.skipped).toHaveLength(plan.documents.length * 2);
    const victim = path.join(plan.folder, plan.documents[0]?.files.pdf ?? '');
    fs.writeFileSync(victim, 'scribbled on');
    const third = await runBatch(plan);
    expect(third.written.map((f) => f.file)).toEqual([victim]);
    expect(fs.readFileSync(victim).subarray(0, 5).toString()).toBe('%PDF-');
  }, 180_000);
});
