/** Event-day sheets: the check-in list and the interviewer schedules, composed into the document model. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCheckIn, composeSchedules, eventInterviews } from '../../electron/documents/sheets';
import { renderDocx } from '../../electron/documents/docx';
import { renderHtml } from '../../electron/documents/html';
import { create, findByKey, listExports, loadLibrary, update, type Database } from '../../electron/store';
import { planFromLibrary, writeEventSheets } from '../../electron/services/batch';
import { blockText, flattenBlocks, type TableBlock } from '../../shared/document-model';
import type { HiringEvent, Library } from '../../shared/schemas';
import { paragraphTexts } from '../documents/fixtures';
import { addCandidates, crowd, demoLibrary, makeEvent, removeDir, scratchDir, zipParts } from './helpers';

let dir = '';
let db: Database;
let event: HiringEvent;
let lib: Library;

beforeAll(async () => {
  dir = scratchDir('sheets');
  ({ db } = await demoLibrary(dir));
  event = makeEvent(db, 'Sheets Day');
  update(db, 'events', event.id, { interviewerIds: [findByKey(db, 'interviewers', 'Keiko Hale').id] });
  addCandidates(db, event, [...crowd(14), { name: 'Late Registration', role: 'Store Associate' }, { name: 'Ana & <Bob>', role: 'Store Associate', time: '08:30' }]);
  // A stage nobody interviews for yet.
  const role = findByKey(db, 'roles', 'Fulfillment Associate');
  create(db, 'stages', { roleId: role.id, name: 'Forklift check', position: 3, durationMinutes: 20, format: 'in-person' });
  lib = loadLibrary(db);
});

afterAll(() => {
  db.close();
  removeDir(dir);
});

const tables = (blocks: Parameters<typeof flattenBlocks>[0]): TableBlock[] => flattenBlocks(blocks).filter((b): b is TableBlock => b.kind === 'table');

describe('check-in list', () => {
  it('lists every candidate once, by interview time, untimed last, with a box to tick', () => {
    const { doc } = composeCheckIn(lib, event.id);
    const [table] = tables(doc.blocks);
    const candidates = lib.candidates.filter((c) => c.eventId === event.id);
    expect(table?.rows).toHaveLength(candidates.length);
    // The first run of the candidate cell is the name, in bold.
    const names = (table?.rows ?? []).map((r) => {
      const first = r[1]?.[0];
      return first?.kind === 'text' ? first.text : '';
    });
    for (const c of candidates) expect(names.filter((n) => n === c.name)).toHaveLength(1);
    expect(names[0]).toBe('Ana & <Bob>');
    expect(names.at(-1)).toBe('Late Registration');
    const times = candidates.filter((c) => c.interviewAt).map((c) => c.interviewAt ?? '').sort();
    expect(names.slice(0, times.length).map((n) => candidates.find((c) => c.name === n)?.interviewAt)).toEqual(times);
    expect((table?.rows ?? []).every((r) => r[3]?.[0]?.kind === 'box')).toBe(true);
    expect(table?.header.map((h) => blockText({ kind: 'paragraph', runs: h }))).toEqual(['Time', 'Candidate', 'Role', 'Arrived']);
  });

  it('renders to Word and HTML with every name', async () => {
    const { doc } = composeCheckIn(lib, event.id);
    const text = paragraphTexts((await zipParts(await renderDocx(doc))).get('word/document.xml') ?? '').join('\n');
    const html = renderHtml(doc);
    for (const c of lib.candidates.filter((x) => x.eventId === event.id)) expect(text).toContain(c.name);
    expect(html).toContain('Ana &amp; &lt;Bob&gt;');
  });
});

describe('interviewer schedules', () => {
  it('times each candidate’s stages back to back, and the kits use the same times', () => {
    const interviews = eventInterviews(lib, event.id);
    const first = lib.candidates.find((c) => c.name === 'Person 2');
    const theirs = interviews.filter((iv) => iv.candidate.id === first?.id);
    expect(theirs.length).toBeGreaterThan(1);
    theirs.slice(1).forEach((iv, i) => expect(iv.start).toBe(theirs[i]?.end));
    const plan = planFromLibrary(lib, event.id, { outDir: dir });
    for (const iv of interviews.filter((x) => x.start)) {
      const kit = plan.documents.find((d) => d.candidateId === iv.candidate.id && d.stageId === iv.stage.id);
      expect(kit?.kit?.date).toBe(iv.start);
    }
  });

  it('gives each interviewer a page with all their interviews, and lists unassigned ones', () => {
    const { doc, warnings } = composeSchedules(lib, event.id);
    const interviews = eventInterviews(lib, event.id);
    const headings = flattenBlocks(doc.blocks).filter((b) => b.kind === 'heading' && b.level === 1).map((b) => blockText(b));
    const people = new Set(interviews.flatMap((iv) => iv.interviewers.map((i) => i.name)));
    for (const name of [...people, 'Keiko Hale']) expect(headings).toContain(`Schedule: ${name}`);
    expect(headings.at(-1)).toBe('Interviews with no interviewer yet');
    expect(warnings.map((w) => w.code)).toContain('unassigned');
    const rows = tables(doc.blocks).flatMap((t) => t.rows);
    const assignments = interviews.reduce((n, iv) => n + Math.max(1, iv.interviewers.length), 0);
    expect(rows).toHaveLength(assignments);
    expect(flattenBlocks(doc.blocks).filter((b) => b.kind === 'pageBreak')).toHaveLength(headings.length - 1);
  });
});

describe('writeEventSheets', () => {
  it('writes both sheets into the event’s folder and logs them', async () => {
    const result = await writeEventSheets(db, 'Sheets Day', path.join(dir, 'out'), ['docx', 'html']);
    expect(result.files.map((f) => path.basename(f.path))).toEqual([
      'check-in-list.docx',
      'check-in-list.html',
      'interviewer-schedules.docx',
      'interviewer-schedules.html',
    ]);
    expect(result.folder).toBe(path.join(dir, 'out', 'sheets-day'));
    for (const f of result.files) expect(fs.existsSync(f.path)).toBe(true);
    const kinds = listExports(db).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'check-in')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'schedule')).toHaveLength(2);
  });
});
