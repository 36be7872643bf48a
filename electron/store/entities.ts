/**
 * How each entity maps to its table: the zod schemas it is validated with,
 * its columns and their codecs, how it is named to the user, and what it
 * refers to. The repository (repo.ts) is written once against these.
 */
import type { z } from 'zod';
import {
  Benefit,
  BenefitInput,
  Candidate,
  CandidateInput,
  Competency,
  CompetencyInput,
  EventInput,
  HiringEvent,
  Interviewer,
  InterviewerInput,
  Product,
  ProductInput,
  Question,
  QuestionBank,
  QuestionBankInput,
  QuestionInput,
  Role,
  RoleInput,
  Stage,
  StageInput,
} from '../../shared/schemas';

export type Codec = 'text' | 'int' | 'bool' | 'json' | 'nullable-text' | 'nullable-json';

export interface EntityTypes {
  products: Product;
  benefits: Benefit;
  competencies: Competency;
  questionBanks: QuestionBank;
  questions: Question;
  roles: Role;
  stages: Stage;
  interviewers: Interviewer;
  events: HiringEvent;
  candidates: Candidate;
}
export type EntityKind = keyof EntityTypes;

export interface EntityDef {
  kind: EntityKind;
  /** Singular, as a user says it: "question bank". */
  noun: string;
  table: string;
  input: z.ZodObject;
  record: z.ZodObject;
  /** Every field but id and timestamps, with how it is stored. Column = snake_case(field). */
  fields: Record<string, Codec>;
  /** The field that names a record to the user (and is unique, if `unique`). */
  nameField: string;
  unique: boolean;
  orderBy: string;
}

/** Order matters: a kind only refers to kinds listed before it (bundle import relies on this). */
export const ENTITY_DEFS: readonly EntityDef[] = [
  {
    kind: 'products',
    noun: 'product',
    table: 'products',
    input: ProductInput,
    record: Product,
    fields: { name: 'text', summary: 'text', customerValue: 'text', url: 'text' },
    nameField: 'name',
    unique: true,
    orderBy: 'name COLLATE NOCASE',
  },
  {
    kind: 'competencies',
    noun: 'competency',
    table: 'competencies',
    input: CompetencyInput,
    record: Competency,
    fields: { name: 'text', definition: 'text', ratingGuide: 'json' },
    nameField: 'name',
    unique: true,
    orderBy: 'name COLLATE NOCASE',
  },
  {
    kind: 'questionBanks',
    noun: 'question bank',
    table: 'question_banks',
    input: QuestionBankInput,
    record: QuestionBank,
    fields: { name: 'text', description: 'text' },
    nameField: 'name',
    unique: true,
    orderBy: 'name COLLATE NOCASE',
  },
  {
    kind: 'questions',
    noun: 'question',
    table: 'questions',
    input: QuestionInput,
    record: Question,
    fields: {
      bankId: 'text',
      text: 'text',
      type: 'text',
      competencyIds: 'json',
      probes: 'json',
      listenFor: 'text',
      redFlags: 'text',
      minutes: 'int',
      difficulty: 'text',
      tags: 'json',
      required: 'bool',
    },
    nameField: 'text',
    unique: false,
    orderBy: 'bank_id, created_at, rowid',
  },
  {
    kind: 'interviewers',
    noun: 'interviewer',
    table: 'interviewers',
    input: InterviewerInput,
    record: Interviewer,
    fields: { name: 'text', title: 'text', pronouns: 'text', email: 'text', bio: 'text' },
    nameField: 'name',
    unique: false,
    orderBy: 'name COLLATE NOCASE',
  },
  {
    kind: 'roles',
    noun: 'role',
    table: 'roles',
    input: RoleInput,
    record: Role,
    fields: {
      title: 'text',
      department: 'text',
      location: 'text',
      employmentType: 'text',
      summary: 'text',
      responsibilities: 'json',
      requirements: 'json',
      niceToHaves: 'json',
      payRange: 'nullable-json',
      hiringManager: 'text',
      competencyIds: 'json',
      hiringSteps: 'json',
    },
    nameField: 'title',
    unique: true,
    orderBy: 'title COLLATE NOCASE',
  },
  {
    kind: 'benefits',
    noun: 'benefit',
    table: 'benefits',
    input: BenefitInput,
    record: Benefit,
    fields: {
      name: 'text',
      category: 'text',
      description: 'text',
      eligibility: 'json',
      waitingPeriod: 'text',
      highlight: 'bool',
    },
    nameField: 'name',
    unique: true,
    orderBy: 'highlight DESC, name COLLATE NOCASE',
  },
  {
    kind: 'stages',
    noun: 'stage',
    table: 'stages',
    input: StageInput,
    record: Stage,
    fields: {
      roleId: 'text',
      name: 'text',
      position: 'int',
      durationMinutes: 'int',
      format: 'text',
      interviewerIds: 'json',
      focusCompetencyIds: 'json',
      questionIds: 'json',
      notes: 'text',
    },
    nameField: 'name',
    unique: true,
    orderBy: 'role_id, position, name COLLATE NOCASE',
  },
  {
    kind: 'events',
    noun: 'hiring event',
    table: 'events',
    input: EventInput,
    record: HiringEvent,
    fields: { name: 'text', date: 'text', venue: 'text', roleIds: 'json', interviewerIds: 'json' },
    nameField: 'name',
    unique: false,
    orderBy: 'date DESC, name COLLATE NOCASE',
  },
  {
    kind: 'candidates',
    noun: 'candidate',
    table: 'candidates',
    input: CandidateInput,
    record: Candidate,
    fields: {
      name: 'text',
      preferredName: 'text',
      pronouns: 'text',
      email: 'text',
      phone: 'text',
      roleId: 'nullable-text',
      eventId: 'nullable-text',
      interviewAt: 'nullable-text',
      notes: 'text',
    },
    nameField: 'name',
    unique: false,
    orderBy: 'interview_at IS NULL, interview_at, name COLLATE NOCASE',
  },
];

export const ENTITY_KINDS: readonly EntityKind[] = ENTITY_DEFS.map((d) => d.kind);

export function entityDef(kind: EntityKind): EntityDef {
  const def = ENTITY_DEFS.find((d) => d.kind === kind);
  if (!def) throw new Error(`Unknown entity kind: ${kind}`);
  return def;
}

/**
 * A reference from one entity's field to another entity. `many` fields are
 * JSON arrays of ids; `jsonPath` reaches inside a JSON column ("eligibility" →
 * "$.roles"). On a cascading delete the referencing record is deleted, the id
 * is removed from its list (detach), or the field is set to null.
 */
export interface Reference {
  from: EntityKind;
  field: string;
  jsonPath?: string;
  to: EntityKind;
  many: boolean;
  onCascade: 'delete' | 'detach' | 'nullify';
}

export const REFERENCES: readonly Reference[] = [
  { from: 'questions', field: 'bankId', to: 'questionBanks', many: false, onCascade: 'delete' },
  { from: 'questions', field: 'competencyIds', to: 'competencies', many: true, onCascade: 'detach' },
  { from: 'roles', field: 'competencyIds', to: 'competencies', many: true, onCascade: 'detach' },
  {
    from: 'benefits',
    field: 'eligibility.roles',
    jsonPath: '$.roles',
    to: 'roles',
    many: true,
    onCascade: 'detach',
  },
  { from: 'stages', field: 'roleId', to: 'roles', many: false, onCascade: 'delete' },
  { from: 'stages', field: 'interviewerIds', to: 'interviewers', many: true, onCascade: 'detach' },
  {
    from: 'stages',
    field: 'focusCompetencyIds',
    to: 'competencies',
    many: true,
    onCascade: 'detach',
  },
  { from: 'stages', field: 'questionIds', to: 'questions', many: true, onCascade: 'detach' },
  { from: 'events', field: 'roleIds', to: 'roles', many: true, onCascade: 'detach' },
  { from: 'events', field: 'interviewerIds', to: 'interviewers', many: true, onCascade: 'detach' },
  { from: 'candidates', field: 'roleId', to: 'roles', many: false, onCascade: 'nullify' },
  { from: 'candidates', field: 'eventId', to: 'events', many: false, onCascade: 'nullify' },
];

export const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The column a reference lives in: its field's (first part's) snake_case name. */
export const columnOf = (ref: Reference): string => snake(ref.field.split('.')[0] ?? ref.field);

/** Reads a dotted field from a record. */
export function getPath(obj: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Ids a reference field holds ("any" and null hold none). */
export function idsAt(obj: Record<string, unknown>, ref: Reference): string[] {
  const v = getPath(obj, ref.field);
  if (ref.many) return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return typeof v === 'string' ? [v] : [];
}
