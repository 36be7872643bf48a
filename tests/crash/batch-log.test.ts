/**
 * The export log after an event batch cut short. A run writes its files, then
 * logs them (logBatch); a crash in between leaves files the log does not know
 * of, and the next run skips them (same bytes). The log must still end up
 * recording every file of the folder with its SHA-256, once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logBatch, planBatch, runBatch, type BatchPlan } from '../../electron/services/batch';
import { sha256, type Database } from '../../electron/store';
import { addCandidates, crowd, demoLibrary, makeEvent, removeDir, scratchDir } from '../batch/helpers';

let dir = '';
let db: Database;
let plan: BatchPlan;

beforeAll(async () => {
  dir = scratchDir('log');
  ({ db } = await demoLibrary(dir));
  const event = makeEvent(db, 'Log Day');
  addCandidates(db, event, crowd(3));
  plan = planBatch(db, event.id, { outDir: path.join(dir, 'out'), formats: ['docx'] });
});

afterAll(() => {
  db.close();
  removeDir(dir);
});

/** Each file of the folder → the SHA-256 of its latest entry in the export log, and how many entries it has. */
function logged(): Map<string, { sha256: string; entries: number }> {
  const rows = db.prepare(`SELECT path, sha256 FROM export_log ORDER BY rowid`).all() as { path: string; sha256: string }[];
  const out = new Map<string, { sha256: string; entries: number }>();
  for (const r of rows) out.set(path.basename(r.path), { sha256: r.sha256, entries: (out.get(path.basename(r.path))?.entries ?? 0) + 1 });
  return out;
}

const onDisk = (): Map<string, string> =>
  new Map(
    fs
      .readdirSync(plan.folder)
      .filter((n) => n.endsWith('.docx'))
      .map((n) => [n, sha256(fs.readFileSync(path.join(plan.folder, n)))]),
  );

describe('the export log of an event batch', () => {
  it('records the files a run cut short wrote, when the next run finds them there', async () => {
    // A run cut short after writing its files, before logging them.
    const cut = await runBatch(plan, { workers: 1 });
    expect(cut.written).toHaveLength(plan.documents.length);
    expect(logged().size).toBe(0);

    // The user runs the batch again: every file is there already, and skipped.
    const again = await runBatch(plan, { workers: 1 });
    expect(again.skipped).toHaveLength(plan.documents.length);
    logBatch(db, plan, again);
    const files = onDisk();
    expect(files.size).toBe(plan.documents.length);
    expect(new Map([...logged()].map(([name, l]) => [name, l.sha256]))).toEqual(files);

    // Another run that finds them all there again (the same result) finds them logged: nothing is logged twice.
    logBatch(db, plan, again);
    expect([...logged().values()].map((l) => l.entries)).toEqual(Array<number>(plan.documents.length).fill(1));
  });
});
