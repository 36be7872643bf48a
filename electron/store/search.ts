/**
 * Full-text search over questions: their text, probes, tags and the names of
 * their competencies, ranked by BM25 with the question text weighted most.
 */
import type { Database } from 'better-sqlite3';
import type { Difficulty, Question, QuestionType } from '../../shared/schemas';

// Column weights for bm25(): question_id (unindexed), text, probes, tags, competencies.
const WEIGHTS = '0.0, 10.0, 4.0, 6.0, 3.0';

function competencyNames(db: Database, ids: string[]): string {
  if (ids.length === 0) return '';
  const rows = db
    .prepare(`SELECT name FROM competencies WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { name: string }[];
  return rows.map((r) => r.name).join(' ');
}

export function unindexQuestion(db: Database, id: string): void {
  db.prepare(`DELETE FROM questions_fts WHERE question_id = ?`).run(id);
}

export function reindexQuestion(db: Database, q: Question): void {
  unindexQuestion(db, q.id);
  db.prepare(`INSERT INTO questions_fts (question_id, text, probes, tags, competencies) VALUES (?, ?, ?, ?, ?)`).run(
    q.id,
    q.text,
    q.probes.map((p) => p.text).join('\n'),
    q.tags.join(' '),
    competencyNames(db, q.competencyIds),
  );
}

export function reindexQuestionsOfCompetency(db: Database, competencyId: string): void {
  const rows = db
    .prepare(
      `SELECT q.id, q.competency_ids FROM questions q
       WHERE EXISTS (SELECT 1 FROM json_each(q.competency_ids) j WHERE j.value = ?)`,
    )
    .all(competencyId) as { id: string; competency_ids: string }[];
  const upd = db.prepare(`UPDATE questions_fts SET competencies = ? WHERE question_id = ?`);
  for (const r of rows) upd.run(competencyNames(db, JSON.parse(r.competency_ids) as string[]), r.id);
}

/** Rebuilds the whole index (after a bulk import or a restore). */
export function rebuildQuestionIndex(db: Database): void {
  db.exec(`DELETE FROM questions_fts`);
  db.exec(`
    INSERT INTO questions_fts (question_id, text, probes, tags, competencies)
    SELECT q.id, q.text,
      (SELECT group_concat(json_extract(p.value, '$.text'), char(10)) FROM json_each(q.probes) p),
      (SELECT group_concat(t.value, ' ') FROM json_each(q.tags) t),
      (SELECT group_concat(c.name, ' ') FROM json_each(q.competency_ids) j JOIN competencies c ON c.id = j.value)
    FROM questions q`);
}

/**
 * Turns what a user typed into a safe FTS5 query: every word must match, as a
 * prefix ("confl" finds "conflict"). Operators and quotes typed by the user are
 * treated as plain text, so no input is a syntax error.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
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

export function searchQuestionIds(db: Database, text: string, filters: SearchFilters = {}): SearchHit[] {
  const match = toFtsQuery(text);
  if (!match) return [];
  const where: string[] = [];
  const params: unknown[] = [match];
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
  params.push(Math.min(Math.max(filters.limit ?? 50, 1), 500));
  const sql =
    where.length === 0
      ? `SELECT question_id AS id, bm25(questions_fts, ${WEIGHTS}) AS score
         FROM questions_fts WHERE questions_fts MATCH ? ORDER BY score LIMIT ?`
      : `SELECT f.question_id AS id, bm25(questions_fts, ${WEIGHTS}) AS score
         FROM questions_fts f JOIN questions q ON q.id = f.question_id
         WHERE questions_fts MATCH ? AND ${where.join(' AND ')} ORDER BY score LIMIT ?`;
  return db.prepare(sql).all(...params) as SearchHit[];
}
