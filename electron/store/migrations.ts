/**
 * The schema's history, oldest first. A library's `PRAGMA user_version` is the
 * number of steps applied. Steps are never edited once released: a change is a
 * new step at the end. All pending steps run in one transaction (see db.ts).
 *
 * Tables are STRICT. Lists (probes, responsibilities, selected question ids…)
 * are JSON arrays checked with json_valid; the store validates their content
 * with the zod schemas in shared/ and keeps references whole (references.ts).
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

const json = (col: string, kind: 'array' | 'object' = 'array') =>
  `${col} TEXT NOT NULL CHECK (json_valid(${col}) AND json_type(${col}) = '${kind}')`;
const jsonOrNull = (col: string) => `${col} TEXT CHECK (${col} IS NULL OR json_valid(${col}))`;
const bool = (col: string) => `${col} INTEGER NOT NULL DEFAULT 0 CHECK (${col} IN (0, 1))`;
const stamps = `created_at TEXT NOT NULL, updated_at TEXT NOT NULL`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'library entities',
    up(db) {
      db.exec(`
        CREATE TABLE company (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL,
          tagline TEXT NOT NULL,
          mission TEXT NOT NULL,
          ${json('"values"')},
          story TEXT NOT NULL,
          website TEXT NOT NULL,
          careers_url TEXT NOT NULL,
          contact_name TEXT NOT NULL,
          contact_email TEXT NOT NULL,
          contact_phone TEXT NOT NULL,
          ${jsonOrNull('logo')},
          brand_color TEXT NOT NULL,
          page_size TEXT NOT NULL CHECK (page_size IN ('Letter', 'A4')),
          language TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE products (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          summary TEXT NOT NULL,
          customer_value TEXT NOT NULL,
          url TEXT NOT NULL,
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX products_name ON products (name COLLATE NOCASE);

        CREATE TABLE benefits (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          category TEXT NOT NULL,
          description TEXT NOT NULL,
          ${json('eligibility', 'object')},
          waiting_period TEXT NOT NULL,
          ${bool('highlight')},
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX benefits_name ON benefits (name COLLATE NOCASE);

        CREATE TABLE competencies (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          definition TEXT NOT NULL,
          ${json('rating_guide')},
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX competencies_name ON competencies (name COLLATE NOCASE);

        CREATE TABLE question_banks (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          description TEXT NOT NULL,
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX question_banks_name ON question_banks (name COLLATE NOCASE);

        CREATE TABLE questions (
          seq INTEGER PRIMARY KEY, -- stable key shared with the search index's rowid
          id TEXT NOT NULL UNIQUE,
          bank_id TEXT NOT NULL REFERENCES question_banks (id),
          text TEXT NOT NULL,
          type TEXT NOT NULL,
          ${json('competency_ids')},
          ${json('probes')},
          listen_for TEXT NOT NULL,
          red_flags TEXT NOT NULL,
          minutes INTEGER NOT NULL CHECK (minutes > 0),
          difficulty TEXT NOT NULL,
          ${json('tags')},
          ${bool('required')},
          ${stamps}
        ) STRICT;
        CREATE INDEX questions_bank ON questions (bank_id);

        CREATE TABLE interviewers (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          title TEXT NOT NULL,
          pronouns TEXT NOT NULL,
          email TEXT NOT NULL,
          bio TEXT NOT NULL,
          ${stamps}
        ) STRICT;

        CREATE TABLE roles (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          department TEXT NOT NULL,
          location TEXT NOT NULL,
          employment_type TEXT NOT NULL,
          summary TEXT NOT NULL,
          ${json('responsibilities')},
          ${json('requirements')},
          ${json('nice_to_haves')},
          ${jsonOrNull('pay_range')},
          hiring_manager TEXT NOT NULL,
          ${json('competency_ids')},
          ${json('hiring_steps')},
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX roles_title ON roles (title COLLATE NOCASE);

        CREATE TABLE stages (
          id TEXT PRIMARY KEY,
          role_id TEXT NOT NULL REFERENCES roles (id),
          name TEXT NOT NULL,
          position INTEGER NOT NULL,
          duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
          format TEXT NOT NULL CHECK (format IN ('in-person', 'video', 'phone')),
          ${json('interviewer_ids')},
          ${json('focus_competency_ids')},
          ${json('question_ids')},
          notes TEXT NOT NULL,
          ${stamps}
        ) STRICT;
        CREATE UNIQUE INDEX stages_role_name ON stages (role_id, name COLLATE NOCASE);

        CREATE TABLE events (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          date TEXT NOT NULL,
          venue TEXT NOT NULL,
          ${json('role_ids')},
          ${json('interviewer_ids')},
          ${stamps}
        ) STRICT;

        CREATE TABLE candidates (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          preferred_name TEXT NOT NULL,
          pronouns TEXT NOT NULL,
          email TEXT NOT NULL,
          phone TEXT NOT NULL,
          role_id TEXT REFERENCES roles (id),
          event_id TEXT REFERENCES events (id),
          interview_at TEXT,
          notes TEXT NOT NULL,
          ${stamps}
        ) STRICT;
        CREATE INDEX candidates_role ON candidates (role_id);
        CREATE INDEX candidates_event ON candidates (event_id);
      `);
    },
  },
  {
    version: 2,
    name: 'question full-text search',
    up(db) {
      // One row per question, sharing the question's rowid, so updates and
      // deletes find it by key. Kept in step with questions and competency
      // names by the store, inside the same transaction as the write.
      db.exec(`
        CREATE VIRTUAL TABLE questions_fts USING fts5(
          text,
          probes,
          tags,
          competencies,
          tokenize = 'porter unicode61 remove_diacritics 2',
          prefix = '2 3'
        );
        INSERT INTO questions_fts (rowid, text, probes, tags, competencies)
        SELECT q.seq, q.text,
          (SELECT group_concat(json_extract(p.value, '$.text'), char(10)) FROM json_each(q.probes) p),
          (SELECT group_concat(t.value, ' ') FROM json_each(q.tags) t),
          (SELECT group_concat(c.name, ' ') FROM json_each(q.competency_ids) j JOIN competencies c ON c.id = j.value)
        FROM questions q;
      `);
    },
  },
  {
    version: 3,
    name: 'export log',
    up(db) {
      db.exec(`
        CREATE TABLE export_log (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          format TEXT NOT NULL,
          subject TEXT NOT NULL,
          candidate_id TEXT,
          role_id TEXT,
          path TEXT NOT NULL,
          sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX export_log_created ON export_log (created_at);
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.length;
