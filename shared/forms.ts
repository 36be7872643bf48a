/**
 * How each entity is edited: its fields in order, their labels and widgets,
 * and how a record is named and summarised in lists. The renderer's editors
 * are generic over these specs; validation comes from the zod schemas.
 */
import { z } from 'zod';
import {
  BENEFIT_CATEGORIES,
  BenefitInput,
  CandidateInput,
  CompetencyInput,
  DIFFICULTIES,
  EMPLOYMENT_TYPES,
  EventInput,
  InterviewerInput,
  ProductInput,
  QUESTION_TYPES,
  QuestionBankInput,
  QuestionInput,
  RoleInput,
  STAGE_FORMATS,
  StageInput,
} from './schemas';

export const EDITABLE_KINDS = [
  'roles',
  'stages',
  'questions',
  'questionBanks',
  'competencies',
  'benefits',
  'products',
  'interviewers',
  'candidates',
  'events',
] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];

export type RefKind = 'roles' | 'competencies' | 'interviewers' | 'questionBanks' | 'events' | 'questions';

export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea' | 'email' | 'url' | 'tel' | 'date' | 'datetime'; help?: string; required?: boolean }
  | { name: string; label: string; kind: 'number'; help?: string; required?: boolean; min?: number; max?: number }
  | { name: string; label: string; kind: 'boolean'; help?: string }
  | { name: string; label: string; kind: 'select'; options: readonly string[]; help?: string; required?: boolean; emptyLabel?: string }
  | { name: string; label: string; kind: 'lines'; help?: string }
  | { name: string; label: string; kind: 'tags'; help?: string }
  | { name: string; label: string; kind: 'ref'; ref: RefKind; help?: string; required?: boolean; emptyLabel?: string }
  | { name: string; label: string; kind: 'refs'; ref: RefKind; help?: string }
  | { name: string; label: string; kind: 'probes' | 'ratingGuide' | 'eligibility' | 'payRange' | 'hiringSteps'; help?: string };

export interface FormSpec {
  kind: EditableKind;
  /** Plural title of the list ("Question banks"). */
  title: string;
  /** Singular noun for buttons and messages ("question bank"). */
  noun: string;
  schema: z.ZodType;
  fields: FieldSpec[];
  /** The field that names a record in lists. */
  nameField: string;
  /** A short second line in lists; `nameOf` turns a referenced id into its name. */
  summary: (record: Record<string, unknown>, nameOf: (id: unknown) => string) => string;
  /** How the list is ordered, when not by the store's order. */
  sortKey?: (record: Record<string, unknown>, nameOf: (id: unknown) => string) => string;
  /** A new, empty record (before the user types). */
  blank: () => Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const cut = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const FORMS: Record<EditableKind, FormSpec> = {
  roles: {
    kind: 'roles',
    title: 'Roles',
    noun: 'role',
    schema: RoleInput,
    nameField: 'title',
    summary: (r) => [str(r.department), str(r.location), str(r.employmentType)].filter(Boolean).join(' · '),
    blank: () => ({ title: '', employmentType: 'full-time', responsibilities: [], requirements: [], niceToHaves: [], competencyIds: [], hiringSteps: [], payRange: null }),
    fields: [
      { name: 'title', label: 'Title', kind: 'text', required: true },
      { name: 'department', label: 'Department', kind: 'text' },
      { name: 'location', label: 'Location', kind: 'text', help: 'Benefits limited to a location apply when it matches this text.' },
      { name: 'employmentType', label: 'Employment type', kind: 'select', options: EMPLOYMENT_TYPES, required: true },
      { name: 'hiringManager', label: 'Hiring manager', kind: 'text' },
      { name: 'summary', label: 'Summary', kind: 'textarea' },
      { name: 'responsibilities', label: 'Responsibilities', kind: 'lines', help: 'One per line.' },
      { name: 'requirements', label: 'Requirements', kind: 'lines', help: 'One per line.' },
      { name: 'niceToHaves', label: 'Nice to have', kind: 'lines', help: 'One per line.' },
      { name: 'payRange', label: 'Pay range', kind: 'payRange' },
      { name: 'competencyIds', label: 'Competencies assessed', kind: 'refs', ref: 'competencies' },
      { name: 'hiringSteps', label: 'Hiring steps shown to candidates', kind: 'hiringSteps' },
    ],
  },
  stages: {
    kind: 'stages',
    title: 'Interview stages',
    noun: 'stage',
    schema: StageInput,
    nameField: 'name',
    summary: (s, nameOf) =>
      `${nameOf(s.roleId)} · ${String(s.durationMinutes ?? '')} min · ${str(s.format)} · ${Array.isArray(s.questionIds) ? s.questionIds.length : 0} questions`,
    sortKey: (s, nameOf) => `${nameOf(s.roleId)}\u0000${String(s.position ?? 0).padStart(3, '0')}`,
    blank: () => ({ name: '', roleId: '', position: 1, durationMinutes: 45, format: 'video', interviewerIds: [], focusCompetencyIds: [], questionIds: [], notes: '' }),
    fields: [
      { name: 'roleId', label: 'Role', kind: 'ref', ref: 'roles', required: true, emptyLabel: 'Choose a role' },
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'position', label: 'Step in the process', kind: 'number', min: 1, max: 20 },
      { name: 'durationMinutes', label: 'Duration (minutes)', kind: 'number', min: 5, max: 480, required: true },
      { name: 'format', label: 'Format', kind: 'select', options: STAGE_FORMATS, required: true },
      { name: 'interviewerIds', label: 'Interviewers', kind: 'refs', ref: 'interviewers' },
      { name: 'focusCompetencyIds', label: 'Focus competencies', kind: 'refs', ref: 'competencies' },
      { name: 'notes', label: 'Notes to the interviewer', kind: 'textarea' },
    ],
  },
  questions: {
    kind: 'questions',
    title: 'Questions',
    noun: 'question',
    schema: QuestionInput,
    nameField: 'text',
    summary: (q) => `${str(q.type)} · ${String(q.minutes ?? '')} min · ${str(q.difficulty)}${q.required ? ' · required' : ''}`,
    blank: () => ({ text: '', bankId: '', type: 'behavioural', competencyIds: [], probes: [{ text: 'What did that experience teach you?', reflection: true }], listenFor: '', redFlags: '', minutes: 5, difficulty: 'intermediate', tags: [], required: false }),
    fields: [
      { name: 'text', label: 'Question', kind: 'textarea', required: true },
      { name: 'bankId', label: 'Question bank', kind: 'ref', ref: 'questionBanks', required: true, emptyLabel: 'Choose a bank' },
      { name: 'type', label: 'Type', kind: 'select', options: QUESTION_TYPES, required: true },
      { name: 'competencyIds', label: 'Competencies', kind: 'refs', ref: 'competencies' },
      { name: 'probes', label: 'Follow-up probes', kind: 'probes', help: 'Mark the reflection probes: what the experience taught, and how it shapes their work today.' },
      { name: 'listenFor', label: 'Listen for', kind: 'textarea' },
      { name: 'redFlags', label: 'Red flags', kind: 'textarea' },
      { name: 'minutes', label: 'Minutes', kind: 'number', min: 1, max: 90, required: true },
      { name: 'difficulty', label: 'Difficulty', kind: 'select', options: DIFFICULTIES },
      { name: 'tags', label: 'Tags', kind: 'tags', help: 'Separate with commas.' },
      { name: 'required', label: 'Required in every interview of its stages', kind: 'boolean' },
    ],
  },
  questionBanks: {
    kind: 'questionBanks',
    title: 'Question banks',
    noun: 'question bank',
    schema: QuestionBankInput,
    nameField: 'name',
    summary: (b) => cut(str(b.description)),
    blank: () => ({ name: '', description: '' }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'description', label: 'Description', kind: 'textarea' },
    ],
  },
  competencies: {
    kind: 'competencies',
    title: 'Competencies',
    noun: 'competency',
    schema: CompetencyInput,
    nameField: 'name',
    summary: (c) => cut(str(c.definition)),
    blank: () => ({
      name: '',
      definition: '',
      ratingGuide: ['Poor', 'Fair', 'Good', 'Excellent'].map((label, i) => ({ level: i + 1, label, anchor: '' })),
    }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'definition', label: 'Definition', kind: 'textarea' },
      { name: 'ratingGuide', label: 'Rating guide', kind: 'ratingGuide', help: 'What an answer sounds like at each level.' },
    ],
  },
  benefits: {
    kind: 'benefits',
    title: 'Benefits',
    noun: 'benefit',
    schema: BenefitInput,
    nameField: 'name',
    summary: (b) => `${str(b.category)}${b.highlight ? ' · highlighted' : ''}`,
    blank: () => ({ name: '', category: 'health', description: '', eligibility: { employmentTypes: 'any', locations: 'any', roles: 'any' }, waitingPeriod: '', highlight: false }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'category', label: 'Category', kind: 'select', options: BENEFIT_CATEGORIES, required: true },
      { name: 'description', label: 'Description', kind: 'textarea' },
      { name: 'eligibility', label: 'Who is eligible', kind: 'eligibility' },
      { name: 'waitingPeriod', label: 'Waiting period', kind: 'text', help: 'For example: After 90 days.' },
      { name: 'highlight', label: 'Highlight this benefit', kind: 'boolean' },
    ],
  },
  products: {
    kind: 'products',
    title: 'Products',
    noun: 'product',
    schema: ProductInput,
    nameField: 'name',
    summary: (p) => cut(str(p.summary)),
    blank: () => ({ name: '', summary: '', customerValue: '', url: '' }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'summary', label: 'Summary', kind: 'textarea' },
      { name: 'customerValue', label: 'Why it matters to customers', kind: 'textarea' },
      { name: 'url', label: 'Web address', kind: 'url' },
    ],
  },
  interviewers: {
    kind: 'interviewers',
    title: 'Interviewers',
    noun: 'interviewer',
    schema: InterviewerInput,
    nameField: 'name',
    summary: (i) => [str(i.title), str(i.pronouns)].filter(Boolean).join(' · '),
    blank: () => ({ name: '', title: '', pronouns: '', email: '', bio: '' }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'title', label: 'Job title', kind: 'text' },
      { name: 'pronouns', label: 'Pronouns', kind: 'text' },
      { name: 'email', label: 'Email', kind: 'email' },
      { name: 'bio', label: 'Short bio for candidates', kind: 'textarea' },
    ],
  },
  candidates: {
    kind: 'candidates',
    title: 'Candidates',
    noun: 'candidate',
    schema: CandidateInput,
    nameField: 'name',
    summary: (c, nameOf) =>
      [c.roleId ? nameOf(c.roleId) : '', c.interviewAt ? str(c.interviewAt).replace('T', ' ') : ''].filter(Boolean).join(' · '),
    blank: () => ({ name: '', preferredName: '', pronouns: '', email: '', phone: '', roleId: null, eventId: null, interviewAt: null, notes: '' }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'preferredName', label: 'Preferred name', kind: 'text' },
      { name: 'pronouns', label: 'Pronouns', kind: 'text' },
      { name: 'email', label: 'Email', kind: 'email' },
      { name: 'phone', label: 'Phone', kind: 'tel' },
      { name: 'roleId', label: 'Role', kind: 'ref', ref: 'roles', emptyLabel: 'No role yet' },
      { name: 'eventId', label: 'Hiring event', kind: 'ref', ref: 'events', emptyLabel: 'No event' },
      { name: 'interviewAt', label: 'Interview time', kind: 'datetime' },
      { name: 'notes', label: 'Notes', kind: 'textarea' },
    ],
  },
  events: {
    kind: 'events',
    title: 'Hiring events',
    noun: 'hiring event',
    schema: EventInput,
    nameField: 'name',
    summary: (e) => [str(e.date), cut(str(e.venue), 50)].filter(Boolean).join(' · '),
    blank: () => ({ name: '', date: '', venue: '', roleIds: [], interviewerIds: [] }),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true },
      { name: 'date', label: 'Date', kind: 'date', required: true },
      { name: 'venue', label: 'Venue', kind: 'textarea' },
      { name: 'roleIds', label: 'Roles hiring', kind: 'refs', ref: 'roles' },
      { name: 'interviewerIds', label: 'Interviewers', kind: 'refs', ref: 'interviewers' },
    ],
  },
};

/** A record's name as lists show it. */
export function recordName(kind: EditableKind, record: Record<string, unknown>): string {
  const v = record[FORMS[kind].nameField];
  return typeof v === 'string' && v.trim() ? v : `(unnamed ${FORMS[kind].noun})`;
}

/** Whether a record matches what was typed in a list's filter box. */
export function matchesFilter(
  kind: EditableKind,
  record: Record<string, unknown>,
  filter: string,
  nameOf: (id: unknown) => string = () => '',
): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return `${recordName(kind, record)} ${FORMS[kind].summary(record, nameOf)}`.toLowerCase().includes(f);
}

/** A list's records as shown: filtered, and in the kind's own order when it has one. */
export function visibleRecords<T extends Record<string, unknown>>(
  kind: EditableKind,
  records: readonly T[],
  filter: string,
  nameOf: (id: unknown) => string,
): T[] {
  const shown = records.filter((r) => matchesFilter(kind, r, filter, nameOf));
  const key = FORMS[kind].sortKey;
  return key ? shown.sort((a, b) => key(a, nameOf).localeCompare(key(b, nameOf))) : shown;
}

/** The fields a user may change: everything but id and timestamps. */
export function editableValues(record: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = record;
  return rest;
}

/** Moves one item of a list (drag and drop, or the keyboard). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

/** A list with the new ids added at the end, each once, keeping the order already chosen. */
export function appendMissing(ids: readonly string[], more: readonly string[]): string[] {
  const have = new Set(ids);
  return [...ids, ...more.filter((id) => !have.has(id) && have.add(id))];
}

/** "10:30" on an event's day, as the candidate's interview time; none without a time. */
export function atEventTime(date: string, time: string): string | null {
  return /^\d{2}:\d{2}$/.test(time) ? `${date}T${time}` : null;
}
