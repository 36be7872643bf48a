/** Read-side helpers composed from the repository and the search index. */
import type { Database } from 'better-sqlite3';
import type { Question } from '../../shared/schemas';
import { AppError, NotFoundError } from '../../shared/errors';
import { closestNames, matchByName, matchOne } from '../../shared/matching';
import { entityDef, type EntityKind, type EntityTypes } from './entities';
import { getMany, list, nameOf } from './repo';
import { searchQuestionIds, type SearchFilters } from './search';

export interface QuestionHit {
  question: Question;
  /** BM25 as FTS5 reports it: lower is a better match. */
  score: number;
}

/** Questions matching what the user typed, best first. */
export function searchQuestions(db: Database, text: string, filters: SearchFilters = {}): QuestionHit[] {
  return searchQuestionsWithInfo(db, text, filters).hits;
}

/** The same, saying whether the query was so broad that only its newest matches were ranked. */
export function searchQuestionsWithInfo(
  db: Database,
  text: string,
  filters: SearchFilters = {},
): { hits: QuestionHit[]; broad: boolean } {
  const { hits, broad } = searchQuestionIds(db, text, filters);
  const byId = new Map(getMany(db, 'questions', hits.map((h) => h.id)).map((q) => [q.id, q]));
  const found = hits.flatMap((hit) => {
    const question = byId.get(hit.id);
    return question ? [{ question, score: hit.score }] : [];
  });
  return { hits: found, broad };
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
  const same = matchByName(all, key, name);
  if (same.length > 1) {
    throw new AppError('ambiguous', `${same.length} ${def.table.replace(/_/g, ' ')} are named "${key}"; name one by its id (see ikit list ${kind}).`);
  }
  throw new NotFoundError(def.noun, key, closestNames(key, names));
}
