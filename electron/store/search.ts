/**
 * Full-text search over questions: their text, probes, tags and the names of
 * their competencies, ranked by BM25 with the question text weighted most.
 */
import type { Database } from 'better-sqlite3';
import type { Difficulty, Question, QuestionType } from '../../shared/schemas';
import { stmt } from './statements';

// Column weights for bm25(): text, probes, tags, competencies.
const WEIGHTS = '10.0, 4.0, 6.0, 3.0';

function competencyNames(db: Database, ids: string[]): string {
  if (ids.length === 0) return '';
  const rows = stmt(db, `SELECT name FROM competencies WHERE id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as { name: string }[];
  return rows.map((r) => r.name).join(' ');
}

/** The search index row of a question shares the question's `seq`. */
function seqOf(db: Database, id: string): number | undefined {
  return (stmt(db, `SELECT seq FROM questions WHERE id = ?`).get(id) as { seq: number } | undefined)?.seq;
}

/** Call before the question row itself is deleted. */
export function unindexQuestion(db: Database, id: string): void {
  const seq = seqOf(db, id);
  if (seq !== undefined) stmt(db, `DELETE FROM questions_fts WHERE rowid = ?`).run(seq);
}

/** Call after the question row is written. */
export function reindexQuestion(db: Database, q: Question): void {
  const seq = seqOf(db, q.id);
  if (seq === undefined) return;
  stmt(db, `DELETE FROM questions_fts WHERE rowid = ?`).run(seq);
  stmt(db, `INSERT INTO questions_fts (rowid, text, probes, tags, competencies) VALUES (?, ?, ?, ?, ?)`).run(
    seq,
    q.text,
    q.probes.map((p) => p.text).join('\n'),
    q.tags.join(' '),
    competencyNames(db, q.competencyIds),
  );
}

export function reindexQuestionsOfCompetency(db: Database, competencyId: string): void {
  const rows = stmt(
    db,
    `SELECT q.seq, q.competency_ids FROM questions q
     WHERE EXISTS (SELECT 1 FROM json_each(q.competency_ids) j WHERE j.value = ?)`,
  ).all(competencyId) as { seq: number; competency_ids: string }[];
  const upd = stmt(db, `UPDATE questions_fts SET competencies = ? WHERE rowid = ?`);
  for (const r of rows) upd.run(competencyNames(db, JSON.parse(r.competency_ids) as string[]), r.seq);
}

/** Rebuilds the whole index (after a bulk import or a restore). Migration 2 holds its own frozen copy of this SQL. */
export function rebuildQuestionIndex(db: Database): void {
  db.exec(`DELETE FROM questions_fts`);
  db.exec(`
    INSERT INTO questions_fts (rowid, text, probes, tags, competencies)
    SELECT q.seq, q.text,
      (SELECT group_concat(json_extract(p.value, '$.text'), char(10)) FROM json_each(q.probes) p),
      (SELECT group_concat(t.value, ' ') FROM json_each(q.tags) t),
      (SELECT group_concat(c.name, ' ') FROM json_each(q.competency_ids) j JOIN competencies c ON c.id = j.value)
    FROM questions q`);
}

/**
 * Turns what a user typed into a safe FTS5 query: every word must match. The
 * last word is matched as a prefix, since it may still be being typed
 * ("confl" finds "conflict"); the others as whole words, stemmed (so "teams"
 * finds "team"). Operators and quotes typed by the user are plain text, so no
 * input is a syntax error.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  const kept = words.slice(0, 12);
  return kept.map((w, i) => (i === kept.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

export interface SearchFilters {
  competencyId?: string;
  type?: QuestionType;
  difficulty?: Difficulty;
  bankId?: string;
  limit?: number;
}

export interface SearchHit {
  id: string;
  /** Lower is better (BM25 as FTS5 reports it). */
  score: number;
}

/**
 * BM25 reads every match of each word to weigh it: about half a microsecond a
 * match. A query matching more than RANKING_WINDOW questions ("customer" in a
 * library of 50,000) is too broad for that to rank usefully as you type, so
 * its results are the questions whose own text has the words, newest first,
 * then the other matches, newest first; the result says so (`broad`), and
 * another word narrows it back to full ranking.
 */
export const RANKING_WINDOW = 2000;

export interface SearchResult {
  hits: SearchHit[];
  /** True when the query matched more than RANKING_WINDOW questions and was not ranked by BM25. */
  broad: boolean;
}

export function searchQuestionIds(db: Database, text: string, filters: SearchFilters = {}): SearchResult {
  const match = toFtsQuery(text);
  if (!match) return { hits: [], broad: false };
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.competencyId) {
    where.push(`EXISTS (SELECT 1 FROM json_each(q.competency_ids) j WHERE j.value = ?)`);
    params.push(filters.competencyId);
  }
  if (filters.type) {
    where.push(`q.type = ?`);
    params.push(filters.type);
  }
  if (filters.difficulty) {
    where.push(`q.difficulty = ?`);
    params.push(filters.difficulty);
  }
  if (filters.bankId) {
    where.push(`q.bank_id = ?`);
    params.push(filters.bankId);
  }
  if (where.length > 0) {
    // Filters narrow the matches after the index; rank them all.
    const sql = `SELECT q.id AS id, bm25(questions_fts, ${WEIGHTS}) AS score
      FROM questions_fts f JOIN questions q ON q.seq = f.rowid
      WHERE questions_fts MATCH ? AND ${where.join(' AND ')} ORDER BY score LIMIT ?`;
    return { hits: stmt(db, sql).all(match, ...params, limit) as SearchHit[], broad: false };
  }
  const matches = stmt(
    db,
    `SELECT count(*) FROM (SELECT 1 FROM questions_fts WHERE questions_fts MATCH ? LIMIT ${RANKING_WINDOW + 1})`,
  )
    .pluck()
    .get(match) as number;
  if (matches > RANKING_WINDOW) return { hits: broadHits(db, match, limit), broad: true };
  // Rank inside the index first, then join: the join runs for `limit` rows, not every match.
  const sql = `SELECT q.id AS id, s.score AS score FROM (
      SELECT rowid, bm25(questions_fts, ${WEIGHTS}) AS score FROM questions_fts
      WHERE questions_fts MATCH ? ORDER BY score LIMIT ?) s
    JOIN questions q ON q.seq = s.rowid ORDER BY s.score`;
  return { hits: stmt(db, sql).all(match, limit) as SearchHit[], broad: false };
}

/** A broad query: matches in the question's own text first, then the rest; newest first in each. */
function broadHits(db: Database, match: string, limit: number): SearchHit[] {
  const newest = (query: string, n: number) =>
    stmt(
      db,
      `SELECT q.id AS id, 0 AS score FROM (
         SELECT rowid FROM questions_fts WHERE questions_fts MATCH ? ORDER BY rowid DESC LIMIT ?) s
       JOIN questions q ON q.seq = s.rowid ORDER BY s.rowid DESC`,
    ).all(query, n) as SearchHit[];
  const inText = newest(`{text} : (${match})`, limit);
  if (inText.length >= limit) return inText;
  const seen = new Set(inText.map((h) => h.id));
  const rest = newest(match, limit + inText.length).filter((h) => !seen.has(h.id));
  return [...inText, ...rest].slice(0, limit);
}
