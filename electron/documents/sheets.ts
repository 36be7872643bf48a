/**
 * Event-day sheets: the check-in list for the front desk and one schedule per
 * interviewer. Pure, like the kit and the packet: library data in, document
 * model out, so the Word and HTML renderers print them.
 *
 * A candidate's interviews run back to back: the first stage of their role at
 * their interview time, each later stage when the one before it ends. The
 * batch export uses the same times for the kits (see `stageStarts`).
 */
import type { Candidate, HiringEvent, Interviewer, Library, Role, Stage } from '../../shared/schemas';
import { bold, box, heading, pageBreak, para, txt } from '../../shared/document-model';
import type { Block, DocModel, Runs, TableBlock } from '../../shared/document-model';
import type { Composed, Warning } from './common';
import { byId, companyOf, documentMeta, requireEvent } from './common';
import { formatClock, formatDate, joinNames, parseWhen, stageFormatLabel } from './format';

export interface EventInterview {
  candidate: Candidate;
  role: Role;
  stage: Stage;
  /** YYYY-MM-DDTHH:MM, or null when the candidate has no interview time. */
  start: string | null;
  end: string | null;
  interviewers: Interviewer[];
}

// ---------------------------------------------------------------- times

/** "2027-03-13T10:00" plus 45 minutes → "2027-03-13T10:45" (across midnight too). */
export function addMinutes(when: string, minutes: number): string {
  const t = Date.parse(`${when}:00Z`) + minutes * 60_000;
  return new Date(t).toISOString().slice(0, 16);
}

/**
 * When each stage starts, in the order given: the first at `interviewAt`,
 * each next one when the one before ends. Null for all without a time
 * (a date alone has no clock to add to).
 */
export function stageStarts(interviewAt: string | null, stages: readonly Stage[]): (string | null)[] {
  if (!interviewAt || !/T\d{2}:\d{2}$/.test(interviewAt)) return stages.map(() => null);
  let at = interviewAt;
  return stages.map((s) => {
    const start = at;
    at = addMinutes(at, s.durationMinutes);
    return start;
  });
}

/** A role's stages in interview order. */
export function roleStages(lib: Library, roleId: string): Stage[] {
  return lib.stages
    .filter((s) => s.roleId === roleId)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** Interview time first (untimed last), then name: the order of the day. */
export function byInterviewTime(a: Candidate, b: Candidate): number {
  const ta = a.interviewAt ?? '\uffff';
  const tb = b.interviewAt ?? '\uffff';
  return ta < tb ? -1 : ta > tb ? 1 : a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** The event's candidates, in the order of the day. */
export function eventCandidates(lib: Library, eventId: string): Candidate[] {
  return lib.candidates.filter((c) => c.eventId === eventId).sort(byInterviewTime);
}

/** Every interview of the event: each candidate × each stage of their role, timed back to back. */
export function eventInterviews(lib: Library, eventId: string, warnings: Warning[] = []): EventInterview[] {
  const out: EventInterview[] = [];
  for (const candidate of eventCandidates(lib, eventId)) {
    const role = candidate.roleId ? byId(lib.roles, candidate.roleId) : undefined;
    if (!role) {
      warnings.push({ code: 'no-role', message: `${candidate.name} has no role, so no interviews are planned for them.` });
      continue;
    }
    const stages = roleStages(lib, role.id);
    const starts = stageStarts(candidate.interviewAt, stages);
    stages.forEach((stage, i) => {
      const start = starts[i] ?? null;
      const interviewers = stage.interviewerIds.flatMap((id) => byId(lib.interviewers, id) ?? []);
      out.push({ candidate, role, stage, start, end: start ? addMinutes(start, stage.durationMinutes) : null, interviewers });
    });
  }
  return out;
}

// ---------------------------------------------------------------- wording

function clockOf(when: string | null, event: HiringEvent, language: string): string {
  if (!when) return 'Not set';
  const parsed = parseWhen(when);
  const clock = parsed.minutes === null ? '' : formatClock(parsed.minutes, language);
  return parsed.date === event.date ? clock || 'Not set' : `${parsed.date} ${clock}`.trim();
}

function candidateRuns(c: Candidate): Runs {
  const preferred = c.preferredName.trim() && c.preferredName.trim() !== c.name ? ` (“${c.preferredName.trim()}”)` : '';
  const pronouns = c.pronouns.trim() ? `, ${c.pronouns.trim()}` : '';
  return [bold(c.name), ...(preferred || pronouns ? [txt(`${preferred}${pronouns}`, { tone: 'muted' })] : [])];
}

function eventDetails(event: HiringEvent, language: string, extra: { label: string; value: string }[]): Block {
  const items = [
    { label: 'Event', value: event.name },
    { label: 'Date', value: formatDate(event.date, language) },
    { label: 'Venue', value: event.venue },
    ...extra,
  ].filter((i) => i.value.trim() !== '');
  return { kind: 'details', items: items.map((i) => ({ label: i.label, value: [txt(i.value)] })) };
}

function companyLine(lib: Library): Block[] {
  return lib.company ? [para([txt(lib.company.name, { bold: true, tone: 'brand' })], 'lead')] : [];
}

// ---------------------------------------------------------------- check-in list

/** The front desk's list: every candidate with their role and time, and a box to tick on arrival. */
export function composeCheckIn(lib: Library, eventId: string): Composed {
  const warnings: Warning[] = [];
  const event = requireEvent(lib, eventId);
  const company = companyOf(lib, warnings);
  const language = company?.language ?? 'en-US';
  const candidates = eventCandidates(lib, event.id);
  for (const c of candidates) {
    if (!c.interviewAt) warnings.push({ code: 'no-time', message: `${c.name} has no interview time; listed last.` });
  }
  const table: TableBlock = {
    kind: 'table',
    header: [[txt('Time')], [txt('Candidate')], [txt('Role')], [txt('Arrived')]],
    rows: candidates.map((c) => [
      [txt(clockOf(c.interviewAt, event, language))],
      candidateRuns(c),
      [txt(c.roleId ? (byId(lib.roles, c.roleId)?.title ?? 'Unknown role') : 'No role')],
      [box()],
    ]),
    widths: [0.16, 0.42, 0.3, 0.12],
    align: ['left', 'left', 'left', 'center'],
  };
  const doc: DocModel = {
    // The document model knows kits and packets; a sheet prints like a kit (for staff).
    meta: documentMeta(company, 'kit', `Check-in: ${event.name}`, `Check-in list for ${event.name}`),
    blocks: [
      ...companyLine(lib),
      para('Check-in list', 'title'),
      eventDetails(event, language, [{ label: 'Candidates', value: String(candidates.length) }]),
      para('Tick the box when the candidate arrives. Times are when their first interview starts.', 'meta'),
      ...(candidates.length > 0 ? [table] : [para('No candidates are registered for this event yet.')]),
    ],
  };
  return { doc, warnings };
}

// ---------------------------------------------------------------- interviewer schedules

function scheduleTable(interviews: readonly EventInterview[], event: HiringEvent, language: string): TableBlock {
  return {
    kind: 'table',
    header: [[txt('Time')], [txt('Candidate')], [txt('Role')], [txt('Stage')]],
    rows: interviews.map((iv) => [
      [txt(iv.start ? `${clockOf(iv.start, event, language)} – ${clockOf(iv.end, event, language)}` : 'Not set')],
      candidateRuns(iv.candidate),
      [txt(iv.role.title)],
      [txt(`${iv.stage.name} (${stageFormatLabel(iv.stage.format).toLowerCase()})`)],
    ]),
    widths: [0.24, 0.3, 0.23, 0.23],
  };
}

function scheduleSection(
  title: string,
  subtitle: string,
  interviews: readonly EventInterview[],
  event: HiringEvent,
  language: string,
): Block[] {
  const sorted = [...interviews].sort((a, b) => (a.start ?? '\uffff').localeCompare(b.start ?? '\uffff') || byInterviewTime(a.candidate, b.candidate));
  return [
    heading(1, title),
    ...(subtitle ? [para(subtitle, 'meta')] : []),
    ...(sorted.length > 0
      ? [scheduleTable(sorted, event, language)]
      : [para('No interviews are scheduled for you at this event yet.')]),
  ];
}

/** The people to print a schedule for: the event's interviewers and anyone with an interview, by name. */
function scheduledPeople(lib: Library, event: HiringEvent, interviews: readonly EventInterview[]): Interviewer[] {
  const ids = new Set([...event.interviewerIds, ...interviews.flatMap((iv) => iv.interviewers.map((i) => i.id))]);
  return [...ids].flatMap((id) => byId(lib.interviewers, id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
}

/** One schedule per interviewer (a page each): their interviews with time, candidate, role and stage. */
export function composeSchedules(lib: Library, eventId: string): Composed {
  const warnings: Warning[] = [];
  const event = requireEvent(lib, eventId);
  const company = companyOf(lib, warnings);
  const language = company?.language ?? 'en-US';
  const interviews = eventInterviews(lib, event.id, warnings);
  const sections = scheduledPeople(lib, event, interviews).map((person) =>
    scheduleSection(
      `Schedule: ${person.name}`,
      [person.title, `${event.name}, ${formatDate(event.date, language)}`].filter((s) => s.trim() !== '').join(' · '),
      interviews.filter((iv) => iv.interviewers.some((i) => i.id === person.id)),
      event,
      language,
    ),
  );
  const unassigned = interviews.filter((iv) => iv.interviewers.length === 0);
  if (unassigned.length > 0) {
    warnings.push({
      code: 'unassigned',
      message: `${unassigned.length} interview(s) have no interviewer: ${joinNames([...new Set(unassigned.map((iv) => iv.stage.name))])}.`,
    });
    sections.push(scheduleSection('Interviews with no interviewer yet', 'Assign an interviewer to these stages.', unassigned, event, language));
  }
  const blocks = sections.flatMap((s, i) => (i === 0 ? s : [pageBreak(), ...s]));
  const doc: DocModel = {
    meta: documentMeta(company, 'kit', `Interviewer schedules: ${event.name}`, `Interviewer schedules for ${event.name}`),
    blocks: [
      ...companyLine(lib),
      ...(blocks.length > 0 ? blocks : [heading(1, 'Interviewer schedules'), para('No interviewers or interviews for this event yet.')]),
    ],
  };
  return { doc, warnings };
}
