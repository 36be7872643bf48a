/**
 * A document made by the batch equals the one composeKit / composePacket +
 * renderDocx (and renderHtml, for PDF) make for the same candidate: every
 * part of the .docx, paragraph for paragraph, except the two timestamps in
 * core.xml and the drawing ids the docx package numbers process-wide.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../electron/documents/docx';
import { renderHtml } from '../../electron/documents/html';
import { loadLibrary, type Database } from '../../electron/store';
import { planFromLibrary, runBatch, type BatchPlan, type BatchResult } from '../../electron/services/batch';
import { DocumentFactory, composeDocument } from '../../electron/services/batch/factory';
import { paragraphTexts } from '../documents/fixtures';
import { addCandidates, demoLibrary, makeEvent, normaliseDrawings, removeDir, scratchDir, withoutTimes, zipParts } from './helpers';

const HOSTILE = [
  { name: 'Ana & <Bob> "Quote" O’Neil', preferredName: 'Ana', pronouns: 'she/her', role: 'Store Associate', time: '09:00' },
  { name: 'Zoë 🙂 Brontë', role: 'Store Associate', time: '09:45' },
  { name: 'مريم العلي', preferredName: 'مريم', pronouns: 'هي', role: 'Customer Support Specialist', time: '10:30' },
  { name: "D'Arcy", preferredName: "D'Arcy", pronouns: 'they/them', role: 'Store Shift Lead', time: '13:15' },
  { name: 'No Time Given', preferredName: 'Nat', role: 'Store Associate' },
  { name: 'Two\nLines', role: 'Store Associate', time: '11:00' },
  { name: 'Private \uE000 Mark', role: 'Fulfillment Associate', time: '12:00' },
] as const;

let dir = '';
let db: Database;
let plan: BatchPlan;
let result: BatchResult;

beforeAll(async () => {
  dir = scratchDir('equal');
  ({ db } = await demoLibrary(dir));
  const event = makeEvent(db, 'Equality Day');
  addCandidates(db, event, HOSTILE);
  plan = planFromLibrary(loadLibrary(db), event.id, { outDir: path.join(dir, 'out'), formats: ['docx'] });
  result = await runBatch(plan);
}, 120_000);

afterAll(() => {
  db.close();
  removeDir(dir);
});

describe('batch documents equal single documents', () => {
  it('writes every document, most from templates and the rest in full', () => {
    expect(result.failed).toEqual([]);
    expect(result.written).toHaveLength(plan.documents.length);
    // One template per role and stage (or role), not one render per document…
    expect(result.stats.templates).toBeLessThan(plan.documents.length);
    // …and a full render for the text a slot cannot hold (a line break, a private-use mark).
    const special = plan.documents.filter((d) => /\n|\uE000/.test(d.candidateName));
    expect(result.stats.fullRenders).toBe(special.length);
  });

  it('every part of every .docx equals what renderDocx makes for that candidate', async () => {
    for (const doc of plan.documents) {
      const expected = await zipParts(await renderDocx(composeDocument(plan.library, doc, doc.candidateId).doc));
      const actual = await zipParts(fs.readFileSync(path.join(plan.folder, doc.files.docx ?? '')));
      expect([...actual.keys()].sort(), doc.id).toEqual([...expected.keys()].sort());
      for (const [name, xml] of expected) {
        const got = actual.get(name) ?? '';
        if (name === 'docProps/core.xml') expect(withoutTimes(got), `${doc.id} ${name}`).toBe(withoutTimes(xml));
        else expect(normaliseDrawings(got), `${doc.id} ${name}`).toBe(normaliseDrawings(xml));
      }
    }
  });

  it('the paragraphs read the same, with the names as typed', async () => {
    for (const doc of plan.documents.filter((d) => d.kind === 'kit')) {
      const expected = paragraphTexts((await zipParts(await renderDocx(composeDocument(plan.library, doc, doc.candidateId).doc))).get('word/document.xml') ?? '');
      const actual = paragraphTexts((await zipParts(fs.readFileSync(path.join(plan.folder, doc.files.docx ?? '')))).get('word/document.xml') ?? '');
      expect(actual).toEqual(expected);
      expect(actual.join('\n')).toContain(doc.candidateName.split('\n')[0]);
    }
  });

  it('kits are timed back to back from the candidate’s interview time', () => {
    const ana = plan.documents.filter((d) => d.candidateName.startsWith('Ana') && d.kind === 'kit');
    expect(ana.map((d) => d.kit?.date)).toEqual(['2027-05-01T09:00', '2027-05-01T09:30']);
    const noTime = plan.documents.find((d) => d.candidateName === 'No Time Given' && d.kind === 'kit');
    expect(noTime?.kit?.date).toBe('2027-05-01');
  });

  it('the HTML for PDF equals renderHtml, escaping included', async () => {
    const factory = new DocumentFactory(plan.library, { docx: false, html: true });
    for (const key of new Set(plan.documents.map((d) => d.templateKey))) {
      await factory.prepare(plan.documents.filter((d) => d.templateKey === key));
    }
    for (const doc of plan.documents) {
      const made = await factory.make(doc);
      expect(made.html, doc.id).toBe(renderHtml(composeDocument(plan.library, doc, doc.candidateId).doc));
    }
  });

  it('makes the same bytes again (so a rerun can skip by SHA-256)', async () => {
    const again = await runBatch(plan, { workers: 1 });
    expect(again.written).toEqual([]);
    expect(again.skipped).toHaveLength(plan.documents.length);
  }, 60_000);
});
