/**
 * A small hand-made library for the document tests: one company, two roles of
 * different employment types and locations, three stages, four competencies,
 * eight questions, benefits with every kind of eligibility, products,
 * interviewers, a candidate and an event. Ids are fixed, so tests can name them.
 */
import JSZip from 'jszip';
import type { Block, DocModel, GroupBlock } from '../../shared/document-model';
import { flattenBlocks } from '../../shared/document-model';
import type {
  Benefit,
  Candidate,
  Company,
  Competency,
  HiringEvent,
  Interviewer,
  Library,
  Product,
  Question,
  Role,
  Stage,
} from '../../shared/schemas';

const T = '2025-01-06T09:00:00.000Z';
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const rec = { createdAt: T, updatedAt: T };

export const IDS = {
  roleEngineer: id(101),
  roleAssociate: id(102),
  stageTechnical: id(201),
  stageTeam: id(202),
  stagePhone: id(203),
  compProblem: id(301),
  compComms: id(302),
  compCustomer: id(303),
  compOwnership: id(304),
  bank: id(401),
  q: [id(501), id(502), id(503), id(504), id(505), id(506), id(507), id(508)] as const,
  iPriya: id(601),
  iMarcus: id(602),
  iJun: id(603),
  candidate: id(701),
  event: id(801),
  benefits: {
    health: id(901),
    dental: id(902),
    retirement: id(903),
    pto: id(904),
    learning: id(905),
    transit: id(906),
    homeOffice: id(907),
    discount: id(908),
  },
} as const;

/** A 192x56 PNG mark, standing in for a company logo. */
export const LOGO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAMAAAAA4CAYAAACrHfdzAAABLUlEQVR42u3cywkCQRBF0cnEfEzCPNy7MugRdy5EdOxPddU50AHYvCsyitsGAADQ0ely3t0CJYb+63FrlBu9GDB8IWD4QsD4RYDxiwDjFwHGLwKMXwQYvwgwfhEggDYBrPC6nMlvdpkvxpgEIABHAJkGIgABCEAAAhCAAAQQdPxPES7ImAQgAEcAI8fxSgBOqQDeEYBTIoBPBOCkDuAbfhdEyt/+/EIEpIrgCOMnRQD/EABLB9CCAFgygJZ6B3C933an7xGAAARQJYAeBCCAJSLoqdfnfwMVQJMARhCAAEIGMJIABBAqghlaPv40UAEcDmAmz/+ZGkEExs+UACIRAEMjiMj4Cf/tsP8ERQTGjwiMHxEYPyIwfkRg/AjB8BGC4SMGo6dMGG4BAACmeQCQCk9o+gddfgAAAABJRU5ErkJggg==';

export const company: Company = {
  name: 'Harbor & Pine Outfitters',
  tagline: 'Gear that lasts, for people who go outside.',
  mission: 'We make outdoor gear that is built to be repaired, not replaced, so more people can spend more time outside.',
  values: [
    { name: 'Built to last', description: 'We design for the tenth year of use, not the first week.' },
    { name: 'Say it plainly', description: 'We tell customers and each other what we know, what we do not, and what we will do next.' },
    { name: 'Leave it better', description: 'Every trail, store and pull request we touch should be better for the next person.' },
  ],
  story:
    'Harbor & Pine started in 2009 as a repair bench in the back of a Portland bike shop.\n\nToday we design and sell packs, shelters and apparel in twelve stores and online, and we still repair everything we sell.',
  website: 'https://harborpine.example',
  careersUrl: 'https://harborpine.example/careers',
  contactName: 'Dana Okafor',
  contactEmail: 'talent@harborpine.example',
  contactPhone: '+1 (503) 555-0142',
  logo: { mime: 'image/png', data: LOGO_PNG_BASE64, width: 192, height: 56 },
  brandColor: '#1F5F4A',
  pageSize: 'Letter',
  language: 'en-US',
  updatedAt: T,
};

const guide = (name: string): Competency['ratingGuide'] => [
  { level: 1, label: 'Not yet', anchor: `Shows little evidence of ${name}; examples are vague or second-hand.` },
  { level: 2, label: 'Developing', anchor: `Some evidence of ${name} with support; examples are partial.` },
  { level: 3, label: 'Strong', anchor: `Clear, specific evidence of ${name}, on their own, more than once.` },
  { level: 4, label: 'Exceptional', anchor: `Raises the bar for ${name}; others learn from how they do it.` },
];

const competency = (n: number, name: string, definition: string): Competency => ({
  id: id(n),
  name,
  definition,
  ratingGuide: guide(name.toLowerCase()),
  ...rec,
});

export const competencies: Competency[] = [
  competency(301, 'Problem solving', 'Breaks a messy problem into parts, weighs options and reaches a sound decision.'),
  competency(302, 'Communication', 'Explains ideas clearly to the audience at hand, and listens.'),
  competency(303, 'Customer focus', 'Starts from what the customer needs and follows through for them.'),
  competency(304, 'Ownership', 'Takes responsibility for outcomes, including the ones that went wrong.'),
];

const question = (n: number, text: string, competencyIds: string[], extra: Partial<Question> = {}): Question => ({
  id: id(n),
  bankId: IDS.bank,
  text,
  type: 'behavioural',
  competencyIds,
  probes: [],
  listenFor: '',
  redFlags: '',
  minutes: 8,
  difficulty: 'intermediate',
  tags: [],
  required: false,
  ...extra,
  ...rec,
});

export const questions: Question[] = [
  question(501, 'Tell me about the hardest bug you have tracked down.', [IDS.compProblem], {
    type: 'technical',
    required: true,
    minutes: 10,
    probes: [
      { text: 'How did you narrow down where it was?', reflection: false },
      { text: 'What did you try that did not work?', reflection: false },
      { text: 'What did that bug teach you, and how do you debug differently today because of it?', reflection: true },
    ],
    listenFor: 'A method rather than luck: hypotheses, evidence, narrowing down. Credit given to others.',
    redFlags: 'Blames tools or colleagues; cannot say what they would do differently.',
  }),
  question(502, 'Describe a time you had to explain a technical decision to someone outside engineering.', [IDS.compComms, IDS.compCustomer], {
    minutes: 8,
    probes: [
      { text: 'How did you check that they understood?', reflection: false },
      { text: 'Looking back, what did that conversation teach you about explaining?', reflection: true },
    ],
    listenFor: 'Adapts the words to the listener; checks understanding; no jargon.',
    redFlags: 'Talks down to the listener.',
  }),
  question(503, 'Tell me about a project that went wrong on your watch.', [IDS.compOwnership, IDS.compProblem], {
    required: true,
    minutes: 10,
    probes: [
      { text: 'When did you first notice it was going wrong?', reflection: false },
      { text: 'What did you own, and what did you hand over?', reflection: false },
      { text: 'How does what happened shape how you plan projects now?', reflection: true },
    ],
    listenFor: 'Owns their part without excuses; names concrete changes they made afterwards.',
    redFlags: 'Everything was someone else’s fault.',
  }),
  question(504, 'How would you design a gear-rental booking service for our stores?', [IDS.compProblem], {
    type: 'situational',
    difficulty: 'advanced',
    minutes: 12,
    probes: [{ text: 'What would you build first, and why?', reflection: false }],
    listenFor: 'Asks about users and constraints before drawing boxes.',
  }),
  question(505, 'Tell me about a customer you went out of your way for.', [IDS.compCustomer], {
    required: true,
    minutes: 6,
    probes: [
      { text: 'What did the customer need that they did not ask for?', reflection: false },
      { text: 'What did that teach you about serving customers?', reflection: true },
    ],
    listenFor: 'Listens for the real need; follows up.',
    redFlags: 'Treats the customer as an interruption.',
  }),
  question(506, 'What would you do if a customer brought back a pack that failed on a trip?', [IDS.compCustomer, IDS.compOwnership], {
    type: 'situational',
    minutes: 5,
    probes: [{ text: 'What would you say first?', reflection: false }],
    listenFor: 'Empathy first, then a fix; knows about the repair programme.',
  }),
  question(507, 'Tell me about a time you disagreed with a teammate.', [IDS.compComms], {
    minutes: 7,
    probes: [
      { text: 'How did it end?', reflection: false },
      { text: 'What did you learn about yourself from it?', reflection: true },
    ],
  }),
  question(508, 'Why outdoor gear, and why us?', [IDS.compOwnership], { type: 'motivational', minutes: 4 }),
];

export const roles: Role[] = [
  {
    id: IDS.roleEngineer,
    title: 'Senior Software Engineer',
    department: 'Digital',
    location: 'Remote',
    employmentType: 'full-time',
    summary:
      'Build and run the systems behind our online store, our repair programme and the tools our store teams use every day.',
    responsibilities: [
      'Design, build and operate services for the online store and the repair programme.',
      'Review code and mentor engineers on the team.',
      'Work with store teams to find and fix what slows them down.',
    ],
    requirements: ['Five or more years building web services in production.', 'Comfort owning a service end to end, on call included.'],
    niceToHaves: ['Experience with retail or inventory systems.', 'You spend your weekends outside.'],
    payRange: { min: 140000, max: 175000, currency: 'USD', period: 'year' },
    hiringManager: 'Priya Natarajan',
    competencyIds: [IDS.compProblem, IDS.compComms, IDS.compOwnership],
    hiringSteps: [
      { name: 'Phone screen', description: 'A short call about you and the role.', duration: '30 minutes' },
      { name: 'Technical conversation', description: 'A conversation about problems you have solved.', duration: '60 minutes' },
      { name: 'Team interview', description: 'Meet the people you would work with.', duration: '45 minutes' },
      { name: 'Decision', description: 'We decide and tell you, either way.', duration: 'within 5 working days' },
    ],
    ...rec,
  },
  {
    id: IDS.roleAssociate,
    title: 'Store Associate',
    department: 'Retail',
    location: 'Portland, OR',
    employmentType: 'part-time',
    summary: 'Help customers find the right gear, run the repair counter, and keep the store ready for the next adventure.',
    responsibilities: ['Advise customers on gear.', 'Take in and hand back repairs.'],
    requirements: ['Weekend availability.'],
    niceToHaves: [],
    payRange: { min: 19.5, max: 23, currency: 'USD', period: 'hour' },
    hiringManager: 'Marcus Lee',
    competencyIds: [IDS.compCustomer, IDS.compComms],
    hiringSteps: [{ name: 'Store conversation', description: '', duration: '30 minutes' }],
    ...rec,
  },
];

export const stages: Stage[] = [
  {
    id: IDS.stageTechnical,
    roleId: IDS.roleEngineer,
    name: 'Technical conversation',
    position: 2,
    durationMinutes: 60,
    format: 'video',
    interviewerIds: [IDS.iPriya],
    focusCompetencyIds: [IDS.compProblem, IDS.compOwnership],
    // q503 (ownership first) is listed before q501/q504 (problem solving), to test grouping.
    questionIds: [IDS.q[2], IDS.q[0], IDS.q[3]],
    notes: 'Give the candidate a minute to think before the design question. Do not ask about salary; HR covers it.',
    ...rec,
  },
  {
    id: IDS.stageTeam,
    roleId: IDS.roleEngineer,
    name: 'Team interview',
    position: 3,
    durationMinutes: 45,
    format: 'in-person',
    interviewerIds: [IDS.iPriya, IDS.iJun],
    focusCompetencyIds: [IDS.compComms, IDS.compCustomer],
    questionIds: [IDS.q[1], IDS.q[6]],
    notes: '',
    ...rec,
  },
  {
    id: IDS.stagePhone,
    roleId: IDS.roleAssociate,
    name: 'Store conversation',
    position: 1,
    durationMinutes: 30,
    format: 'phone',
    interviewerIds: [IDS.iMarcus],
    focusCompetencyIds: [IDS.compCustomer],
    questionIds: [IDS.q[4], IDS.q[5]],
    notes: '',
    ...rec,
  },
];

const benefit = (n: number, b: Omit<Benefit, 'id' | 'createdAt' | 'updatedAt'>): Benefit => ({ id: id(n), ...b, ...rec });
const anyone = { employmentTypes: 'any', locations: 'any', roles: 'any' } as const;

export const benefits: Benefit[] = [
  benefit(901, { name: 'Health insurance', category: 'health', description: 'Medical cover for you and your family; we pay 90% of the premium.', eligibility: { ...anyone }, waitingPeriod: '', highlight: true }),
  benefit(902, { name: 'Dental and vision', category: 'health', description: 'Dental and vision plans.', eligibility: { ...anyone, employmentTypes: ['full-time'] }, waitingPeriod: '30 days', highlight: false }),
  benefit(903, { name: '401(k) match', category: 'financial', description: 'We match 4% of your salary.', eligibility: { ...anyone, employmentTypes: ['full-time'] }, waitingPeriod: '90 days', highlight: false }),
  benefit(904, { name: 'Paid time off', category: 'time off', description: 'Time off that grows with you, plus your birthday.', eligibility: { ...anyone }, waitingPeriod: '', highlight: false }),
  benefit(905, { name: 'Learning budget', category: 'growth', description: '$2,000 a year for courses, books and conferences.', eligibility: { ...anyone, roles: [IDS.roleEngineer] }, waitingPeriod: '', highlight: false }),
  benefit(906, { name: 'Transit pass', category: 'perks', description: 'A free TriMet pass.', eligibility: { ...anyone, locations: ['Portland, OR'] }, waitingPeriod: '', highlight: true }),
  benefit(907, { name: 'Home office stipend', category: 'perks', description: '$500 to set up your desk.', eligibility: { ...anyone, locations: ['remote'] }, waitingPeriod: '', highlight: false }),
  benefit(908, { name: 'Gear discount', category: 'perks', description: '40% off everything we sell, and free repairs.', eligibility: { ...anyone }, waitingPeriod: '', highlight: true }),
];

export const products: Product[] = [
  { id: id(1001), name: 'Trailhead 30 pack', summary: 'A 30-litre day pack with a lifetime repair promise.', customerValue: 'One pack for years of trips, fixed free when it wears.', url: 'https://harborpine.example/trailhead', ...rec },
  { id: id(1002), name: 'Repair & Return', summary: 'Send us any worn Harbor & Pine gear and we fix it.', customerValue: 'Keep the gear you love going.', url: '', ...rec },
];

export const interviewers: Interviewer[] = [
  { id: IDS.iPriya, name: 'Priya Natarajan', title: 'Engineering Manager', pronouns: 'she/her', email: 'priya@harborpine.example', bio: 'Priya leads the digital team. Before Harbor & Pine she built logistics software, and she still repairs her own tent.', ...rec },
  { id: IDS.iMarcus, name: 'Marcus Lee', title: 'Store Manager, Pearl District', pronouns: 'he/him', email: '', bio: 'Marcus has run our Pearl District store for six years.', ...rec },
  { id: IDS.iJun, name: 'Jun Tanaka', title: 'Staff Engineer', pronouns: 'they/them', email: '', bio: '', ...rec },
];

export const events: HiringEvent[] = [
  { id: IDS.event, name: 'Spring hiring day', date: '2025-03-04', venue: 'Pearl District store', roleIds: [IDS.roleEngineer, IDS.roleAssociate], interviewerIds: [IDS.iPriya, IDS.iJun], ...rec },
];

export const candidates: Candidate[] = [
  { id: IDS.candidate, name: 'Alexandra Rivera', preferredName: 'Alex', pronouns: 'she/her', email: 'alex@example.com', phone: '', roleId: IDS.roleEngineer, eventId: IDS.event, interviewAt: '2025-03-04T10:00', notes: '', ...rec },
];

/** A fresh copy of the fixture library, safe to change in a test. */
export function makeLibrary(): Library {
  return structuredClone({
    company,
    products,
    benefits,
    competencies,
    questionBanks: [{ id: IDS.bank, name: 'Core questions', description: '', ...rec }],
    questions,
    roles,
    stages,
    interviewers,
    events,
    candidates,
  });
}

/** The question with id `qid`, from a library. */
export function questionOf(lib: Library, qid: string): Question {
  const q = lib.questions.find((x) => x.id === qid);
  if (!q) throw new Error(`fixture has no question ${qid}`);
  return q;
}

// ---------------------------------------------------------------- reading documents back


/** Every part of a .docx, by path, as text (XML parts) — images are skipped. */
export async function docxParts(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const parts = new Map<string, string>();
  for (const [path, file] of Object.entries(zip.files)) {
    if (!file.dir && /\.(xml|rels)$/.test(path)) parts.set(path, await file.async('string'));
  }
  return parts;
}

export function part(parts: Map<string, string>, path: string): string {
  const xml = parts.get(path);
  if (xml === undefined) throw new Error(`the .docx has no ${path}; it has ${[...parts.keys()].join(', ')}`);
  return xml;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export const unescapeXml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? ''),
  );

/** The text of each paragraph of a WordprocessingML part. */
export function paragraphTexts(xml: string): string[] {
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1] ?? '')).join(''))
    .filter((t) => t !== '');
}

/** Characters XML 1.0 forbids. */
export const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * A small well-formedness check: no illegal characters, every tag closed in
 * order, attributes quoted, entities known. Throws describing the first fault.
 */
export function assertWellFormedXml(xml: string, name = 'xml'): void {
  if (ILLEGAL_XML_CHARS.test(xml)) throw new Error(`${name}: has a character XML 1.0 forbids`);
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (const m of body.matchAll(token)) {
    if (m[0] === '<') throw new Error(`${name}: malformed tag near ${JSON.stringify(body.slice(m.index, m.index + 60))}`);
    if (m[0].startsWith('&')) throw new Error(`${name}: bare & near ${JSON.stringify(body.slice(m.index, m.index + 30))}`);
    if (m[0].startsWith('<!')) continue;
    const [, closing, tag, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== tag) throw new Error(`${name}: </${tag}> closes <${open ?? 'nothing'}>`);
    } else if (tag) stack.push(tag);
  }
  if (stack.length > 0) throw new Error(`${name}: <${stack[stack.length - 1]}> is never closed`);
}

/** The question blocks (keep-together groups) of a composed kit, in order. */
export function questionGroups(doc: DocModel): GroupBlock[] {
  return doc.blocks.filter((b): b is GroupBlock => b.kind === 'group' && b.blocks.some((c) => c.kind === 'rating' || c.kind === 'lines'));
}

/** Blocks of one kind, flattened out of groups. */
export function blocksOf<K extends Block['kind']>(doc: DocModel, kind: K): (Block & { kind: K })[] {
  return flattenBlocks(doc.blocks).filter((b): b is Block & { kind: K } => b.kind === kind);
}
