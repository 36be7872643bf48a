import { describe, expect, it } from 'vitest';
import { ReferencedError, ValidationError } from '../../shared/errors';
import { RANKING_WINDOW, create, get, getCompany, list, remove, saveCompany, searchQuestions, searchQuestionsWithInfo, tx, update, usage } from '../../electron/store';
import { bank, competency, question, role, tempLibrary } from '../helpers/library';

function problemsOf(fn: () => unknown): { entity: string; fields: string[]; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return { entity: err.entity, fields: err.problems.map((p) => p.field), message: err.message };
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('validation', () => {
  it('names the entity and each field that is wrong, and stores nothing', async () => {
    const { db } = await tempLibrary();
    const p = problemsOf(() =>
      create(db, 'roles', { title: '  ', employmentType: 'gig', payRange: { min: 20, max: 10, currency: 'usd', period: 'hour' } }),
    );
    expect(p.entity).toBe('role');
    expect(p.fields).toEqual(expect.arrayContaining(['title', 'employmentType', 'payRange.currency', 'payRange.max']));
    expect(p.message).toMatch(/^Invalid role: title is required/);
    expect(list(db, 'roles')).toEqual([]);
  });

  it('requires a 4-level rating guide on competencies', async () => {
    const { db } = await tempLibrary();
    const p = problemsOf(() => create(db, 'competencies', { name: 'Grit', ratingGuide: [{ level: 1, label: 'Poor', anchor: 'x' }] }));
    expect(p).toMatchObject({ entity: 'competency', fields: ['ratingGuide'] });
    expect(p.message).toMatch(/exactly 4 levels/);
  });

  it('refuses references to records that do not exist', async () => {
    const { db } = await tempLibrary();
    const b = bank(db);
    const p = problemsOf(() => question(db, b.id, ['00000000-0000-4000-8000-000000000000'], 'Why us?'));
    expect(p).toMatchObject({ entity: 'question', fields: ['competencyIds'] });
    expect(p.message).toMatch(/refers to a competency that does not exist/);
  });

  it('refuses a second record with the same name, ignoring case', async () => {
    const { db } = await tempLibrary();
    competency(db, 'Ownership');
    const p = problemsOf(() => competency(db, 'ownership'));
    expect(p.message).toMatch(/name "ownership" is already used by another competency/);
  });

  it('validates the merged record on update and keeps the old one on failure', async () => {
    const { db } = await tempLibrary();
    const r = role(db, 'Barista');
    const p = problemsOf(() => update(db, 'roles', r.id, { employmentType: 'forever' }));
    expect(p.fields).toEqual(['employmentType']);
    expect(get(db, 'roles', r.id)?.employmentType).toBe('full-time');
    const changed = update(db, 'roles', r.id, { location: 'Portland' });
    expect(changed.location).toBe('Portland');
    expect(changed.updatedAt > r.updatedAt).toBe(true);
    expect(changed.createdAt).toBe(r.createdAt);
  });

  it('checks the company profile fields and the logo bytes', async () => {
    const { db } = await tempLibrary();
    const p = problemsOf(() => saveCompany(db, { name: 'Acme', website: 'acme dot com', brandColor: 'blue' }));
    expect(p.entity).toBe('company profile');
    expect(p.fields).toEqual(['website', 'brandColor']);
    const fake = { mime: 'image/png', data: Buffer.from('GIF89a not a png').toString('base64'), width: 1, height: 1 };
    expect(problemsOf(() => saveCompany(db, { name: 'Acme', logo: fake })).message).toMatch(/logo is not a PNG or JPEG/);
    expect(getCompany(db)).toBeNull();
    expect(saveCompany(db, { name: 'Acme' }).pageSize).toBe('Letter');
  });
});

describe('references', () => {
  it('refuses to delete a competency still used, with the counts', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'Teamwork');
    const b = bank(db);
    question(db, b.id, [c.id], 'Q1');
    question(db, b.id, [c.id], 'Q2');
    role(db, 'Cook', { competencyIds: [c.id] });
    expect(usage(db, 'competencies', c.id)).toEqual({ questions: 2, roles: 1 });
    let err: unknown;
    try {
      remove(db, 'competencies', c.id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReferencedError);
    expect((err as Error).message).toBe(
      'Cannot delete competency "Teamwork": it is still used by 2 questions, 1 roles. Remove those uses first, or delete with cascade.',
    );
    expect(get(db, 'competencies', c.id)).not.toBeNull();
  });

  it('cascades only when asked: drops the id from lists, and refuses if that would leave a question with none', async () => {
    const { db } = await tempLibrary();
    const a = competency(db, 'A');
    const bComp = competency(db, 'B');
    const b = bank(db);
    const q = question(db, b.id, [a.id, bComp.id], 'Shared question');
    const r = role(db, 'Cook', { competencyIds: [a.id] });
    remove(db, 'competencies', a.id, { cascade: true });
    expect(get(db, 'questions', q.id)?.competencyIds).toEqual([bComp.id]);
    expect(get(db, 'roles', r.id)?.competencyIds).toEqual([]);
    expect(() => remove(db, 'competencies', bComp.id, { cascade: true })).toThrow(
      /competencyIds of "Shared question" would be left empty by this delete/,
    );
    expect(get(db, 'competencies', bComp.id)).not.toBeNull();
    expect(get(db, 'questions', q.id)?.competencyIds).toEqual([bComp.id]);
  });

  it('a role with stages is refused; with cascade its stages go and its candidates are kept without a role', async () => {
    const { db } = await tempLibrary();
    const r = role(db, 'Cashier');
    const s = create(db, 'stages', { roleId: r.id, name: 'Screen', durationMinutes: 20, format: 'phone' });
    const c = create(db, 'candidates', { name: 'Sam Lee', roleId: r.id });
    expect(() => remove(db, 'roles', r.id)).toThrow(/used by 1 stages, 1 candidates/);
    remove(db, 'roles', r.id, { cascade: true });
    expect(get(db, 'stages', s.id)).toBeNull();
    expect(get(db, 'candidates', c.id)?.roleId).toBeNull();
  });

  it('deleting a question bank with cascade deletes its questions and takes them off stages', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'A');
    const b = bank(db);
    const q = question(db, b.id, [c.id], 'Describe a conflict you resolved');
    const r = role(db, 'Host');
    const s = create(db, 'stages', { roleId: r.id, name: 'Chat', durationMinutes: 30, format: 'video', questionIds: [q.id] });
    remove(db, 'questionBanks', b.id, { cascade: true });
    expect(get(db, 'questions', q.id)).toBeNull();
    expect(get(db, 'stages', s.id)?.questionIds).toEqual([]);
    expect(searchQuestions(db, 'conflict')).toEqual([]);
  });
});

describe('question search', () => {
  it('ranks a match in the question text above matches in probes or tags, and finds word forms', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'Communication');
    const b = bank(db);
    question(db, b.id, [c.id], 'Tell me about a time you planned a project.', { tags: ['conflict'] });
    question(db, b.id, [c.id], 'How do you handle conflicts with a teammate?');
    question(db, b.id, [c.id], 'Describe your favourite tool.', {
      probes: [
        { text: 'Was there conflict about it?', reflection: false },
        { text: 'What did it teach you?', reflection: true },
      ],
    });
    question(db, b.id, [c.id], 'What motivates you?');
    const hits = searchQuestions(db, 'conflict').map((h) => h.question.text);
    expect(hits[0]).toBe('How do you handle conflicts with a teammate?');
    expect(hits).toHaveLength(3);
    expect(hits).not.toContain('What motivates you?');
  });

  it('treats operators and quotes typed by the user as text, and finds by prefix and competency name', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'Safety Mindset');
    const b = bank(db);
    question(db, b.id, [c.id], 'When did you stop a job because it was unsafe?');
    expect(searchQuestions(db, 'unsaf')).toHaveLength(1);
    expect(searchQuestions(db, '"unsafe')).toHaveLength(1);
    expect(searchQuestions(db, 'job) (unsafe* -')).toHaveLength(1);
    expect(() => searchQuestions(db, 'NEAR( "')).not.toThrow();
    expect(searchQuestions(db, '***')).toEqual([]);
    expect(searchQuestions(db, 'mindset')).toHaveLength(1);
  });

  it('follows a competency rename and question edits', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'Grit');
    const b = bank(db);
    const q = question(db, b.id, [c.id], 'Tell me about a long project.');
    update(db, 'competencies', c.id, { name: 'Perseverance' });
    expect(searchQuestions(db, 'perseverance')).toHaveLength(1);
    expect(searchQuestions(db, 'grit')).toHaveLength(0);
    update(db, 'questions', q.id, { text: 'Tell me about a marathon effort.' });
    expect(searchQuestions(db, 'marathon')).toHaveLength(1);
    expect(searchQuestions(db, 'long project')).toHaveLength(0);
  });

  it('answers a query too broad to rank with the questions whose own text matches first, and says so', async () => {
    const { db } = await tempLibrary();
    const c = competency(db, 'Customer Focus');
    const b = bank(db);
    const inText = ['A customer asks for a refund.', 'A customer is angry.', 'A customer needs a tent.'].map((t) => question(db, b.id, [c.id], t));
    tx(db, () => {
      for (let i = 0; i < RANKING_WINDOW + 50; i++) {
        question(db, b.id, [c.id], `Tell me about project ${i}.`, {
          probes: [
            { text: 'What did the customer say?', reflection: false },
            { text: 'What did it teach you?', reflection: true },
          ],
        });
      }
    });
    const broad = searchQuestionsWithInfo(db, 'customer', { limit: 5 });
    expect(broad.broad).toBe(true);
    expect(broad.hits.slice(0, 3).map((h) => h.question.text)).toEqual(inText.map((q) => q.text).reverse());
    expect(broad.hits[3]?.question.text).toMatch(/^Tell me about project \d+\.$/);
    const narrow = searchQuestionsWithInfo(db, 'customer refund');
    expect(narrow).toMatchObject({ broad: false });
    expect(narrow.hits.map((h) => h.question.text)).toEqual(['A customer asks for a refund.']);
  });
});
