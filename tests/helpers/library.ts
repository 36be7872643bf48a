/** Real SQLite libraries in temporary folders, and small records to fill them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { create, openLibrary, type Database, type OpenOptions } from '../../electron/store';
import type { Competency, Question, QuestionBank, Role } from '../../shared/schemas';

const dirs: string[] = [];
const open: Database[] = [];

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-test-'));
  dirs.push(d);
  return d;
}

export async function tempLibrary(opts: OpenOptions = {}): Promise<{ db: Database; file: string; dir: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const { db } = await openLibrary(file, opts);
  open.push(db);
  return { db, file, dir };
}

/** Keeps a database handle to close after the test. */
export function track(db: Database): Database {
  open.push(db);
  return db;
}

export const guide = (name: string) =>
  [1, 2, 3, 4].map((level) => ({
    level,
    label: ['Poor', 'Fair', 'Good', 'Excellent'][level - 1],
    anchor: `${name} at level ${level}`,
  }));

export function competency(db: Database, name: string): Competency {
  return create(db, 'competencies', { name, definition: `${name} definition`, ratingGuide: guide(name) });
}

export function bank(db: Database, name = 'Core'): QuestionBank {
  return create(db, 'questionBanks', { name });
}

export function question(
  db: Database,
  bankId: string,
  competencyIds: string[],
  text: string,
  extra: Record<string, unknown> = {},
): Question {
  return create(db, 'questions', {
    bankId,
    text,
    type: 'behavioural',
    competencyIds,
    probes: [
      { text: 'What happened next?', reflection: false },
      { text: 'What did that experience teach you?', reflection: true },
    ],
    minutes: 5,
    ...extra,
  });
}

export function role(db: Database, title: string, extra: Record<string, unknown> = {}): Role {
  return create(db, 'roles', { title, employmentType: 'full-time', ...extra });
}
