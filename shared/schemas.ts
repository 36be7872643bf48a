/**
 * The library's entities, declared once. Every write is validated with these
 * schemas (store, IPC, bundle import, CLI); every reader gets these types.
 *
 * Conventions: ids are UUIDs; timestamps are ISO-8601 strings in UTC;
 * free text is trimmed; lists keep the order the user gave them.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- primitives

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const Id = z
  .string({ message: 'is required' })
  .min(1, { message: 'is required' })
  .regex(UUID, { message: 'must be an id (UUID)' });
export type Id = z.infer<typeof Id>;

/** Text the user typed: trimmed, bounded so one field cannot swallow the file. */
/** Half of a surrogate pair with no other half (pasted from a broken source): not a character, so one U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD');
const text = (max: number) =>
  z
    .string()
    .overwrite(wellFormed)
    .trim()
    .max(max, { message: `must be at most ${max} characters` });
const requiredText = (max: number) => text(max).min(1, { message: 'is required' });

const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), {
    message: 'must be a web address starting with http:// or https://',
  });

const optionalEmail = z
  .string()
  .trim()
  .max(320)
  .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'must be an email address' });

const optionalPhone = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === '' || /^[+()\d][\d\s().\-/x+]*$/i.test(v), {
    message: 'must be a phone number (digits, spaces, + ( ) - .)',
  });

const textList = (maxItems: number, maxLen: number) =>
  z.array(requiredText(maxLen)).max(maxItems, { message: `must have at most ${maxItems} entries` });

const idList = z.array(Id).refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat an entry' });

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: 'must be a real calendar date',
  });

/** A local date and time without zone, as the user sees it on the schedule. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'must be a date and time as YYYY-MM-DDTHH:MM' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}:00Z`)), { message: 'must be a real date and time' });

export const Timestamp = z.string().datetime({ message: 'must be an ISO-8601 timestamp' });

// ---------------------------------------------------------------- enumerations

export const EMPLOYMENT_TYPES = ['full-time', 'part-time', 'contract', 'temporary', 'seasonal', 'internship'] as const;
export const EmploymentType = z.enum(EMPLOYMENT_TYPES);
export type EmploymentType = z.infer<typeof EmploymentType>;

export const BENEFIT_CATEGORIES = ['health', 'financial', 'time off', 'growth', 'wellbeing', 'perks', 'other'] as const;
export const BenefitCategory = z.enum(BENEFIT_CATEGORIES);
export type BenefitCategory = z.infer<typeof BenefitCategory>;

export const QUESTION_TYPES = [
  'behavioural',
  'situational',
  'technical',
  'motivational',
  'culture-add',
  'role-specific',
] as const;
export const QuestionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof QuestionType>;

export const DIFFICULTIES = ['introductory', 'intermediate', 'advanced'] as const;
export const Difficulty = z.enum(DIFFICULTIES);
export type Difficulty = z.infer<typeof Difficulty>;

export const STAGE_FORMATS = ['in-person', 'video', 'phone'] as const;
export const StageFormat = z.enum(STAGE_FORMATS);
export type StageFormat = z.infer<typeof StageFormat>;

export const PAGE_SIZES = ['Letter', 'A4'] as const;
export const PageSize = z.enum(PAGE_SIZES);
export type PageSize = z.infer<typeof PageSize>;

export const RATING_LEVELS = [1, 2, 3, 4] as const;

// ---------------------------------------------------------------- company profile

export const Logo = z.object({
  mime: z.enum(['image/png', 'image/jpeg'], { message: 'must be a PNG or JPEG image' }),
  /** Base64 of the image bytes. Checked for real PNG/JPEG content by shared/images. */
  data: z.string().min(1, { message: 'is empty' }).max(4_000_000, { message: 'must be under 3 MB' }),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Logo = z.infer<typeof Logo>;

export const CompanyValue = z.object({
  name: requiredText(80),
  description: text(600).default(''),
});
export type CompanyValue = z.infer<typeof CompanyValue>;

export const CompanyInput = z.object({
  name: requiredText(120),
  tagline: text(200).default(''),
  mission: text(2000).default(''),
  values: z.array(CompanyValue).max(20).default([]),
  story: text(6000).default(''),
  website: optionalUrl.default(''),
  careersUrl: optionalUrl.default(''),
  contactName: text(120).default(''),
  contactEmail: optionalEmail.default(''),
  contactPhone: optionalPhone.default(''),
  logo: Logo.nullable().default(null),
  brandColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour as #RRGGBB' })
    .default('#1F4E79'),
  pageSize: PageSize.default('Letter'),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as en-US' })
    .default('en-US'),
});
export type CompanyInput = z.input<typeof CompanyInput>;
export const Company = CompanyInput.extend({ updatedAt: Timestamp });
export type Company = z.infer<typeof Company>;

// ---------------------------------------------------------------- records

const record = { id: Id, createdAt: Timestamp, updatedAt: Timestamp };
/** Inputs may carry an id (bundle import, demo seed); otherwise the store makes one. */
const withOptionalId = { id: Id.optional() };

export const ProductInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  summary: text(1000).default(''),
  customerValue: text(1000).default(''),
  url: optionalUrl.default(''),
});
export type ProductInput = z.input<typeof ProductInput>;
export const Product = ProductInput.extend(record);
export type Product = z.infer<typeof Product>;

/** "any", or a non-empty list. */
const anyOr = <T extends z.ZodTypeAny>(item: T) =>
  z.union([z.literal('any'), z.array(item).min(1, { message: 'must list at least one entry, or be "any"' })]);

export const Eligibility = z.object({
  employmentTypes: anyOr(EmploymentType).default('any'),
  locations: anyOr(requiredText(120)).default('any'),
  roles: anyOr(Id).default('any'),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const BenefitInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  category: BenefitCategory,
  description: text(2000).default(''),
  eligibility: Eligibility.default({ employmentTypes: 'any', locations: 'any', roles: 'any' }),
  waitingPeriod: text(200).default(''),
  highlight: z.boolean().default(false),
});
export type BenefitInput = z.input<typeof BenefitInput>;
export const Benefit = BenefitInput.extend(record);
export type Benefit = z.infer<typeof Benefit>;

export const RatingAnchor = z.object({
  level: z.number().int().min(1).max(4),
  label: requiredText(40),
  anchor: requiredText(1000),
});
export type RatingAnchor = z.infer<typeof RatingAnchor>;

export const RatingGuide = z
  .array(RatingAnchor)
  .length(4, { message: 'must have exactly 4 levels' })
  .refine((g) => g.every((a, i) => a.level === i + 1), { message: 'levels must be 1, 2, 3, 4 in order' });

export const CompetencyInput = z.object({
  ...withOptionalId,
  name: requiredText(80),
  definition: text(1000).default(''),
  ratingGuide: RatingGuide,
});
export type CompetencyInput = z.input<typeof CompetencyInput>;
export const Competency = CompetencyInput.extend(record);
export type Competency = z.infer<typeof Competency>;

export const QuestionBankInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  description: text(1000).default(''),
});
export type QuestionBankInput = z.input<typeof QuestionBankInput>;
export const QuestionBank = QuestionBankInput.extend(record);
export type QuestionBank = z.infer<typeof QuestionBank>;

export const Probe = z.object({
  text: requiredText(500),
  /** A reflection probe asks what the experience taught and how it shapes the candidate's work today. */
  reflection: z.boolean().default(false),
});
export type Probe = z.infer<typeof Probe>;

export const QuestionInput = z.object({
  ...withOptionalId,
  bankId: Id,
  text: requiredText(1000),
  type: QuestionType,
  competencyIds: idList.pipe(z.array(Id).min(1, { message: 'must name at least one competency' })),
  probes: z.array(Probe).max(12).default([]),
  listenFor: text(2000).default(''),
  redFlags: text(2000).default(''),
  minutes: z.number().int().min(1, { message: 'must be at least 1 minute' }).max(90, { message: 'must be at most 90 minutes' }),
  difficulty: Difficulty.default('intermediate'),
  tags: z
    .array(z.string().trim().toLowerCase().min(1).max(40))
    .max(20)
    .default([])
    .transform((t) => [...new Set(t)]),
  required: z.boolean().default(false),
});
export type QuestionInput = z.input<typeof QuestionInput>;
export const Question = QuestionInput.extend(record);
export type Question = z.infer<typeof Question>;

export const PayRange = z
  .object({
    min: z.number().nonnegative(),
    max: z.number().nonnegative(),
    currency: z.string().trim().regex(/^[A-Z]{3}$/, { message: 'must be a 3-letter currency code such as USD' }),
    period: z.enum(['hour', 'year']),
  })
  .refine((p) => p.max >= p.min, { message: 'maximum must not be below minimum', path: ['max'] });
export type PayRange = z.infer<typeof PayRange>;

export const HiringStep = z.object({
  name: requiredText(120),
  description: text(1000).default(''),
  duration: text(80).default(''),
});
export type HiringStep = z.infer<typeof HiringStep>;

export const RoleInput = z.object({
  ...withOptionalId,
  title: requiredText(120),
  department: text(120).default(''),
  location: text(120).default(''),
  employmentType: EmploymentType,
  summary: text(3000).default(''),
  responsibilities: textList(40, 500).default([]),
  requirements: textList(40, 500).default([]),
  niceToHaves: textList(40, 500).default([]),
  payRange: PayRange.nullable().default(null),
  hiringManager: text(120).default(''),
  competencyIds: idList.default([]),
  hiringSteps: z.array(HiringStep).max(20).default([]),
});
export type RoleInput = z.input<typeof RoleInput>;
export const Role = RoleInput.extend(record);
export type Role = z.infer<typeof Role>;

export const StageInput = z.object({
  ...withOptionalId,
  roleId: Id,
  name: requiredText(120),
  /** Order of the stage within its role's process, from 1. */
  position: z.number().int().min(1).default(1),
  durationMinutes: z.number().int().min(5, { message: 'must be at least 5 minutes' }).max(480, { message: 'must be at most 480 minutes' }),
  format: StageFormat,
  interviewerIds: idList.default([]),
  focusCompetencyIds: idList.default([]),
  questionIds: idList.default([]),
  notes: text(3000).default(''),
});
export type StageInput = z.input<typeof StageInput>;
export const Stage = StageInput.extend(record);
export type Stage = z.infer<typeof Stage>;

export const InterviewerInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  title: text(120).default(''),
  pronouns: text(40).default(''),
  email: optionalEmail.default(''),
  bio: text(1500).default(''),
});
export type InterviewerInput = z.input<typeof InterviewerInput>;
export const Interviewer = InterviewerInput.extend(record);
export type Interviewer = z.infer<typeof Interviewer>;

export const EventInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  date: IsoDate,
  venue: text(300).default(''),
  roleIds: idList.default([]),
  interviewerIds: idList.default([]),
});
export type EventInput = z.input<typeof EventInput>;
export const HiringEvent = EventInput.extend(record);
export type HiringEvent = z.infer<typeof HiringEvent>;

export const CandidateInput = z.object({
  ...withOptionalId,
  name: requiredText(120),
  preferredName: text(120).default(''),
  pronouns: text(40).default(''),
  email: optionalEmail.default(''),
  phone: optionalPhone.default(''),
  roleId: Id.nullable().default(null),
  eventId: Id.nullable().default(null),
  interviewAt: LocalDateTime.nullable().default(null),
  notes: text(3000).default(''),
});
export type CandidateInput = z.input<typeof CandidateInput>;
export const Candidate = CandidateInput.extend(record);
export type Candidate = z.infer<typeof Candidate>;

export const EXPORT_KINDS = ['kit', 'packet', 'check-in', 'schedule', 'bundle', 'backup'] as const;
export const ExportLogInput = z.object({
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(['docx', 'pdf', 'html', 'json', 'sqlite']),
  subject: text(300).default(''),
  candidateId: Id.nullable().default(null),
  roleId: Id.nullable().default(null),
  path: requiredText(4000),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 hex digest' }),
});
export type ExportLogInput = z.input<typeof ExportLogInput>;
export const ExportLogEntry = ExportLogInput.extend({ id: Id, createdAt: Timestamp });
export type ExportLogEntry = z.infer<typeof ExportLogEntry>;

// ---------------------------------------------------------------- the library as a whole

/** Everything the documents are composed from, as plain data. */
export interface Library {
  company: Company | null;
  products: Product[];
  benefits: Benefit[];
  competencies: Competency[];
  questionBanks: QuestionBank[];
  questions: Question[];
  roles: Role[];
  stages: Stage[];
  interviewers: Interviewer[];
  events: HiringEvent[];
  candidates: Candidate[];
}

/** The entity kinds a user can list, in the words of the CLI. */
export const LIST_KINDS = [
  'roles',
  'stages',
  'benefits',
  'products',
  'competencies',
  'questions',
  'interviewers',
  'candidates',
  'events',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];
