/**
 * Importing questions and candidates from spreadsheets: the pure rules the
 * service, the CLI and the window share. Which column holds which field
 * (guessed from the header row, changeable by the user), and how one row's
 * cells become an entity's values. No Node imports: the renderer uses this.
 *
 * Reading the file and resolving names (competencies, roles, events, banks)
 * against the library happen in electron/services/import.
 */
import { z } from 'zod';
import { CandidateInput, DIFFICULTIES, QUESTION_TYPES, QuestionInput, type Difficulty, type QuestionType } from './schemas';

// ---------------------------------------------------------------- kinds and fields

export const IMPORT_KINDS = ['questions', 'candidates'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const QUESTION_FIELDS = [
  'text',
  'type',
  'competencies',
  'probes',
  'reflectionProbe',
  'listenFor',
  'redFlags',
  'minutes',
  'difficulty',
  'tags',
  'required',
  'bank',
] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export const CANDIDATE_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'preferredName',
  'pronouns',
  'email',
  'phone',
  'role',
  'event',
  'interviewAt',
  'interviewDate',
  'notes',
] as const;
export type CandidateField = (typeof CANDIDATE_FIELDS)[number];

export type FieldOf<K extends ImportKind> = K extends 'questions' ? QuestionField : CandidateField;

/** Which header (by index) holds each field; null or absent: not in the file. */
export type ImportMapping<K extends ImportKind = ImportKind> = Partial<Record<FieldOf<K>, number | null>>;

export interface FieldInfo {
  /** How the window and the messages name the field. */
  label: string;
  /** One line for the mapping screen. */
  hint: string;
  /** Header spellings recognised exactly (after normaliseHeader). */
  exact: readonly string[];
  /** Words that, found inside a header nobody claimed exactly, point to this field. */
  contains: readonly string[];
}

export const QUESTION_FIELD_INFO: Record<QuestionField, FieldInfo> = {
  text: {
    label: 'Question',
    hint: 'the question as the interviewer asks it (required)',
    exact: ['question', 'questiontext', 'questions', 'text', 'prompt', 'interviewquestion', 'wording'],
    contains: ['question', 'prompt'],
  },
  type: {
    label: 'Type',
    hint: `${QUESTION_TYPES.join(', ')} (default behavioural)`,
    exact: ['type', 'questiontype', 'typeofquestion', 'kind', 'style'],
    contains: ['type'],
  },
  competencies: {
    label: 'Competencies',
    hint: 'competency names, several separated by ; or | (required)',
    exact: ['competency', 'competencies', 'competence', 'competences', 'skill', 'skills', 'assesses'],
    contains: ['competenc', 'skill'],
  },
  probes: {
    label: 'Probes',
    hint: 'follow-up probes separated by ; or a new line; start one with "Reflection:" or "[R]" for a reflection probe',
    exact: ['probe', 'probes', 'followup', 'followups', 'followupquestions', 'followupprobes', 'probingquestions'],
    contains: ['probe', 'followup'],
  },
  reflectionProbe: {
    label: 'Reflection probe',
    hint: 'reflection probes (what it taught them, how it shapes their work today)',
    exact: ['reflectionprobe', 'reflectionprobes', 'reflection', 'reflections', 'reflectionquestion'],
    contains: ['reflect'],
  },
  listenFor: {
    label: 'Listen for',
    hint: 'what a good answer shows',
    exact: ['listenfor', 'lookfor', 'whattolistenfor', 'whattolookfor', 'goodanswer', 'signals', 'greenflags'],
    contains: ['listen', 'lookfor', 'greenflag'],
  },
  redFlags: {
    label: 'Red flags',
    hint: 'warning signs in an answer',
    exact: ['redflags', 'redflag', 'warningsigns', 'concerns', 'watchoutfor'],
    contains: ['redflag', 'warning'],
  },
  minutes: {
    label: 'Minutes',
    hint: 'time to allow, 1 to 90 (default 5)',
    exact: ['minutes', 'mins', 'min', 'time', 'duration', 'timeminutes', 'durationminutes', 'timemins'],
    contains: ['minute', 'duration'],
  },
  difficulty: {
    label: 'Difficulty',
    hint: `${DIFFICULTIES.join(', ')} (default intermediate)`,
    exact: ['difficulty', 'level', 'difficultylevel'],
    contains: ['difficult'],
  },
  tags: {
    label: 'Tags',
    hint: 'tags separated by ; , or |',
    exact: ['tags', 'tag', 'keywords', 'labels'],
    contains: ['tag', 'keyword'],
  },
  required: {
    label: 'Required',
    hint: 'yes or no: must every kit ask it (default no)',
    exact: ['required', 'mandatory', 'mustask', 'isrequired'],
    contains: ['required', 'mandatory'],
  },
  bank: {
    label: 'Bank',
    hint: 'question bank name (created if new); default: the bank chosen for the import',
    exact: ['bank', 'questionbank', 'bankname', 'questionset'],
    contains: ['bank'],
  },
};

export const CANDIDATE_FIELD_INFO: Record<CandidateField, FieldInfo> = {
  name: {
    label: 'Name',
    hint: 'full name (or map First name and Last name)',
    exact: ['name', 'fullname', 'candidate', 'candidatename', 'applicant', 'applicantname', 'person'],
    contains: ['fullname', 'candidatename', 'applicantname'],
  },
  firstName: {
    label: 'First name',
    hint: 'joined with the last name when there is no Name column',
    exact: ['firstname', 'givenname', 'forename', 'first'],
    contains: ['firstname', 'givenname', 'forename'],
  },
  lastName: {
    label: 'Last name',
    hint: 'joined with the first name when there is no Name column',
    exact: ['lastname', 'surname', 'familyname', 'last'],
    contains: ['lastname', 'surname', 'familyname'],
  },
  preferredName: {
    label: 'Preferred name',
    hint: 'what they like to be called',
    exact: ['preferredname', 'nickname', 'goesby', 'knownas', 'preferred', 'preferredfirstname'],
    contains: ['preferred', 'nickname'],
  },
  pronouns: {
    label: 'Pronouns',
    hint: 'e.g. she/her',
    exact: ['pronouns', 'pronoun'],
    contains: ['pronoun'],
  },
  email: {
    label: 'Email',
    hint: 'email address',
    exact: ['email', 'emailaddress', 'mail', 'emailid'],
    contains: ['email'],
  },
  phone: {
    label: 'Phone',
    hint: 'phone number',
    exact: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'telephone', 'tel'],
    contains: ['phone', 'mobile'],
  },
  role: {
    label: 'Role',
    hint: 'the role’s title, as in the library',
    exact: ['role', 'job', 'position', 'jobtitle', 'title', 'roletitle', 'positiontitle', 'vacancy', 'appliedfor', 'positionappliedfor'],
    contains: ['role', 'position', 'job'],
  },
  event: {
    label: 'Event',
    hint: 'hiring event name; default: the event chosen for the import',
    exact: ['event', 'hiringevent', 'eventname', 'hiringday'],
    contains: ['event'],
  },
  interviewAt: {
    label: 'Interview time',
    hint: '2027-03-13 10:00, 3/13/2027 10:00 AM, or just 10:30 on the event’s date',
    exact: ['interviewtime', 'time', 'timeslot', 'slot', 'interview', 'interviewat', 'interviewdatetime', 'datetime', 'when', 'starttime', 'scheduled'],
    contains: ['time', 'slot'],
  },
  interviewDate: {
    label: 'Interview date',
    hint: 'the date, when the time is in a column of its own',
    exact: ['interviewdate', 'date', 'day'],
    contains: ['date'],
  },
  notes: {
    label: 'Notes',
    hint: 'anything else for the interviewers',
    exact: ['notes', 'note', 'comments', 'comment', 'remarks'],
    contains: ['note', 'comment'],
  },
};

export function fieldsOf<K extends ImportKind>(kind: K): readonly FieldOf<K>[] {
  const fields: readonly string[] = kind === 'questions' ? QUESTION_FIELDS : CANDIDATE_FIELDS;
  return fields as readonly FieldOf<K>[];
}

export function fieldInfo(kind: ImportKind, field: string): FieldInfo | undefined {
  const table: Record<string, FieldInfo> = kind === 'questions' ? QUESTION_FIELD_INFO : CANDIDATE_FIELD_INFO;
  return Object.hasOwn(table, field) ? table[field] : undefined;
}

// ---------------------------------------------------------------- recognising headers

/** "E-mail " → "email", "Job Title" → "jobtitle", "Zoë" → "zoe": case, space, punctuation and accents ignored. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The column of each field, guessed from the header row. A header whose
 * whole spelling is known wins; then a header containing a telling word
 * ("Candidate email address"). Each header feeds at most one field, the
 * leftmost of several equal headers wins, and unguessed fields are null.
 */
export function guessMapping<K extends ImportKind>(kind: K, headers: readonly string[]): Record<FieldOf<K>, number | null> {
  const fields = fieldsOf(kind);
  const mapping = Object.fromEntries(fields.map((f) => [f, null])) as Record<FieldOf<K>, number | null>;
  const keys = headers.map(normaliseHeader);
  const used = new Set<number>();
  const info = (f: FieldOf<K>): FieldInfo => fieldInfo(kind, f) as FieldInfo;
  const claim = (field: FieldOf<K>, index: number) => {
    mapping[field] = index;
    used.add(index);
  };
  keys.forEach((key, index) => {
    const field = key ? fields.find((f) => mapping[f] === null && info(f).exact.includes(key)) : undefined;
    if (field !== undefined) claim(field, index);
  });
  keys.forEach((key, index) => {
    if (!key || used.has(index)) return;
    const field = fields.find((f) => mapping[f] === null && info(f).contains.some((word) => key.includes(word)));
    if (field !== undefined) claim(field, index);
  });
  return mapping;
}

/** Fields a file must have a column for; each entry names what is missing. */
export function missingColumns(kind: ImportKind, mapping: ImportMapping): string[] {
  const has = (f: string) => typeof (mapping as Record<string, number | null | undefined>)[f] === 'number';
  if (kind === 'questions') {
    return [
      ...(has('text') ? [] : ['the question text (a column such as "Question")']),
      ...(has('competencies') ? [] : ['the competencies (a column such as "Competencies")']),
    ];
  }
  return has('name') || has('firstName') || has('lastName')
    ? []
    : ['the candidate’s name (a column such as "Name", or "First name" and "Last name")'];
}

/** Header columns no field is mapped to. */
export function unmappedHeaders(headers: readonly string[], mapping: ImportMapping): string[] {
  const used = new Set(Object.values(mapping as Record<string, number | null | undefined>));
  return headers.filter((h, i) => h !== '' && !used.has(i));
}

// ---------------------------------------------------------------- cells

export interface RowProblem {
  /** The import field the problem is about ("email"); "" for the whole row. */
  field: string;
  message: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });
const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 59)}…` : s}"`;

/** The trimmed cell of a field, "" when the field is not mapped or the row is short. */
export function cellOf(cells: readonly string[], mapping: ImportMapping, field: string): string {
  const index = (mapping as Record<string, number | null | undefined>)[field];
  return typeof index === 'number' ? (cells[index] ?? '').trim() : '';
}

/** Items of a list cell: split on the given separators, trimmed, empties dropped. */
export function splitList(cell: string, separators: RegExp): string[] {
  return cell
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export const NAME_LIST_SEPARATORS = /[;|\r\n]+/;
export const PROBE_SEPARATORS = /[;\r\n]+/;
export const TAG_SEPARATORS = /[;,|\r\n]+/;

const TRUE_WORDS = ['yes', 'y', 'true', 't', '1', 'x', '✓', '✔'];
const FALSE_WORDS = ['no', 'n', 'false', 'f', '0', '-'];

export function parseYesNo(cell: string): Parsed<boolean> {
  const v = cell.trim().toLowerCase();
  if (v === '' || FALSE_WORDS.includes(v)) return ok(false);
  if (TRUE_WORDS.includes(v)) return ok(true);
  return fail(`${quote(cell)} must be yes or no (also true/false, 1/0, or x for yes)`);
}

export const DEFAULT_MINUTES = 5;

export function parseMinutes(cell: string): Parsed<number> {
  const v = cell.trim();
  if (v === '') return ok(DEFAULT_MINUTES);
  const m = /^(\d+(?:[.,]\d+)?)\s*(m|min|mins|minute|minutes)?\.?$/i.exec(v);
  if (!m?.[1]) return fail(`${quote(cell)} must be a number of minutes, such as 5`);
  const n = Number(m[1].replace(',', '.'));
  return Number.isInteger(n) ? ok(n) : fail(`${quote(cell)} must be a whole number of minutes`);
}

const TYPE_SPELLINGS: Record<string, QuestionType> = {
  behavioral: 'behavioural',
  culture: 'culture-add',
  role: 'role-specific',
  motivation: 'motivational',
  technicalskill: 'technical',
};

export function parseQuestionType(cell: string): Parsed<QuestionType> {
  const key = cell.toLowerCase().replace(/[^a-z]/g, '');
  if (key === '') return ok('behavioural');
  const found = QUESTION_TYPES.find((t) => t.replace(/[^a-z]/g, '') === key) ?? TYPE_SPELLINGS[key];
  return found ? ok(found) : fail(`${quote(cell)} must be one of: ${QUESTION_TYPES.join(', ')}`);
}

const DIFFICULTY_SPELLINGS: Record<string, Difficulty> = {
  easy: 'introductory',
  basic: 'introductory',
  beginner: 'introductory',
  intro: 'introductory',
  medium: 'intermediate',
  moderate: 'intermediate',
  hard: 'advanced',
  difficult: 'advanced',
  expert: 'advanced',
};

export function parseDifficulty(cell: string): Parsed<Difficulty> {
  const key = cell.toLowerCase().replace(/[^a-z]/g, '');
  if (key === '') return ok('intermediate');
  const found = DIFFICULTIES.find((d) => d === key) ?? DIFFICULTY_SPELLINGS[key];
  return found ? ok(found) : fail(`${quote(cell)} must be one of: ${DIFFICULTIES.join(', ')}`);
}

export interface ProbeValue {
  text: string;
  reflection: boolean;
}

const REFLECTION_MARK = /^(?:reflection\s*:|\[r\])\s*/i;

/** Probes from the probes cell (a "Reflection:" or "[R]" prefix marks a reflection probe) and the reflection cell. */
export function parseProbes(probesCell: string, reflectionCell: string): ProbeValue[] {
  const marked = splitList(probesCell, PROBE_SEPARATORS).map((p) =>
    REFLECTION_MARK.test(p) ? { text: p.replace(REFLECTION_MARK, '').trim(), reflection: true } : { text: p, reflection: false },
  );
  const reflections = splitList(reflectionCell, PROBE_SEPARATORS).map((p) => ({
    text: p.replace(REFLECTION_MARK, '').trim(),
    reflection: true,
  }));
  return [...marked, ...reflections].filter((p) => p.text !== '');
}

// ---------------------------------------------------------------- dates and times

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const TIME = /^(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m?\.?$|^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?$/i;

/** "10:30", "10:30:00", "2:15 PM", "10am", "14h30" → "HH:MM", or null. */
export function parseTimeOfDay(text: string): string | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const ampm = m[4]?.toLowerCase();
  let hour = Number(m[1] ?? m[5]);
  const minute = Number(m[2] ?? m[6] ?? '0');
  if (minute > 59) return null;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'p' ? 12 : 0);
  }
  return hour <= 23 ? `${pad(hour)}:${pad(minute)}` : null;
}

/**
 * "2027-03-13", "3/13/2027" (month first, as in the US, unless the first
 * number cannot be a month), "13.03.2027" (day first) → "YYYY-MM-DD", or null.
 */
export function parseDateText(text: string): string | null {
  const v = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const other = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})$/.exec(v);
  if (!other) return null;
  const [a, b, year] = [Number(other[1]), Number(other[3]), Number(other[4])];
  const y = year < 100 ? 2000 + year : year;
  const dayFirst = other[2] === '.' || a > 12;
  return dayFirst ? realDate(y, b, a) : realDate(y, a, b);
}

const DATE_THEN_TIME = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([/.])\d{1,2}\2(?:\d{4}|\d{2}))(?:[T\s,]+(.+))?$/i;

/**
 * An interview time as the schedule stores it, "YYYY-MM-DDTHH:MM".
 * A time alone ("10:30") takes `dateIfOnlyTime` (the date column's or the event's date).
 */
export function parseInterviewTime(text: string, dateIfOnlyTime: string | null): Parsed<string | null> {
  const v = text.trim();
  if (v === '') return ok(null);
  const example = 'write it as 2027-03-13 10:00 (or just 10:00 for the event’s date)';
  const onlyTime = parseTimeOfDay(v);
  if (onlyTime) {
    return dateIfOnlyTime
      ? ok(`${dateIfOnlyTime}T${onlyTime}`)
      : fail(`${quote(v)} is a time without a date; add the date, or an event whose date to use`);
  }
  const m = DATE_THEN_TIME.exec(v);
  const date = m?.[1] ? parseDateText(m[1]) : null;
  if (!m || !date) return fail(`${quote(v)} is not a date and time; ${example}`);
  if (!m[3]) return fail(`${quote(v)} has a date but no time; ${example}`);
  const time = parseTimeOfDay(m[3]);
  return time ? ok(`${date}T${time}`) : fail(`${quote(v)} has a time that cannot be read; ${example}`);
}

// ---------------------------------------------------------------- rows → drafts

/** A question row's own values; names still to be matched to the library. */
export interface QuestionDraft {
  values: {
    text: string;
    type: QuestionType;
    probes: ProbeValue[];
    listenFor: string;
    redFlags: string;
    minutes: number;
    difficulty: Difficulty;
    tags: string[];
    required: boolean;
  };
  competencyNames: string[];
  /** The row's bank cell ("" when empty or not mapped). */
  bankName: string;
  problems: RowProblem[];
}

const MAX_PROBES = 12;

/** Takes a parsed value, or records its problem and uses the fallback. */
function take<T>(parsed: Parsed<T>, field: string, fallback: T, problems: RowProblem[]): T {
  if (parsed.ok) return parsed.value;
  problems.push({ field, message: parsed.message });
  return fallback;
}

export function draftQuestion(cells: readonly string[], mapping: ImportMapping<'questions'>): QuestionDraft {
  const cell = (f: QuestionField) => cellOf(cells, mapping, f);
  const problems: RowProblem[] = [];
  const probes = parseProbes(cell('probes'), cell('reflectionProbe'));
  if (probes.length > MAX_PROBES) {
    problems.push({ field: 'probes', message: `has ${probes.length} probes; at most ${MAX_PROBES} are allowed` });
  }
  return {
    values: {
      text: cell('text'),
      type: take(parseQuestionType(cell('type')), 'type', 'behavioural', problems),
      probes,
      listenFor: cell('listenFor'),
      redFlags: cell('redFlags'),
      minutes: take(parseMinutes(cell('minutes')), 'minutes', DEFAULT_MINUTES, problems),
      difficulty: take(parseDifficulty(cell('difficulty')), 'difficulty', 'intermediate', problems),
      tags: splitList(cell('tags'), TAG_SEPARATORS),
      required: take(parseYesNo(cell('required')), 'required', false, problems),
    },
    competencyNames: splitList(cell('competencies'), NAME_LIST_SEPARATORS),
    bankName: cell('bank'),
    problems,
  };
}

/** A candidate row's own values; role, event and time still to be matched and read. */
export interface CandidateDraft {
  values: { name: string; preferredName: string; pronouns: string; email: string; phone: string; notes: string };
  roleName: string;
  eventName: string;
  interviewTime: string;
  interviewDate: string;
  problems: RowProblem[];
}

export function draftCandidate(cells: readonly string[], mapping: ImportMapping<'candidates'>): CandidateDraft {
  const cell = (f: CandidateField) => cellOf(cells, mapping, f);
  const fullName = cell('name') || [cell('firstName'), cell('lastName')].filter((s) => s !== '').join(' ');
  return {
    values: {
      name: fullName,
      preferredName: cell('preferredName'),
      pronouns: cell('pronouns'),
      email: cell('email'),
      phone: cell('phone'),
      notes: cell('notes'),
    },
    roleName: cell('role'),
    eventName: cell('event'),
    interviewTime: cell('interviewAt'),
    interviewDate: cell('interviewDate'),
    problems: [],
  };
}

/** The key two rows share when they are the same question: its text, case and spacing ignored. */
export function questionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The same for people's names and emails. */
export const personKey = questionKey;

// ---------------------------------------------------------------- the preview, as data

/** A spreadsheet read into rows of text. `line` is the row number the user sees (header = 1 in most files). */
export const ImportTableSchema = z.object({
  file: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number().int().min(1), cells: z.array(z.string()) })),
});
export type ImportTable = z.infer<typeof ImportTableSchema>;
export type ImportTableRow = ImportTable['rows'][number];

export const ImportKindSchema = z.enum(IMPORT_KINDS);
export const ImportMappingSchema = z.record(z.string(), z.number().int().min(0).nullable());
export const ImportOptionsSchema = z.object({
  /** Questions: the bank for rows without a bank cell (name or id; created when new). */
  bank: z.string().trim().optional(),
  /** Candidates: the hiring event for rows without an event cell (name or id). */
  event: z.string().trim().optional(),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/** A question ready to store, with its bank by name (the bank may be created by the import). */
export const QuestionImportInput = QuestionInput.omit({ id: true, bankId: true }).extend({
  bank: z.string().trim().min(1, { message: 'is required' }).max(120, { message: 'must be at most 120 characters' }),
});
export type QuestionImportInput = z.output<typeof QuestionImportInput>;
export const CandidateImportInput = CandidateInput.omit({ id: true });
export type CandidateImportInput = z.output<typeof CandidateImportInput>;

const Line = z.number().int().min(1);
const RejectedRow = z.object({ line: Line, ok: z.literal(false), errors: z.array(z.string()).min(1) });
const rowsOf = <T extends z.ZodType>(input: T) =>
  z.array(z.union([z.object({ line: Line, ok: z.literal(true), input }), RejectedRow]));
const Counts = z.object({ total: z.number().int(), valid: z.number().int(), rejected: z.number().int() });

export const ImportPreviewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('questions'),
    file: z.string(),
    rows: rowsOf(QuestionImportInput),
    counts: Counts,
    /** Banks the import will create (valid rows name them and the library has none of that name). */
    newBanks: z.array(z.string()),
  }),
  z.object({ kind: z.literal('candidates'), file: z.string(), rows: rowsOf(CandidateImportInput), counts: Counts }),
]);
export type ImportPreview = z.output<typeof ImportPreviewSchema>;
export type QuestionsPreview = Extract<ImportPreview, { kind: 'questions' }>;
export type CandidatesPreview = Extract<ImportPreview, { kind: 'candidates' }>;
export type PreviewRow = ImportPreview['rows'][number];

export const ImportResultSchema = z.object({
  kind: ImportKindSchema,
  file: z.string(),
  imported: z.number().int(),
  /** Rows left out (only with skipInvalid). */
  skipped: z.number().int(),
  ids: z.array(z.string()),
  createdBanks: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
