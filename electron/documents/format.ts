/** Human wording of library values, in the company's language where Intl knows it. */
import type { EmploymentType, PayRange, StageFormat } from '../../shared/schemas';

export interface ParsedWhen {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes after midnight, when a time was given. */
  minutes: number | null;
}

/** Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; throws a clear error otherwise. */
export function parseWhen(value: string): ParsedWhen {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  const date = m?.[1];
  const valid = date !== undefined && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  const hours = m?.[2] === undefined ? null : Number(m[2]);
  const mins = m?.[3] === undefined ? null : Number(m[3]);
  if (!valid || (hours !== null && (hours > 23 || (mins ?? 0) > 59))) {
    throw new Error(`Invalid date "${value}": use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2025-03-04T10:00.`);
  }
  return { date, minutes: hours === null ? null : hours * 60 + (mins ?? 0) };
}

function safeLocale(language: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0 ? language : 'en-US';
  } catch {
    return 'en-US';
  }
}

/** "Tuesday, March 4, 2025" (in the given language). */
export function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(safeLocale(language), {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "10:05 AM" for minutes after midnight (wrapping past midnight). */
export function formatClock(minutes: number, language: string): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  const d = new Date(Date.UTC(2000, 0, 1, Math.floor(m / 60), m % 60));
  return new Intl.DateTimeFormat(safeLocale(language), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(d);
}

/** "0:05" — an offset from the start of the interview. */
export function formatOffset(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export function formatWhen(when: ParsedWhen, language: string): string {
  const day = formatDate(when.date, language);
  return when.minutes === null ? day : `${day}, ${formatClock(when.minutes, language)}`;
}

/** "45 min", "1 h 30 min" */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const EMPLOYMENT_LABELS: Record<EmploymentType, string> = {
  'full-time': 'Full-time',
  'part-time': 'Part-time',
  contract: 'Contract',
  temporary: 'Temporary',
  seasonal: 'Seasonal',
  internship: 'Internship',
};
export const employmentLabel = (t: EmploymentType): string => EMPLOYMENT_LABELS[t];

const FORMAT_LABELS: Record<StageFormat, string> = { 'in-person': 'In person', video: 'Video call', phone: 'Phone call' };
export const stageFormatLabel = (f: StageFormat): string => FORMAT_LABELS[f];

/** "Behavioural", "Culture-add" */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "$90,000 – $110,000 per year" */
export function formatPayRange(pay: PayRange, language: string): string {
  const fmt = (n: number): string => {
    try {
      return new Intl.NumberFormat(safeLocale(language), {
        style: 'currency',
        currency: pay.currency,
        maximumFractionDigits: pay.period === 'hour' ? 2 : 0,
        minimumFractionDigits: pay.period === 'hour' && !Number.isInteger(n) ? 2 : 0,
      }).format(n);
    } catch {
      return `${pay.currency} ${n}`;
    }
  };
  const amount = pay.min === pay.max ? fmt(pay.min) : `${fmt(pay.min)} – ${fmt(pay.max)}`;
  return `${amount} per ${pay.period}`;
}

/** "Ana, Ben and Chloé" */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
