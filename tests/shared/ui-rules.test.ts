import { describe, expect, it } from 'vitest';
import { EDITABLE_KINDS, FORMS, appendMissing, atEventTime, moveItem, visibleRecords } from '../../shared/forms';
import { applyChoice, initialChoice, toRequest, type ChoiceLists } from '../../shared/kit-choice';
import { closestNames } from '../../shared/matching';
import { safeFileName } from '../../shared/filenames';

const R1 = '11111111-1111-4111-8111-111111111111';
const R2 = '22222222-2222-4222-8222-222222222222';
const lists: ChoiceLists = {
  roles: [
    { id: R1, title: 'Barista' },
    { id: R2, title: 'Cook' },
  ],
  stages: [
    { id: 's2', roleId: R1, name: 'Trial shift', position: 2 },
    { id: 's1', roleId: R1, name: 'Chat', position: 1 },
    { id: 's3', roleId: R2, name: 'Kitchen test', position: 1 },
  ],
  candidates: [{ id: 'c1', name: 'Ana Ruiz', roleId: R2, interviewAt: '2027-03-02T10:00' }],
};

describe('kit builder choices', () => {
  it('starts on the first role and its first stage', () => {
    expect(initialChoice(lists)).toMatchObject({ roleId: R1, stageId: 's1', candidateId: null });
  });
  it('changing the role moves the stage to one of the new role, and a candidate brings their date', () => {
    const next = applyChoice(lists, initialChoice(lists), { roleId: R2 });
    expect(next.stageId).toBe('s3');
    expect(applyChoice(lists, next, { candidateId: 'c1' }).date).toBe('2027-03-02');
  });
  it('asks for nothing until a kit has a role and a stage', () => {
    expect(toRequest({ document: 'kit', roleId: null, stageId: null, candidateId: null, date: '' })).toBeNull();
    expect(toRequest({ document: 'packet', roleId: R1, stageId: null, candidateId: null, date: '' })).toMatchObject({ document: 'packet' });
  });
});

describe('library lists and editors', () => {
  it('every editable kind has a form whose blank record names its required fields', () => {
    for (const kind of EDITABLE_KINDS) {
      const spec = FORMS[kind];
      const result = spec.schema.safeParse(spec.blank());
      // A blank record is not yet valid (a name or title is missing), and the error says which field.
      expect(result.success, kind).toBe(false);
      expect(result.error?.issues.map((i) => i.path[0])).toContain(spec.nameField);
    }
  });
  it('adds picked questions to a stage once each, after the ones already chosen', () => {
    expect(appendMissing(['a', 'b'], ['c', 'a', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });
  it('puts a walk-in on the event’s day at the time given, or at no time', () => {
    expect(atEventTime('2027-03-13', '10:30')).toBe('2027-03-13T10:30');
    expect(atEventTime('2027-03-13', '')).toBeNull();
  });
  it('moves a question up, down and to the ends, and ignores moves off the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 5)).toEqual(['a', 'b', 'c']);
  });
  it('lists stages by role then step, and filters by the role name too', () => {
    const names = new Map([[R1, 'Barista'], [R2, 'Cook']]);
    const nameOf = (id: unknown) => names.get(String(id)) ?? '';
    const stages = [
      { id: 'x', roleId: R2, name: 'Kitchen test', position: 1, durationMinutes: 30, format: 'in-person', questionIds: [] },
      { id: 'y', roleId: R1, name: 'Trial shift', position: 2, durationMinutes: 60, format: 'in-person', questionIds: [] },
      { id: 'z', roleId: R1, name: 'Chat', position: 1, durationMinutes: 20, format: 'phone', questionIds: ['q'] },
    ];
    expect(visibleRecords('stages', stages, '', nameOf).map((s) => s.name)).toEqual(['Chat', 'Trial shift', 'Kitchen test']);
    expect(visibleRecords('stages', stages, 'cook', nameOf).map((s) => s.name)).toEqual(['Kitchen test']);
  });
});

describe('names', () => {
  it('suggests close names for a typo, and none for nonsense', () => {
    expect(closestNames('Custmer Suport', ['Customer Support Specialist', 'Store Associate'])).toEqual(['Customer Support Specialist']);
    expect(closestNames('zzzz', ['Customer Support Specialist'])).toEqual([]);
  });
  it('makes distinct, safe file names from hostile text', () => {
    expect(safeFileName(['CON'], 'docx')).toBe('con-file.docx');
    expect(safeFileName(['../../etc/passwd'], 'pdf')).toBe('etc-passwd.pdf');
    expect(safeFileName(['Zoë “Z” O’Neil', 'Café <Lead>'], 'docx')).toBe('zoë-z-o-neil-café-lead.docx');
    expect(safeFileName(['', '\u0000'], 'docx')).toBe('untitled.docx');
    expect(safeFileName(['a'.repeat(500)], 'docx').length).toBeLessThanOrEqual(125);
  });
});
