/** Read-side helpers composed from the repository and the search index. */
import type { Database } from 'better-sqlite3';
import type { Question } from '../../shared/schemas';
import { NotFoundError } from '../../shared/errors';
import { closestNames, matchOne } from '../../shared/matching';
import { entityDef, type EntityKind, type EntityTypes } from './entities';
import { get, list, nameOf } from './repo';
import { searchQuestionIds, type SearchFilters } from './search';

export interface QuestionHit {
  question: Question;
  /** BM25 as FTS5 reports it: lower is a better match. */
  score: number;
}

/** Questions matching what the user typed, best first. */
export function searchQuestions(db: Database, text: string, filters: SearchFilters = {}): QuestionHit[] {
  const hits = searchQuestionIds(db, text, filters);
  const out: QuestionHit[] = [];
  for (const hit of hits) {
    const question = get(db, 'questions', hit.id);
    if (question) out.push({ question, score: hit.score });
  }
  return out;
}

/**
 * The record the user named, by id or by name (case- and accent-insensitive).
 * An unknown or ambiguous key is an error listing the closest names.
 */
export function findByKey<K extends EntityKind>(
  db: Database,
  kind: K,
  key: string,
  within?: (record: EntityTypes[K]) => boolean,
): EntityTypes[K] {
  const def = entityDef(kind);
  const all = list(db, kind).filter((r) => (within ? within(r) : true));
  const name = (r: EntityTypes[K]) => nameOf(kind, r);
  const found = matchOne(all as { id: string }[], key, name as (r: { id: string }) => string);
  if (found) return found as EntityTypes[K];
  const names = all.map(name);
  const same = names.filter((n) => n.toLowerCase() === key.trim().toLowerCase());
  if (same.length > 1) {
    throw new NotFoundError(def.noun, key, [`${same.length} ${def.table.replace(/_/g, ' ')} share this name; use the id`]);
  }
  throw new NotFoundError(def.noun, key, closestNames(key, names));
}
