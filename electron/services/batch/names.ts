/**
 * File names for a whole event at once. Each document is named as the single
 * `ikit kit` / `ikit packet` commands name it; names that would collide once
 * made safe (two "Ana Ruiz", "ANA RUIZ", "Zoë" and "Zoë" in two Unicode forms,
 * names that differ only in characters Windows forbids) get the candidate's
 * short id, so no candidate's file ever replaces another's, and the same
 * candidates always get the same names.
 */
import { fileNameKey, numbered, safeFileName, shortId, slugPart } from '../../../shared/filenames';

export { shortId };

export interface NameRequest {
  candidateId: string;
  candidateName: string;
  /** What follows the name: role, stage, "kit" (or role, "packet"). */
  rest: string[];
  ext: string;
}

/**
 * safeFileName(name, suffix, ...rest): a long name is shortened before the
 * role and stage, and the suffix (a short id) and the document type are never
 * cut, so they still tell two files apart.
 */
export function documentFileName(name: string, rest: readonly string[], ext: string, suffix = ''): string {
  return safeFileName([name, suffix, ...rest], ext, { keep: [1] });
}


const key = fileNameKey;

/** Candidates whose names clash with another candidate's (as a case-insensitive file system sees them). */
function clashingCandidates(requests: readonly NameRequest[], names: readonly string[]): Set<string> {
  const owners = new Map<string, Set<string>>();
  names.forEach((n, i) => {
    const set = owners.get(key(n)) ?? new Set<string>();
    set.add(requests[i]?.candidateId ?? '');
    owners.set(key(n), set);
  });
  const clashing = new Set<string>();
  for (const set of owners.values()) if (set.size > 1) for (const id of set) clashing.add(id);
  return clashing;
}

/**
 * One file name per request, all distinct (case-insensitively). Clashing
 * candidates, and those whose name has nothing readable ("!!!"), get a short
 * id after their name, lengthened until the names differ; anything still
 * equal (a candidate's own two stages that read the same once made safe) is
 * numbered in request order.
 */
export function assignFileNames(requests: readonly NameRequest[]): string[] {
  const plain = requests.map((r) => documentFileName(r.candidateName, r.rest, r.ext));
  const clashing = clashingCandidates(requests, plain);
  for (const r of requests) if (slugPart(r.candidateName) === '') clashing.add(r.candidateId);
  let names = plain;
  for (let length = 8; clashing.size > 0 && length <= 32; length += 4) {
    names = requests.map((r, i) =>
      clashing.has(r.candidateId) ? documentFileName(r.candidateName, r.rest, r.ext, shortId(r.candidateId, length)) : (plain[i] ?? ''),
    );
    if (clashingCandidates(requests, names).size === 0) break;
  }
  return numberDuplicates(names);
}

function numberDuplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(key(candidate)); n++) candidate = numbered(name, n);
    seen.add(key(candidate));
    return candidate;
  });
}
