/**
 * restoreLibrary cut at every step. The random kills of crash-safety.test.ts
 * land in a restore a few times a run, but the riskiest moments of a restore
 * last microseconds: between removing SQLite's files beside the library and
 * renaming the restored copy in. Here the restore runs once, and before each
 * of its file-system calls the library's folder is copied as it is on disk:
 * what a kill at that moment would leave (a kill keeps what was written, and
 * nothing else runs on this thread meanwhile). Every such folder must hold a
 * library that opens whole and is exactly the old library (with the changes
 * only its -wal held) or exactly the backup, and any copy kept of the library
 * it replaces must be the old library, whole.
 *
 * Also: a restore while the library is open elsewhere (another window, ikit)
 * is refused, so it cannot remove a -wal that connection still writes to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { backupLibrary, create, inspectBackup, list, loadDemo, openLibrary, type Database } from '../../electron/store';
import { LibraryInUseError, restoreLibrary } from '../../electron/store/backup';
import { figure } from '../helpers/figures';
import { tempDir, track } from '../helpers/library';

const MARK = 'restore-step';

/** The questions this test wrote, in order: tells the old library from the backup. */
const marks = (db: Database): string[] =>
  db.prepare(`SELECT text FROM questions WHERE text LIKE '${MARK} %' ORDER BY text`).pluck().all() as string[];

function addQuestion(db: Database, text: string): void {
  const bank = list(db, 'questionBanks')[0];
  const competency = list(db, 'competencies')[0];
  if (!bank || !competency) throw new Error('the demo library has no question bank or competency');
  create(db, 'questions', { bankId: bank.id, text: `${MARK} ${text}`, type: 'behavioural', competencyIds: [competency.id], minutes: 5 });
}

/** A library after a crash, its last change only in its -wal; and a backup with other content. */
async function crashedLibraryAndBackup(dir: string): Promise<{ file: string; backup: string; old: string[]; restored: string[] }> {
  const live = path.join(dir, 'live', 'library.db');
  const { db } = await openLibrary(live);
  loadDemo(db);
  addQuestion(db, 'in the backup');
  const backup = await backupLibrary(db, path.join(dir, 'backups', 'monday.ikit-backup'));
  db.exec(`DELETE FROM questions WHERE text = '${MARK} in the backup'`);
  addQuestion(db, 'old');
  db.pragma('wal_checkpoint(TRUNCATE)');
  addQuestion(db, 'old, only in the -wal');
  // The files as a crash leaves them: the last change is in library.db-wal, not yet in library.db.
  const file = path.join(dir, 'lib', 'library.db');
  fs.mkdirSync(path.dirname(file));
  for (const suffix of ['', '-wal']) fs.copyFileSync(live + suffix, file + suffix);
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  db.close();
  return { file, backup, old: [`${MARK} old`, `${MARK} old, only in the -wal`], restored: [`${MARK} in the backup`] };
}

const STEPS = ['mkdirSync', 'copyFileSync', 'rmSync', 'unlinkSync', 'renameSync', 'linkSync', 'openSync', 'fsyncSync', 'closeSync'] as const;

describe('restoreLibrary, cut at every step', () => {
  it('leaves the old library or the restored one, whole, whichever step a kill lands on', async ({ task }) => {
    const dir = tempDir();
    const { file, backup, old, restored } = await crashedLibraryAndBackup(dir);
    const libDir = path.dirname(file);
    const snapshots = path.join(dir, 'snapshots');
    fs.mkdirSync(snapshots);

    // Before each file-system call of the restore, the library's folder as a kill would leave it.
    const real = Object.fromEntries(STEPS.map((name) => [name, fs[name]])) as { [K in (typeof STEPS)[number]]: (typeof fs)[K] };
    const taken: { dir: string; step: string }[] = [];
    let copying = false;
    const snapshot = (step: string): void => {
      if (copying) return;
      copying = true;
      try {
        const to = path.join(snapshots, String(taken.length).padStart(3, '0'));
        real.mkdirSync(to);
        for (const name of fs.readdirSync(libDir)) real.copyFileSync(path.join(libDir, name), path.join(to, name));
        taken.push({ dir: to, step });
      } finally {
        copying = false;
      }
    };
    const spies = STEPS.map((name) => {
      const original = real[name] as (...args: unknown[]) => unknown;
      return vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        const target = typeof args[0] === 'string' ? path.basename(args[0]) : `fd ${String(args[0])}`;
        snapshot(`before ${name}(${target})`);
        return original(...args);
      }) as never);
    });
    let result;
    try {
      result = await restoreLibrary(file, backup);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    snapshot('after restoreLibrary returned');
    expect(taken.length).toBeGreaterThan(15);

    // Each folder as the app finds it when it starts again.
    const seen = { old: 0, restored: 0, kept: 0 };
    const states: string[] = [];
    for (const { dir: at, step } of taken) {
      const where = `killed ${step}`;
      const names = fs.readdirSync(at);
      for (const name of names) {
        expect(name, `${where}: a file beside the library`).toMatch(
          /^library\.db(-wal|-shm|-journal)?$|^library\.db\.before-restore-.+\.backup$|^\..+\.[0-9a-f]{8}\.partial(-wal|-shm|-journal)?$/,
        );
      }
      const { db } = await openLibrary(path.join(at, 'library.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true }), `${where}: integrity_check`).toBe('ok');
        expect(db.pragma('foreign_key_check'), `${where}: foreign keys`).toEqual([]);
        const found = marks(db);
        expect([old, restored], `${where}: the library is the old one, with its last change, or the backup`).toContainEqual(found);
        const state = JSON.stringify(found) === JSON.stringify(old) ? 'old' : 'restored';
        seen[state]++;
        if (states.at(-1) !== state) states.push(state);
      } finally {
        db.close();
      }
      for (const name of names.filter((n) => n.includes('.before-restore-') && !n.startsWith('.'))) {
        await expect(inspectBackup(path.join(at, name)), `${where}: the kept copy ${name}`).resolves.toMatchObject({ integrity: 'ok' });
        const { db: kept } = await openLibrary(path.join(at, name), { readonly: true });
        try {
          expect(marks(kept), `${where}: the kept copy is the library replaced, with its last change`).toEqual(old);
        } finally {
          kept.close();
        }
        seen.kept++;
      }
    }
    // Old until the swap, restored from then on: never back and forth.
    expect(states).toEqual(['old', 'restored']);
    expect(result.previousKeptAt).not.toBeNull();
    figure(
      task,
      'Crash safety',
      'restoreLibrary cut before each of its file-system calls (a crashed library, its last change only in its -wal)',
      `${taken.length} moments: ${seen.old} found the old library with that change, ${seen.restored} the restored one, each whole; ${seen.kept} copies kept of the replaced library, each whole with that change`,
    );
  });

  it('refuses to restore while the library is open in another window, which keeps its changes', async () => {
    const dir = tempDir();
    const { file, backup } = await crashedLibraryAndBackup(dir);
    const other = track((await openLibrary(file)).db); // another window, or ikit, with the library open
    addQuestion(other, 'written in the other window');

    await expect(restoreLibrary(file, backup)).rejects.toThrow(LibraryInUseError);
    await expect(restoreLibrary(file, backup)).rejects.toThrow(/open in another window or program.*nothing was changed/);
    // That window writes on, and all of it is in the library.
    addQuestion(other, 'written after the refusal');
    other.close();
    const { db } = await openLibrary(file);
    track(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(marks(db)).toEqual([`${MARK} old`, `${MARK} old, only in the -wal`, `${MARK} written after the refusal`, `${MARK} written in the other window`]);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('before-restore')), 'no copy kept of a restore refused').toEqual([]);
  });
});
