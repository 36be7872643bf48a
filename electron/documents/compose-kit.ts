/**
 * The interview kit: what the interviewer holds during one stage of a role's
 * interviews. Pure: library data in, document model out.
 */
import type { Benefit, Candidate, Company, Competency, Interviewer, Library, Question, Role, Stage } from '../../shared/schemas';
import { contextOfRole, eligibleBenefits } from '../../shared/eligibility';
import {
  bold,
  box,
  bullets,
  checklist,
  group,
  heading,
  intro,
  numbered,
  pageBreak,
  para,
  txt,
} from '../../shared/document-model';
import type { Block, DocModel, Runs, TableBlock } from '../../shared/document-model';
import type { Composed, Warning } from './common';
import {
  byId,
  companyOf,
  documentMeta,
  invalid,
  logoImage,
  optionalCandidate,
  requireInterviewers,
  requireRole,
  resolveStoredInterviewers,
} from './common';
import {
  capitalise,
  employmentLabel,
  formatMinutes,
  formatOffset,
  formatClock,
  formatWhen,
  joinNames,
  parseWhen,
  stageFormatLabel,
} from './format';
import type { ParsedWhen } from './format';
import { namedItem, productList, section, textBlocks, valuesList } from './pieces';

export interface KitOptions {
  roleId: string;
  stageId: string;
  candidateId?: string | null;
  interviewerIds?: string[];
  /** YYYY-MM-DD or YYYY-MM-DDTHH:MM; defaults to the candidate's interview time. */
  date?: string;
}

/** Questions shown under one heading: a focus competency, or "Other questions" (competency null). */
export interface QuestionGroup {
  competency: Competency | null;
  questions: Question[];
}

export interface AgendaItem {
  item: string;
  minutes: number;
}

export interface Agenda {
  items: AgendaItem[];
  total: number;
  overBy: number;
}

interface KitContext {
  lib: Library;
  company: Company | null;
  role: Role;
  stage: Stage;
  candidate: Candidate | null;
  interviewers: Interviewer[];
  when: ParsedWhen | null;
  language: string;
  focus: Competency[];
  groups: QuestionGroup[];
  agenda: Agenda;
  warnings: Warning[];
}

export const RECOMMENDATIONS = ['Strong no', 'No', 'Yes', 'Strong yes', 'No decision'] as const;
const NOTE_LINES = 5;
const TAKEAWAY_LINES = 6;

export function composeKit(lib: Library, opts: KitOptions): Composed {
  const ctx = kitContext(lib, opts);
  const doc: DocModel = {
    meta: documentMeta(
      ctx.company,
      'kit',
      `Interview kit: ${ctx.role.title}, ${ctx.stage.name}`,
      ctx.candidate ? `Interview with ${ctx.candidate.name}` : `${ctx.role.title} interview`,
    ),
    blocks: [
      ...cover(ctx),
      pageBreak(),
      ...prepSection(ctx),
      ...agendaSection(ctx),
      ...roleBrief(ctx),
      pageBreak(),
      ...questionsSection(ctx),
      ...sellingSection(ctx),
      pageBreak(),
      ...closingSection(),
      ...scorecard(ctx),
    ],
  };
  return { doc, warnings: ctx.warnings };
}

// ---------------------------------------------------------------- gathering

function kitContext(lib: Library, opts: KitOptions): KitContext {
  const role = requireRole(lib, opts.roleId);
  const stage = byId(lib.stages, opts.stageId);
  if (!stage) throw invalid(`No stage matches "${opts.stageId}".`);
  if (stage.roleId !== role.id) {
    throw invalid(`Stage "${stage.name}" belongs to another role, not to "${role.title}". Choose a stage of "${role.title}".`);
  }
  const warnings: Warning[] = [];
  const company = companyOf(lib, warnings);
  const language = company?.language ?? 'en-US';
  const candidate = optionalCandidate(lib, opts.candidateId);
  const interviewers = opts.interviewerIds
    ? requireInterviewers(lib, opts.interviewerIds)
    : resolveStoredInterviewers(lib, stage.interviewerIds, warnings);
  const whenText = opts.date ?? candidate?.interviewAt ?? null;
  const when = whenText ? parseWhen(whenText) : null;
  const focus = focusCompetencies(lib, stage, warnings);
  const questions = selectedQuestions(lib, stage, warnings);
  if (questions.length === 0) {
    warnings.push({ code: 'no-questions', message: `Stage "${stage.name}" has no questions selected: the kit has none to ask.` });
  }
  const groups = groupQuestions(questions, focus);
  checkCoverage(focus, questions, lib, warnings);
  const agenda = planAgenda(stage.durationMinutes, groups);
  if (agenda.overBy > 0) {
    warnings.push({
      code: 'over-time',
      message: `The plan takes ${agenda.total} minutes, ${agenda.overBy} more than the ${stage.durationMinutes} minutes of "${stage.name}". Drop a question or lengthen the stage.`,
    });
  }
  return { lib, company, role, stage, candidate, interviewers, when, language, focus, groups, agenda, warnings };
}

function focusCompetencies(lib: Library, stage: Stage, warnings: Warning[]): Competency[] {
  return stage.focusCompetencyIds.flatMap((id) => {
    const c = byId(lib.competencies, id);
    if (!c) warnings.push({ code: 'missing-competency', message: `Focus competency ${id} is no longer in the library; left out.` });
    return c ? [c] : [];
  });
}

function selectedQuestions(lib: Library, stage: Stage, warnings: Warning[]): Question[] {
  return stage.questionIds.flatMap((id) => {
    const q = byId(lib.questions, id);
    if (!q) {
      warnings.push({
        code: 'missing-question',
        message: `Question ${id} of stage "${stage.name}" is no longer in the library; left out.`,
      });
    }
    return q ? [q] : [];
  });
}

/**
 * Each question goes under its first competency that the stage focuses on;
 * groups follow the stage's focus order, questions keep the stage's order.
 * Questions with no focus competency come last, under "Other questions".
 */
export function groupQuestions(questions: readonly Question[], focus: readonly Competency[]): QuestionGroup[] {
  const focusIds = new Set(focus.map((c) => c.id));
  const home = (q: Question): string | null => q.competencyIds.find((id) => focusIds.has(id)) ?? null;
  const groups: QuestionGroup[] = focus.map((c) => ({ competency: c, questions: questions.filter((q) => home(q) === c.id) }));
  const others = questions.filter((q) => home(q) === null);
  return others.length > 0 ? [...groups, { competency: null, questions: others }] : groups;
}

function checkCoverage(focus: readonly Competency[], questions: readonly Question[], lib: Library, warnings: Warning[]): void {
  const focusIds = new Set(focus.map((c) => c.id));
  for (const c of focus) {
    if (!questions.some((q) => q.competencyIds.includes(c.id))) {
      warnings.push({
        code: 'uncovered-competency',
        message: `No selected question assesses "${c.name}", a focus of this stage. Add a question for it.`,
      });
    }
  }
  for (const q of questions) {
    if (!q.competencyIds.some((id) => focusIds.has(id))) {
      const names = q.competencyIds.map((id) => byId(lib.competencies, id)?.name ?? id);
      warnings.push({
        code: 'off-focus-question',
        message: `"${shorten(q.text)}" assesses ${joinNames(names)}, none of which this stage focuses on.`,
      });
    }
  }
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Welcome 5, the questions (their minutes, per group), pitch 5, the
 * candidate's questions 5-10 and close 2-3: the flexible items take what time
 * is left, within their ranges.
 */
export function planAgenda(durationMinutes: number, groups: readonly QuestionGroup[]): Agenda {
  const questionItems = groups
    .filter((g) => g.questions.length > 0)
    .map((g) => ({
      item: g.competency ? `Questions: ${g.competency.name}` : 'Other questions',
      minutes: g.questions.reduce((sum, q) => sum + q.minutes, 0),
    }));
  const fixed = 5 + questionItems.reduce((s, i) => s + i.minutes, 0) + 5;
  const left = durationMinutes - fixed;
  const candidateQuestions = clamp(left - 3, 5, 10);
  const close = clamp(left - candidateQuestions, 2, 3);
  const items: AgendaItem[] = [
    { item: 'Welcome and introductions', minutes: 5 },
    ...questionItems,
    { item: 'The company and the role: your pitch', minutes: 5 },
    { item: 'The candidate’s questions', minutes: candidateQuestions },
    { item: 'Close and next steps', minutes: close },
  ];
  const total = items.reduce((s, i) => s + i.minutes, 0);
  return { items, total, overBy: Math.max(0, total - durationMinutes) };
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

// ---------------------------------------------------------------- sections

function cover(ctx: KitContext): Block[] {
  const { company, role, stage, candidate, interviewers } = ctx;
  const logo = company ? logoImage(company.logo, company.name, 220, 90) : null;
  const blank = null;
  return [
    ...(logo ? [{ kind: 'image' as const, image: logo }] : []),
    ...(company ? [para([txt(company.name, { bold: true, tone: 'brand' })], 'lead')] : []),
    para('Interview kit', 'title'),
    para(`${role.title} · ${stage.name}`, 'subtitle'),
    {
      kind: 'details',
      items: [
        { label: 'Role', value: [txt(roleLine(role))] },
        { label: 'Stage', value: [txt(`${stage.name} (stage ${stage.position})`)] },
        { label: 'Format', value: [txt(stageFormatLabel(stage.format))] },
        { label: 'Duration', value: [txt(formatMinutes(stage.durationMinutes))] },
        { label: 'Candidate', value: candidate ? [bold(candidateLine(candidate))] : blank },
        {
          label: interviewers.length > 1 ? 'Interviewers' : 'Interviewer',
          value: interviewers.length > 0 ? [txt(joinNames(interviewers.map(interviewerLine)))] : blank,
        },
        { label: 'Date', value: ctx.when ? [txt(formatWhen(ctx.when, ctx.language))] : blank },
      ],
    },
    {
      kind: 'callout',
      tone: 'info',
      title: 'For interviewers only',
      body: [
        [
          txt(
            'This kit holds your questions, rating guides and notes. Keep it to yourself; the candidate gets the take-away packet instead.',
          ),
        ],
      ],
    },
  ];
}

function roleLine(role: Role): string {
  return [role.title, role.department, role.location].filter((s) => s.trim() !== '').join(', ');
}

function candidateLine(c: Candidate): string {
  const preferred = c.preferredName.trim() && c.preferredName.trim() !== c.name ? ` (“${c.preferredName.trim()}”)` : '';
  const pronouns = c.pronouns.trim() ? `, ${c.pronouns.trim()}` : '';
  return `${c.name}${preferred}${pronouns}`;
}

function interviewerLine(i: Interviewer): string {
  return i.title.trim() ? `${i.name} (${i.title.trim()})` : i.name;
}

function prepSection(ctx: KitContext): Block[] {
  const who = ctx.candidate ? `${ctx.candidate.name}’s` : 'the candidate’s';
  return [
    heading(1, 'Before the interview'),
    checklist([
      `Read ${who} résumé and any notes from earlier stages.`,
      'Review the role and its requirements (see the role brief).',
      'Choose the benefits and products you will mention (see “Selling the company”).',
      'Know which questions you will ask, and which are required.',
      'Know what you will share about the company: its mission, values and story.',
      'Check the room or the call link, and have water and a pen ready.',
    ]),
  ];
}

function roleBrief(ctx: KitContext): Block[] {
  const { role, stage, focus } = ctx;
  const facts = [
    { label: 'Department', value: role.department },
    { label: 'Location', value: role.location },
    { label: 'Employment', value: employmentLabel(role.employmentType) },
    { label: 'Hiring manager', value: role.hiringManager },
  ].filter((f) => f.value.trim() !== '');
  return [
    heading(1, 'Role brief'),
    { kind: 'details', items: facts.map((f) => ({ label: f.label, value: [txt(f.value)] })) },
    ...textBlocks(role.summary),
    ...section(2, 'Responsibilities', role.responsibilities.length ? [bullets(role.responsibilities)] : []),
    ...section(2, 'Requirements', role.requirements.length ? [bullets(role.requirements)] : []),
    ...section(2, 'Nice to have', role.niceToHaves.length ? [bullets(role.niceToHaves)] : []),
    ...section(
      2,
      'What this stage assesses',
      focus.length ? [bullets(focus.map((c) => namedItem(c.name, c.definition)))] : [],
    ),
    ...(stage.notes.trim()
      ? [{ kind: 'callout' as const, tone: 'info' as const, title: 'Notes for the interviewer', body: stageNotes(stage.notes) }]
      : []),
  ];
}

function stageNotes(notes: string): Runs[] {
  return textBlocks(notes).flatMap((b) => (b.kind === 'paragraph' ? [b.runs] : []));
}

function agendaSection(ctx: KitContext): Block[] {
  const { agenda, stage, when, language } = ctx;
  const start = when?.minutes ?? null;
  let offset = 0;
  const rows: Runs[][] = agenda.items.map((a) => {
    const at = start === null ? formatOffset(offset) : formatClock(start + offset, language);
    offset += a.minutes;
    return [[txt(at)], [txt(a.item)], [txt(String(a.minutes))]];
  });
  rows.push([[txt(start === null ? formatOffset(offset) : formatClock(start + offset, language))], [txt('End')], [txt(String(agenda.total))]]);
  const table: TableBlock = {
    kind: 'table',
    header: [[txt(start === null ? 'Time' : 'Clock')], [txt('Item')], [txt('Minutes')]],
    rows,
    widths: [0.16, 0.68, 0.16],
    align: ['left', 'left', 'right'],
    emphasisRows: [rows.length - 1],
  };
  const overTime: Block[] =
    agenda.overBy > 0
      ? [
          {
            kind: 'callout',
            tone: 'warning',
            title: 'Over time',
            body: [
              [
                txt(
                  `This plan takes ${agenda.total} minutes but the stage has ${stage.durationMinutes}: ${agenda.overBy} minutes too many. Skip a question that is not required, or ask the organiser for more time.`,
                ),
              ],
            ],
          },
        ]
      : [];
  return [
    heading(1, 'Agenda'),
    para(
      `${agenda.total} of ${stage.durationMinutes} minutes planned.${start === null ? ' Times are from the start of the interview.' : ''}`,
      'meta',
    ),
    table,
    ...overTime,
  ];
}

function questionsSection(ctx: KitContext): Block[] {
  const blocks: Block[] = [heading(1, 'Questions')];
  if (ctx.groups.every((g) => g.questions.length === 0)) {
    blocks.push(para('No questions are selected for this stage yet. Add questions to the stage, then make the kit again.'));
  }
  let n = 0;
  for (const g of ctx.groups) {
    blocks.push(heading(2, g.competency?.name ?? 'Other questions'));
    if (g.competency?.definition.trim()) blocks.push(para([txt(g.competency.definition.trim(), { italic: true })], 'meta'));
    if (g.questions.length === 0) blocks.push(uncoveredNote(g.competency));
    for (const q of g.questions) blocks.push(questionBlock(ctx, q, (n += 1), g.competency));
  }
  return blocks;
}

function uncoveredNote(c: Competency | null): Block {
  return {
    kind: 'callout',
    tone: 'warning',
    title: 'No question selected',
    body: [[txt(`No question of this stage assesses ${c?.name ?? 'this competency'}. Explore it in conversation and rate it on the scorecard.`)]],
  };
}

function questionBlock(ctx: KitContext, q: Question, n: number, home: Competency | null): Block {
  const rated = home ?? firstCompetency(ctx.lib, q);
  const also = q.competencyIds.filter((id) => id !== rated?.id).map((id) => byId(ctx.lib.competencies, id)?.name).filter(isText);
  const meta: Runs = [
    ...(q.required ? [txt('Required', { bold: true, tone: 'brand' }), txt(' · ')] : []),
    txt(`${capitalise(q.type)} · ${capitalise(q.difficulty)} · ${formatMinutes(q.minutes)}`),
    ...(also.length ? [txt(` · Also shows: ${joinNames(also)}`)] : []),
  ];
  const blocks: Block[] = [heading(3, `${n}. ${q.text}`), para(meta, 'meta')];
  if (q.probes.length > 0) {
    blocks.push(para('Follow-up probes', 'label'));
    blocks.push(
      numbered(q.probes.map((p) => (p.reflection ? [txt('Reflection: ', { bold: true, tone: 'brand' }), txt(p.text)] : [txt(p.text)]))),
    );
  }
  if (q.listenFor.trim()) blocks.push(para('Listen for', 'label'), ...textBlocks(q.listenFor));
  if (q.redFlags.trim()) blocks.push(para('Red flags', 'label'), ...textBlocks(q.redFlags));
  if (rated) blocks.push({ kind: 'rating', title: `Rate: ${rated.name}`, levels: rated.ratingGuide });
  blocks.push({ kind: 'lines', count: NOTE_LINES, label: 'Notes' });
  return group(blocks);
}

const isText = (s: string | undefined): s is string => typeof s === 'string' && s !== '';

function firstCompetency(lib: Library, q: Question): Competency | null {
  for (const id of q.competencyIds) {
    const c = byId(lib.competencies, id);
    if (c) return c;
  }
  return null;
}

function sellingSection(ctx: KitContext): Block[] {
  const { company, lib, role } = ctx;
  const benefits = eligibleBenefits(lib.benefits, contextOfRole(role));
  const talking = company ? talkingPoints(company) : [];
  const content = [
    ...section(2, 'Talking points', talking),
    ...section(
      2,
      'Products to mention',
      lib.products.length
        ? [intro('The candidate may become a customer too: show what the products do for the people who use them.'), ...productList(lib.products)]
        : [],
    ),
    ...section(2, 'Benefits for this role', benefits.length ? [benefitTable(benefits)] : []),
  ];
  if (content.length === 0) return [];
  return [
    pageBreak(),
    heading(1, 'Selling the company'),
    para('The candidate is choosing you as much as you are choosing them. Leave time to show why they would enjoy working here.', 'lead'),
    ...content,
  ];
}

function talkingPoints(company: Company): Block[] {
  return [
    ...(company.mission.trim() ? [para('Mission', 'label'), ...textBlocks(company.mission)] : []),
    ...(company.values.length ? [para('Values', 'label'), ...valuesList(company)] : []),
    ...(company.story.trim() ? [para('Our story', 'label'), ...textBlocks(company.story)] : []),
  ];
}

function benefitTable(benefits: Benefit[]): TableBlock {
  return {
    kind: 'table',
    header: [[txt('Benefit')], [txt('What it is')], [txt('Waiting period')]],
    rows: benefits.map((b) => [
      b.highlight ? [bold(b.name), txt(' · Highlight', { tone: 'brand', bold: true })] : [bold(b.name)],
      [txt(b.description.trim() || capitalise(b.category))],
      [txt(b.waitingPeriod.trim() || 'None')],
    ]),
    widths: [0.3, 0.5, 0.2],
  };
}

function closingSection(): Block[] {
  return [
    heading(1, 'Closing the interview'),
    checklist([
      'Every one of the candidate’s questions is answered.',
      'The company came across at its best: its mission, its people, its products.',
      'The benefits that matter to this candidate came across.',
      'The next steps and the timeline are told.',
      'The candidate has a contact for questions, and the take-away packet.',
    ]),
  ];
}

function scorecard(ctx: KitContext): Block[] {
  const { focus, candidate, role, stage, interviewers } = ctx;
  const blank = null;
  const ratingTable: TableBlock = {
    kind: 'table',
    header: [[txt('Competency')], [txt('1')], [txt('2')], [txt('3')], [txt('4')]],
    rows: focus.map((c) => [[bold(c.name)], ...c.ratingGuide.map((level): Runs => [box(), txt(` ${level.label}`)])]),
    widths: [0.28, 0.18, 0.18, 0.18, 0.18],
    align: ['left', 'center', 'center', 'center', 'center'],
  };
  return [
    heading(1, 'Scorecard'),
    {
      kind: 'details',
      items: [
        { label: 'Candidate', value: candidate ? [bold(candidate.name)] : blank },
        { label: 'Role and stage', value: [txt(`${role.title} · ${stage.name}`)] },
        { label: 'Interviewer', value: interviewers.length === 1 && interviewers[0] ? [txt(interviewers[0].name)] : blank },
      ],
    },
    ...section(2, 'Ratings', focus.length ? [ratingTable] : []),
    heading(2, 'Overall recommendation'),
    { kind: 'checklist', items: RECOMMENDATIONS.map((r) => [txt(r)]), inline: true },
    heading(2, 'Key take-aways'),
    { kind: 'lines', count: TAKEAWAY_LINES },
    {
      kind: 'details',
      items: [
        { label: 'Signature', value: blank },
        { label: 'Date', value: blank },
      ],
    },
  ];
}
