/** Look-ups and pieces shared by the kit and the packet. */
import { AppError, NotFoundError } from '../../shared/errors';
import type { Candidate, Company, HiringEvent, Interviewer, Library, Logo, Role } from '../../shared/schemas';
import type { DocImage, DocMeta, DocModel } from '../../shared/document-model';

export interface Warning {
  code: string;
  message: string;
}

export function byId<T extends { id: string }>(items: readonly T[], id: string): T | undefined {
  return items.find((item) => item.id === id);
}

function need<T extends { id: string }>(items: readonly T[], id: string, entity: string): T {
  const found = byId(items, id);
  if (!found) throw new NotFoundError(entity, id);
  return found;
}

export const requireRole = (lib: Library, id: string): Role => need(lib.roles, id, 'role');
export const requireEvent = (lib: Library, id: string): HiringEvent => need(lib.events, id, 'event');

export function optionalCandidate(lib: Library, id: string | null | undefined): Candidate | null {
  return id ? need(lib.candidates, id, 'candidate') : null;
}

/** Interviewers the caller named (each must exist), in the caller's order. */
export function requireInterviewers(lib: Library, ids: readonly string[]): Interviewer[] {
  return ids.map((id) => need(lib.interviewers, id, 'interviewer'));
}

/** Interviewers taken from stored records: missing ones become warnings, duplicates are dropped. */
export function resolveStoredInterviewers(lib: Library, ids: readonly string[], warnings: Warning[]): Interviewer[] {
  const found: Interviewer[] = [];
  for (const id of new Set(ids)) {
    const person = byId(lib.interviewers, id);
    if (person) found.push(person);
    else warnings.push({ code: 'missing-interviewer', message: `Interviewer ${id} is no longer in the library; left out.` });
  }
  return found;
}

export function invalid(message: string): AppError {
  return new AppError('invalid', message);
}

/** The company, or a warning that the profile is missing. */
export function companyOf(lib: Library, warnings: Warning[]): Company | null {
  if (!lib.company) {
    warnings.push({
      code: 'missing-company',
      message: 'The company profile is empty: the document has no company name, story or contacts. Fill in the company first.',
    });
  }
  return lib.company;
}

export function decodeBase64(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, 'base64'));
}

/** The company logo scaled to fit a box (CSS px), keeping its proportions. */
export function logoImage(logo: Logo | null, companyName: string, maxWidth: number, maxHeight: number): DocImage | null {
  if (!logo) return null;
  const scale = Math.min(maxWidth / logo.width, maxHeight / logo.height, 1);
  return {
    mime: logo.mime,
    data: decodeBase64(logo.data),
    alt: companyName ? `${companyName} logo` : 'Company logo',
    width: Math.max(1, Math.round(logo.width * scale)),
    height: Math.max(1, Math.round(logo.height * scale)),
  };
}

export function documentMeta(company: Company | null, kind: DocMeta['kind'], title: string, subject: string): DocMeta {
  const companyName = company?.name ?? '';
  return {
    kind,
    title,
    subject,
    author: companyName || 'Interview Kit Builder',
    pageSize: company?.pageSize ?? 'Letter',
    brandColor: company?.brandColor ?? '#1F4E79',
    companyName,
    logo: logoImage(company?.logo ?? null, companyName, 140, 28),
    language: company?.language ?? 'en-US',
  };
}

/** The name to greet someone by. */
export function preferredName(candidate: Pick<Candidate, 'name' | 'preferredName'>): string {
  return candidate.preferredName.trim() || candidate.name.trim();
}

export interface Composed {
  doc: DocModel;
  warnings: Warning[];
}
