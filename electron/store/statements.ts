/** Prepared statements, cached per connection: hot paths prepare each SQL text once. */
import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement>>();

export function stmt(db: Database, sql: string): Statement {
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let s = forDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    forDb.set(sql, s);
  }
  return s;
}
