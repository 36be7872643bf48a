import { describe, expect, it } from 'vitest';
import {
  draftCandidate,
  draftQuestion,
  guessMapping,
  missingColumns,
  normaliseHeader,
  parseDateText,
  parseInterviewTime,
  parseMinutes,
  parseProbes,
  parseQuestionType,
  parseYesNo,
  unmappedHeaders,
} from '../../shared/import-mapping';

describe('guessMapping: questions', () => {
  it('recognises usual header variants, whatever the case, spaces and punctuation', () => {
    const m = guessMapping('questions', [
      'Question text',
      'TYPE',
      'Competencies',
      'Follow-up probes',
      'Reflection probe',
      'What to listen for',
      'Red flags',
      'Mins',
      'Difficulty level',
      'Tags',
      'Required?',
      'Question bank',
    ]);
    expect(m).toEqual({
      text: 0,
      type: 1,
      competencies: 2,
      probes: 3,
      reflectionProbe: 4,
      listenFor: 5,
      redFlags: 6,
      minutes: 7,
      difficulty: 8,
      tags: 9,
      required: 10,
      bank: 11,
    });
  });

  it('takes "Question" for the text and leaves unknown columns and missing fields unmapped', () => {
    const headers = ['Owner', 'Question', 'Skill'];
    const m = guessMapping('questions', headers);
    expect(m.text).toBe(1);
    expect(m.competencies).toBe(2);
    expect(m.probes).toBeNull();
    expect(unmappedHeaders(headers, m)).toEqual(['Owner']);
  });

  it('gives each header to one field only: "Question type" is the type, not the text', () => {
    const m = guessMapping('questions', ['Question type', 'Question']);
    expect(m.type).toBe(0);
    expect(m.text).toBe(1);
  });

  it('says which required columns are missing', () => {
    expect(missingColumns('questions', guessMapping('questions', ['Question', 'Competency']))).toEqual([]);
    expect(missingColumns('questions', guessMapping('questions', ['Prompt']))).toEqual([
      expect.stringMatching(/competencies/),
    ]);
    expect(missingColumns('candidates', guessMapping('candidates', ['Email']))).toEqual([expect.stringMatching(/name/)]);
  });
});

describe('guessMapping: candidates', () => {
  it.each([
    [['First Name', 'Last Name', 'E-mail', 'Mobile', 'Job', 'Interview Time'], { firstName: 0, lastName: 1, email: 2, phone: 3, role: 4, interviewAt: 5 }],
    [['Name', 'Email', 'Phone', 'Position', 'Time slot'], { name: 0, email: 1, phone: 2, role: 3, interviewAt: 4 }],
    [['Full name', 'Email address', 'Phone number', 'Role', 'Event', 'Notes'], { name: 0, email: 1, phone: 2, role: 3, event: 4, notes: 5 }],
    [['Candidate', 'e_mail', 'Cell phone', 'Job title', 'Pronouns', 'Preferred name'], { name: 0, email: 1, phone: 2, role: 3, pronouns: 4, preferredName: 5 }],
    [['Candidate name', 'Candidate email address', 'Date', 'Time'], { name: 0, email: 1, interviewDate: 2, interviewAt: 3 }],
  ])('%j', (headers, expected) => {
    expect(guessMapping('candidates', headers)).toMatchObject(expected);
  });

  it('normalises headers', () => {
    expect(normaliseHeader('  E-Mail Address: ')).toBe('emailaddress');
    expect(normaliseHeader('Prénom')).toBe('prenom');
  });
});

describe('cells', () => {
  it('reads yes/no words', () => {
    for (const yes of ['yes', 'Y', 'TRUE', '1', 'x', 'X']) expect(parseYesNo(yes)).toEqual({ ok: true, value: true });
    for (const no of ['no', 'N', 'false', '0', '']) expect(parseYesNo(no)).toEqual({ ok: true, value: false });
    expect(parseYesNo('maybe')).toEqual({ ok: false, message: expect.stringMatching(/"maybe" must be yes or no/) });
  });

  it('reads minutes, question types and probes', () => {
    expect(parseMinutes('7 min')).toEqual({ ok: true, value: 7 });
    expect(parseMinutes('')).toEqual({ ok: true, value: 5 });
    expect(parseMinutes('7.5')).toMatchObject({ ok: false });
    expect(parseQuestionType('Behavioral')).toEqual({ ok: true, value: 'behavioural' });
    expect(parseQuestionType('Culture add')).toEqual({ ok: true, value: 'culture-add' });
    expect(parseQuestionType('tricky')).toMatchObject({ ok: false });
    expect(parseProbes('What next?\nReflection: What did it teach you?;[R] How does it shape you today?', 'Extra reflection')).toEqual([
      { text: 'What next?', reflection: false },
      { text: 'What did it teach you?', reflection: true },
      { text: 'How does it shape you today?', reflection: true },
      { text: 'Extra reflection', reflection: true },
    ]);
  });

  it('reads interview times in the usual spellings', () => {
    const at = (s: string, day: string | null = null) => parseInterviewTime(s, day);
    expect(at('2027-03-13 10:00')).toEqual({ ok: true, value: '2027-03-13T10:00' });
    expect(at('2027-03-13T10:00')).toEqual({ ok: true, value: '2027-03-13T10:00' });
    expect(at('3/13/2027 10:00 AM')).toEqual({ ok: true, value: '2027-03-13T10:00' });
    expect(at('3/13/2027 1:45 pm')).toEqual({ ok: true, value: '2027-03-13T13:45' });
    expect(at('13.03.2027 14:30')).toEqual({ ok: true, value: '2027-03-13T14:30' });
    expect(at('10:30', '2027-03-13')).toEqual({ ok: true, value: '2027-03-13T10:30' });
    expect(at('')).toEqual({ ok: true, value: null });
    expect(at('10:30')).toEqual({ ok: false, message: expect.stringMatching(/time without a date/) });
    expect(at('2027-02-30 10:00')).toMatchObject({ ok: false });
    expect(at('2027-03-13')).toEqual({ ok: false, message: expect.stringMatching(/date but no time/) });
    expect(at('next Tuesday')).toEqual({ ok: false, message: expect.stringMatching(/not a date and time/) });
    expect(parseDateText('13/3/2027')).toBe('2027-03-13');
  });
});

describe('rows', () => {
  it('turns a question row into values and names to match', () => {
    const headers = ['Question', 'Competencies', 'Probes', 'Tags', 'Required', 'Minutes'];
    const d = draftQuestion(
      ['How do you plan a shift?', 'Leadership | Teamwork', 'Who first?\n[R] What did it teach you?', 'planning, shifts', 'x', '8'],
      guessMapping('questions', headers),
    );
    expect(d.problems).toEqual([]);
    expect(d.competencyNames).toEqual(['Leadership', 'Teamwork']);
    expect(d.values).toMatchObject({
      text: 'How do you plan a shift?',
      type: 'behavioural',
      minutes: 8,
      required: true,
      tags: ['planning', 'shifts'],
      probes: [
        { text: 'Who first?', reflection: false },
        { text: 'What did it teach you?', reflection: true },
      ],
    });
  });

  it('joins first and last names when there is no name column', () => {
    const m = guessMapping('candidates', ['First name', 'Last name']);
    expect(draftCandidate(['Zoë 🌟', 'Park'], m).values.name).toBe('Zoë 🌟 Park');
    expect(draftCandidate(['', 'Park'], m).values.name).toBe('Park');
  });
});
