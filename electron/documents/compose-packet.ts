/**
 * The candidate's take-away packet: a thank-you, who we are, the role and its
 * benefits, what happens next, and who they met. Pure apart from making the
 * QR code's PNG bytes.
 */
import type { Candidate, Company, HiringEvent, Interviewer, Library, Role } from '../../shared/schemas';
import { contextOfRole, eligibleBenefitsByCategory } from '../../shared/eligibility';
import { bold, bullets, group, heading, intro, numbered, pageBreak, para, txt } from '../../shared/document-model';
import type { Block, DocModel, Runs } from '../../shared/document-model';
import type { Composed, Warning } from './common';
import {
  companyOf,
  documentMeta,
  logoImage,
  optionalCandidate,
  preferredName,
  requireEvent,
  requireInterviewers,
  requireRole,
  resolveStoredInterviewers,
} from './common';
import { capitalise, employmentLabel, formatDate, formatPayRange, joinNames } from './format';
import { benefitItem, productList, section, textBlocks, valuesList } from './pieces';
import { qrPng } from './qr';

export interface PacketOptions {
  roleId: string;
  candidateId?: string | null;
  /** Defaults to the candidate's event. */
  eventId?: string | null;
  interviewerIds?: string[];
}

interface PacketContext {
  lib: Library;
  company: Company | null;
  role: Role;
  candidate: Candidate | null;
  event: HiringEvent | null;
  interviewers: Interviewer[];
  language: string;
  warnings: Warning[];
}

const QR_DISPLAY_PX = 120;

export function composePacket(lib: Library, opts: PacketOptions): Composed {
  const ctx = packetContext(lib, opts);
  const companyName = ctx.company?.name ?? 'us';
  const doc: DocModel = {
    meta: documentMeta(
      ctx.company,
      'packet',
      ctx.candidate ? `Thank you, ${preferredName(ctx.candidate)}` : 'Thank you for meeting us',
      `${ctx.role.title} at ${companyName}`,
    ),
    blocks: [
      ...thankYou(ctx),
      pageBreak(),
      ...aboutCompany(ctx),
      ...theRole(ctx),
      ...benefitsSection(ctx),
      ...nextSteps(ctx),
      ...tellUsAboutYourself(),
      ...meetInterviewers(ctx),
      ...contacts(ctx),
    ],
  };
  return { doc, warnings: ctx.warnings };
}

function packetContext(lib: Library, opts: PacketOptions): PacketContext {
  const role = requireRole(lib, opts.roleId);
  const warnings: Warning[] = [];
  const company = companyOf(lib, warnings);
  const candidate = optionalCandidate(lib, opts.candidateId);
  const eventId = opts.eventId ?? candidate?.eventId ?? null;
  const event = eventId ? requireEvent(lib, eventId) : null;
  const interviewers = opts.interviewerIds
    ? requireInterviewers(lib, opts.interviewerIds)
    : resolveStoredInterviewers(lib, event ? event.interviewerIds : stageInterviewerIds(lib, role), warnings);
  return { lib, company, role, candidate, event, interviewers, language: company?.language ?? 'en-US', warnings };
}

/** The interviewers of the role's stages, in stage order. */
function stageInterviewerIds(lib: Library, role: Role): string[] {
  return lib.stages
    .filter((s) => s.roleId === role.id)
    .sort((a, b) => a.position - b.position)
    .flatMap((s) => s.interviewerIds);
}

// ---------------------------------------------------------------- sections

function thankYou(ctx: PacketContext): Block[] {
  const { company, candidate, role, event } = ctx;
  const logo = company ? logoImage(company.logo, company.name, 220, 90) : null;
  const title = candidate ? `Thank you, ${preferredName(candidate)}` : 'Thank you for meeting us';
  const where = event ? ` at ${event.name} on ${formatDate(event.date, ctx.language)}` : '';
  const team = company ? `the ${company.name} team` : 'the team';
  const signature = company?.contactName.trim() ? `${company.contactName.trim()}, for ${team}` : capitalise(team);
  return [
    ...(logo ? [{ kind: 'image' as const, image: logo }] : []),
    ...(company ? [para([txt(company.name, { bold: true, tone: 'brand' })], 'lead')] : []),
    para(title, 'title'),
    para(`${role.title}${event ? ` · ${event.name}` : ''}`, 'subtitle'),
    para(
      `Thank you for meeting us${where} to talk about the ${role.title} role. We enjoyed getting to know you, and we hope you enjoyed meeting us too.`,
      'lead',
    ),
    para(
      'This packet is yours to keep. It tells you who we are and what we make, what the role offers, the benefits you would have, what happens next, and how to reach us.',
    ),
    para([txt('With thanks,', { italic: true })]),
    para([bold(signature)]),
    ...atAGlance(ctx),
  ];
}

/** The visit in short, under the letter: the role, the event, who they met, whom to ask. */
function atAGlance(ctx: PacketContext): Block[] {
  const { role, event, interviewers, company } = ctx;
  const contact = [company?.contactName, company?.contactEmail, company?.contactPhone].map((s) => s?.trim() ?? '').filter((s) => s !== '');
  const items = [
    { label: 'Role', value: [role.title, role.location].filter((s) => s.trim() !== '').join(', ') },
    { label: 'Event', value: event ? `${event.name}, ${formatDate(event.date, ctx.language)}` : '' },
    { label: 'Venue', value: event?.venue ?? '' },
    { label: 'You met', value: joinNames(interviewers.map((i) => i.name)) },
    { label: 'Questions?', value: contact.join(' · ') },
  ].filter((i) => i.value.trim() !== '');
  return [heading(2, 'At a glance'), { kind: 'details', items: items.map((i) => ({ label: i.label, value: [txt(i.value)] })) }];
}

function aboutCompany(ctx: PacketContext): Block[] {
  const { company, lib } = ctx;
  if (!company) return [];
  const about: Block[] = [
    ...(company.tagline.trim() ? [para([txt(company.tagline.trim(), { italic: true, tone: 'brand' })], 'lead')] : []),
    ...section(2, 'Our mission', textBlocks(company.mission)),
    ...section(2, 'What we value', valuesList(company)),
    ...section(2, 'Our story', textBlocks(company.story)),
  ];
  const products = lib.products.length
    ? [intro('You may know us as a customer already, or become one. Here is what we make, and what it does for the people who use it.'), ...productList(lib.products)]
    : [];
  if (about.length === 0 && products.length === 0) return [];
  return [heading(1, `About ${company.name}`), ...about, ...section(2, 'What we make', products)];
}

function theRole(ctx: PacketContext): Block[] {
  const { role } = ctx;
  const facts = [
    { label: 'Department', value: role.department },
    { label: 'Location', value: role.location },
    { label: 'Employment', value: employmentLabel(role.employmentType) },
    { label: 'Pay', value: role.payRange ? formatPayRange(role.payRange, ctx.language) : '' },
  ].filter((f) => f.value.trim() !== '');
  return [
    heading(1, `The role: ${role.title}`),
    { kind: 'details', items: facts.map((f) => ({ label: f.label, value: [txt(f.value)] })) },
    ...textBlocks(role.summary),
    ...section(2, 'What you would do', role.responsibilities.length ? [bullets(role.responsibilities)] : []),
  ];
}

function benefitsSection(ctx: PacketContext): Block[] {
  const groups = eligibleBenefitsByCategory(ctx.lib.benefits, contextOfRole(ctx.role));
  if (groups.length === 0) return [];
  return [
    heading(1, 'Your benefits'),
    intro(`As a ${employmentLabel(ctx.role.employmentType).toLowerCase()} ${ctx.role.title}${ctx.role.location ? ` (${ctx.role.location})` : ''}, you would have these benefits.`),
    ...groups.flatMap((g) => [heading(3, capitalise(g.category)), bullets(g.benefits.map(benefitItem))]),
  ];
}

function nextSteps(ctx: PacketContext): Block[] {
  const { role, company } = ctx;
  const steps = role.hiringSteps.map((s): Runs => [
    bold(s.name),
    ...(s.duration.trim() ? [txt(` (${s.duration.trim()})`, { tone: 'muted' as const })] : []),
    ...(s.description.trim() ? [txt(` — ${s.description.trim()}`)] : []),
  ]);
  const contact = company?.contactName.trim() || company?.contactEmail.trim() ? ` If you have a question before then, ${contactPhrase(company)}.` : '';
  return [
    heading(1, 'What happens next'),
    ...section(2, 'Our hiring steps', steps.length ? [numbered(steps)] : []),
    ...(steps.length ? [heading(2, 'After today')] : []),
    para(`We will look back on our conversation together and let you know about the next step as soon as we can.${contact}`),
  ];
}

function contactPhrase(company: Company | null): string {
  const name = company?.contactName.trim() ?? '';
  const email = company?.contactEmail.trim() ?? '';
  if (name && email) return `write to ${name} at ${email}`;
  return name ? `contact ${name}` : `write to ${email}`;
}

function tellUsAboutYourself(): Block[] {
  return [
    heading(1, 'How to tell us about yourself'),
    intro(
      'We care less about a perfect answer than about how you think. When you talk to us, in this process or the next, these help us get to know you:',
    ),
    bullets([
      'Pick a few experiences from work, study or life: ones you are proud of, and ones that went wrong.',
      'For each, tell us the situation, what you did, and what came of it.',
      [
        bold('Then tell us what it taught you, '),
        txt('and how that lesson shapes the way you solve problems today. This is the part we most want to hear.'),
      ],
      'Bring your own questions: about the team, the work, and how we make decisions.',
    ]),
  ];
}

function meetInterviewers(ctx: PacketContext): Block[] {
  const people = ctx.interviewers.map((i) =>
    group([
      heading(3, i.name),
      ...(i.title.trim() || i.pronouns.trim()
        ? [para([i.title.trim(), i.pronouns.trim()].filter((s) => s !== '').join(' · '), 'meta')]
        : []),
      ...textBlocks(i.bio),
    ]),
  );
  const title = ctx.interviewers.length === 1 ? 'Meet your interviewer' : 'Meet your interviewers';
  return people.length === 0 ? [] : [heading(1, title), ...people];
}

function contacts(ctx: PacketContext): Block[] {
  const { company } = ctx;
  if (!company) return [];
  const items = [
    { label: 'Contact', value: company.contactName },
    { label: 'Email', value: company.contactEmail },
    { label: 'Phone', value: company.contactPhone },
    { label: 'Website', value: company.website },
    { label: 'Careers', value: company.careersUrl },
  ].filter((i) => i.value.trim() !== '');
  const qr = careersQr(company);
  if (items.length === 0 && !qr) return [];
  return [
    group([
      heading(1, 'Stay in touch'),
      ...(items.length ? [{ kind: 'details' as const, items: items.map((i) => ({ label: i.label, value: [txt(i.value.trim())] })) }] : []),
      ...(qr ? [qr] : []),
    ]),
  ];
}

function careersQr(company: Company): Block | null {
  const url = company.careersUrl.trim();
  if (!url) return null;
  const png = qrPng(url);
  return {
    kind: 'image',
    image: { mime: 'image/png', data: png.data, alt: `QR code: ${company.name} careers page, ${url}`, width: QR_DISPLAY_PX, height: QR_DISPLAY_PX },
    caption: `Scan for our open roles: ${url}`,
  };
}
