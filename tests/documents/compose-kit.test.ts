import { describe, expect, it } from 'vitest';
import { composeKit, planAgenda } from '../../electron/documents';
import { blockText, documentText, runsText } from '../../shared/document-model';
import type { Block, GroupBlock, TableBlock } from '../../shared/document-model';
import { Benefit, Candidate, Company, Competency, Question, Role, Stage } from '../../shared/schemas';
import { IDS, blocksOf, makeLibrary, questionGroups, questionOf } from './fixtures';

const kitFor = (stageId: string = IDS.stageTechnical, roleId: string = IDS.roleEngineer) => ({ roleId, stageId });

function tableAfterHeading(blocks: Block[], title: string): TableBlock {
  const at = blocks.findIndex((b) => b.kind === 'heading' && b.text === title);
  const table = blocks.slice(at).find((b): b is TableBlock => b.kind === 'table');
  if (at < 0 || !table) throw new Error(`no table under "${title}"`);
  return table;
}

const headingText = (g: GroupBlock): string => {
  const h = g.blocks[0];
  return h?.kind === 'heading' ? h.text : '';
};

describe('fixtures', () => {
  it('are valid library records', () => {
    const lib = makeLibrary();
    expect(() => Company.parse(lib.company)).not.toThrow();
    for (const r of lib.roles) Role.parse(r);
    for (const s of lib.stages) Stage.parse(s);
    for (const c of lib.competencies) Competency.parse(c);
    for (const q of lib.questions) Question.parse(q);
    for (const b of lib.benefits) Benefit.parse(b);
    for (const c of lib.candidates) Candidate.parse(c);
  });
});

describe('composeKit: questions', () => {
  it('groups questions by focus competency, in focus order, keeping the stage order within a group', () => {
    const lib = makeLibrary();
    const { doc } = composeKit(lib, { ...kitFor(), candidateId: IDS.candidate });
    const titles = questionGroups(doc).map(headingText);
    // Focus: problem solving, then ownership. q503 is ownership-first, so it goes under Ownership.
    expect(titles).toEqual([
      `1. ${questionOf(lib, IDS.q[0]).text}`,
      `2. ${questionOf(lib, IDS.q[3]).text}`,
      `3. ${questionOf(lib, IDS.q[2]).text}`,
    ]);
    const h2 = blocksOf(doc, 'heading').filter((h) => h.level === 2).map((h) => h.text);
    expect(h2.indexOf('Problem solving')).toBeLessThan(h2.indexOf('Ownership'));
  });

  it('lists every probe in order, marks reflection probes, and marks required questions', () => {
    const lib = makeLibrary();
    const { doc } = composeKit(lib, kitFor());
    for (const group of questionGroups(doc)) {
      const q = lib.questions.find((x) => headingText(group).endsWith(x.text));
      if (!q) throw new Error(`unknown question block ${headingText(group)}`);
      const probes = group.blocks.find((b) => b.kind === 'numbered');
      const items = probes && probes.kind === 'numbered' ? probes.items.map(runsText) : [];
      expect(items).toEqual(q.probes.map((p) => (p.reflection ? `Reflection: ${p.text}` : p.text)));
      const meta = group.blocks[1] ? blockText(group.blocks[1]) : '';
      expect(meta.startsWith('Required')).toBe(q.required);
      expect(group.blocks.some((b) => b.kind === 'rating' && b.levels.length === 4)).toBe(true);
      expect(group.blocks.some((b) => b.kind === 'lines')).toBe(true);
      if (q.listenFor) expect(blockText(group)).toContain(q.listenFor);
      if (q.redFlags) expect(blockText(group)).toContain(q.redFlags);
    }
  });

  it('rates each question on the competency it is grouped under', () => {
    const { doc } = composeKit(makeLibrary(), kitFor());
    const ratings = questionGroups(doc).map((g) => g.blocks.find((b) => b.kind === 'rating'));
    expect(ratings.map((r) => (r?.kind === 'rating' ? r.title : ''))).toEqual([
      'Rate: Problem solving',
      'Rate: Problem solving',
      'Rate: Ownership',
    ]);
  });

  it('raises no warning for a clean stage', () => {
    expect(composeKit(makeLibrary(), kitFor()).warnings).toEqual([]);
    expect(composeKit(makeLibrary(), kitFor(IDS.stageTeam)).warnings).toEqual([]);
  });
});

describe('composeKit: warnings', () => {
  const codes = (lib: ReturnType<typeof makeLibrary>, stageId: string = IDS.stageTechnical) =>
    composeKit(lib, kitFor(stageId)).warnings.map((w) => w.code);
  const stage = (lib: ReturnType<typeof makeLibrary>, id: string = IDS.stageTechnical) => {
    const s = lib.stages.find((x) => x.id === id);
    if (!s) throw new Error('no stage');
    return s;
  };

  it('warns about a focus competency no selected question assesses', () => {
    const lib = makeLibrary();
    stage(lib).focusCompetencyIds.push(IDS.compCustomer);
    const { doc, warnings } = composeKit(lib, kitFor());
    expect(warnings.map((w) => w.code)).toEqual(['uncovered-competency']);
    expect(warnings[0]?.message).toContain('Customer focus');
    expect(blocksOf(doc, 'callout').some((c) => c.title === 'No question selected')).toBe(true);
  });

  it('warns about a question none of whose competencies is a focus, and still shows it', () => {
    const lib = makeLibrary();
    stage(lib).questionIds.push(IDS.q[4]);
    expect(codes(lib)).toEqual(['off-focus-question']);
    const { doc } = composeKit(lib, kitFor());
    expect(blocksOf(doc, 'heading').some((h) => h.text === 'Other questions')).toBe(true);
    expect(questionGroups(doc).map(headingText).at(-1)).toContain(questionOf(lib, IDS.q[4]).text);
  });

  it('warns when the plan runs over the stage, with a visible callout', () => {
    const lib = makeLibrary();
    stage(lib).durationMinutes = 40;
    const { doc, warnings } = composeKit(lib, kitFor());
    expect(warnings.map((w) => w.code)).toEqual(['over-time']);
    const callout = blocksOf(doc, 'callout').find((c) => c.tone === 'warning' && c.title === 'Over time');
    expect(callout).toBeDefined();
    expect(blockText(callout as Block)).toContain('This plan takes 49 minutes but the stage has 40'); // 5 + 32 + 5 + 5 + 2
  });

  it('warns about a question id that is not in the library, and leaves it out', () => {
    const lib = makeLibrary();
    stage(lib).questionIds.splice(1, 0, '00000000-0000-4000-8000-000000000599');
    const { doc, warnings } = composeKit(lib, kitFor());
    expect(warnings.map((w) => w.code)).toEqual(['missing-question']);
    expect(questionGroups(doc)).toHaveLength(3);
  });

  it('warns about a stage with no questions, and says so in the kit', () => {
    const lib = makeLibrary();
    stage(lib).questionIds = [];
    const { doc, warnings } = composeKit(lib, kitFor());
    expect(warnings.map((w) => w.code)).toEqual(['no-questions', 'uncovered-competency', 'uncovered-competency']);
    expect(documentText(doc)).toContain('No questions are selected for this stage yet.');
  });

  it('warns when the company profile is missing, and still composes', () => {
    const lib = makeLibrary();
    lib.company = null;
    const { doc, warnings } = composeKit(lib, kitFor());
    expect(warnings.map((w) => w.code)).toEqual(['missing-company']);
    expect(doc.meta.pageSize).toBe('Letter');
    expect(documentText(doc)).not.toContain('Talking points');
  });
});

describe('composeKit: agenda', () => {
  it('adds up: welcome 5, the questions, pitch 5, candidate questions 5-10, close 2-3', () => {
    const lib = makeLibrary();
    const { doc } = composeKit(lib, kitFor());
    const table = tableAfterHeading(doc.blocks, 'Agenda');
    const minutes = table.rows.map((r) => Number(runsText(r[2] ?? [])));
    const total = minutes.pop();
    expect(minutes.reduce((s, m) => s + m, 0)).toBe(total);
    // 10 + 12 problem-solving questions, 10 ownership: 5 + 22 + 10 + 5 + 10 + 3
    expect(minutes).toEqual([5, 22, 10, 5, 10, 3]);
    expect(table.rows.map((r) => runsText(r[1] ?? []))).toEqual([
      'Welcome and introductions',
      'Questions: Problem solving',
      'Questions: Ownership',
      'The company and the role: your pitch',
      'The candidate’s questions',
      'Close and next steps',
      'End',
    ]);
  });

  it('shrinks the flexible items before going over time', () => {
    const plan = (minutes: number) => planAgenda(minutes, [{ competency: null, questions: [{ minutes: 20 } as Question] }]);
    expect(plan(60)).toMatchObject({ total: 43, overBy: 0 }); // 5 + 20 + 5 + 10 + 3
    expect(plan(40).items.map((i) => i.minutes)).toEqual([5, 20, 5, 7, 3]);
    expect(plan(37)).toMatchObject({ total: 37, overBy: 0 }); // 5 + 20 + 5 + 5 + 2
    expect(plan(30)).toMatchObject({ total: 37, overBy: 7 });
  });

  it('uses clock times when a time is given, offsets otherwise', () => {
    const lib = makeLibrary();
    const clock = tableAfterHeading(composeKit(lib, { ...kitFor(), date: '2025-05-02T14:00' }).doc.blocks, 'Agenda');
    expect(runsText(clock.header[0] ?? [])).toBe('Clock');
    expect(clock.rows.map((r) => runsText(r[0] ?? [])).slice(0, 2)).toEqual(['2:00 PM', '2:05 PM']);
    const offsets = tableAfterHeading(composeKit(lib, { ...kitFor(), date: '2025-05-02' }).doc.blocks, 'Agenda');
    expect(offsets.rows.map((r) => runsText(r[0] ?? [])).slice(0, 3)).toEqual(['0:00', '0:05', '0:27']);
  });

  it("takes the candidate's interview time when no date is given", () => {
    const { doc } = composeKit(makeLibrary(), { ...kitFor(), candidateId: IDS.candidate });
    expect(documentText(doc)).toContain('Date: Tuesday, March 4, 2025, 10:00 AM');
  });
});

describe('composeKit: cover, selling, scorecard', () => {
  it('names the candidate, or leaves a blank to fill in', () => {
    const withCandidate = documentText(composeKit(makeLibrary(), { ...kitFor(), candidateId: IDS.candidate }).doc);
    expect(withCandidate).toContain('Candidate: Alexandra Rivera (“Alex”), she/her');
    const without = composeKit(makeLibrary(), kitFor()).doc;
    expect(documentText(without)).toContain('Candidate: ____');
    expect(documentText(without)).toContain('Date: ____');
  });

  it("uses the stage's interviewers unless others are given", () => {
    const lib = makeLibrary();
    expect(documentText(composeKit(lib, kitFor(IDS.stageTeam)).doc)).toContain(
      'Interviewers: Priya Natarajan (Engineering Manager) and Jun Tanaka (Staff Engineer)',
    );
    expect(documentText(composeKit(lib, { ...kitFor(), interviewerIds: [IDS.iMarcus] }).doc)).toContain(
      'Interviewer: Marcus Lee (Store Manager, Pearl District)',
    );
  });

  it('lists only the benefits that apply to the role, highlighted first', () => {
    const lib = makeLibrary();
    const names = (stageId: string, roleId: string) =>
      tableAfterHeading(composeKit(lib, kitFor(stageId, roleId)).doc.blocks, 'Benefits for this role').rows.map((r) =>
        runsText(r[0] ?? []).replace(' · Highlight', ''),
      );
    expect(names(IDS.stageTechnical, IDS.roleEngineer)).toEqual([
      'Health insurance',
      'Gear discount',
      'Dental and vision',
      '401(k) match',
      'Paid time off',
      'Learning budget',
      'Home office stipend',
    ]);
    expect(names(IDS.stagePhone, IDS.roleAssociate)).toEqual(['Health insurance', 'Transit pass', 'Gear discount', 'Paid time off']);
  });

  it('pitches mission, values, story and products', () => {
    const text = documentText(composeKit(makeLibrary(), kitFor()).doc);
    const lib = makeLibrary();
    expect(text).toContain(lib.company?.mission);
    expect(text).toContain('Built to last');
    expect(text).toContain('Harbor & Pine started in 2009');
    expect(text).toContain('Trailhead 30 pack');
    expect(text).toContain('The candidate may become a customer');
  });

  it('has prep and closing checklists and a scorecard row per focus competency', () => {
    const { doc } = composeKit(makeLibrary(), kitFor());
    const checklists = blocksOf(doc, 'checklist');
    expect(checklists[0]?.items.map(runsText).join(' ')).toContain('résumé');
    expect(checklists.some((c) => c.items.map(runsText).join(' ').includes('next steps and the timeline'))).toBe(true);
    const scores = tableAfterHeading(doc.blocks, 'Ratings');
    expect(scores.rows.map((r) => runsText(r[0] ?? []))).toEqual(['Problem solving', 'Ownership']);
    expect(runsText(scores.rows[0]?.[1] ?? [])).toBe('☐ Not yet');
    const choices = checklists.find((c) => c.inline);
    expect(choices?.items.map(runsText)).toEqual(['Strong no', 'No', 'Yes', 'Strong yes', 'No decision']);
  });

  it('sets the document metadata from the company', () => {
    const { meta } = composeKit(makeLibrary(), kitFor()).doc;
    expect(meta).toMatchObject({
      kind: 'kit',
      title: 'Interview kit: Senior Software Engineer, Technical conversation',
      author: 'Harbor & Pine Outfitters',
      pageSize: 'Letter',
      brandColor: '#1F5F4A',
      companyName: 'Harbor & Pine Outfitters',
      language: 'en-US',
    });
    expect(meta.logo?.mime).toBe('image/png');
    expect(meta.logo?.alt).toBe('Harbor & Pine Outfitters logo');
  });

  it('leaves out empty sections', () => {
    const lib = makeLibrary();
    const role = lib.roles[0];
    if (!role) throw new Error('no role');
    role.niceToHaves = [];
    lib.products = [];
    const titles = blocksOf(composeKit(lib, kitFor()).doc, 'heading').map((h) => h.text);
    expect(titles).not.toContain('Nice to have');
    expect(titles).not.toContain('Products to mention');
    expect(titles).toContain('Responsibilities');
  });
});

describe('composeKit: errors', () => {
  it('names an unknown role or stage', () => {
    const lib = makeLibrary();
    expect(() => composeKit(lib, kitFor(IDS.stageTechnical, '00000000-0000-4000-8000-000000009999'))).toThrow(/No role matches/);
    expect(() => composeKit(lib, kitFor('00000000-0000-4000-8000-000000009999'))).toThrow(/No stage matches/);
  });

  it('refuses a stage of another role', () => {
    expect(() => composeKit(makeLibrary(), kitFor(IDS.stagePhone, IDS.roleEngineer))).toThrow(/belongs to another role/);
  });

  it('refuses an unknown candidate or interviewer, and a malformed date', () => {
    const lib = makeLibrary();
    expect(() => composeKit(lib, { ...kitFor(), candidateId: '00000000-0000-4000-8000-000000009999' })).toThrow(/No candidate/);
    expect(() => composeKit(lib, { ...kitFor(), interviewerIds: ['00000000-0000-4000-8000-000000009999'] })).toThrow(/No interviewer/);
    expect(() => composeKit(lib, { ...kitFor(), date: '2025-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => composeKit(lib, { ...kitFor(), date: 'tomorrow' })).toThrow(/YYYY-MM-DD/);
  });
});
