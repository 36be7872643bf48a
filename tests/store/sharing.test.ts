import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import {
  backupLibrary,
  create,
  exportBundle,
  getCompany,
  importBundle,
  list,
  loadLibrary,
  openLibrary,
  restoreLibrary,
  saveCompany,
  update,
  LATEST_VERSION,
  BUNDLE_FORMAT,
  type Database,
} from '../../electron/store';
import { bank, competency, question, role, tempDir, tempLibrary, track } from '../helpers/library';

function fill(db: Database) {
  saveCompany(db, { name: 'Fernbrook Test Co', mission: 'Get people outside.' });
  const c = competency(db, 'Ownership');
  const b = bank(db);
  const q = question(db, b.id, [c.id], 'Tell me about something you fixed without being asked.');
  const r = role(db, 'Store Associate', { employmentType: 'part-time', competencyIds: [c.id] });
  const i = create(db, 'interviewers', { name: 'Priya Nair', title: 'Store Manager' });
  create(db, 'stages', { roleId: r.id, name: 'Floor chat', durationMinutes: 30, format: 'in-person', questionIds: [q.id], interviewerIds: [i.id], focusCompetencyIds: [c.id] });
  create(db, 'benefits', { name: 'Staff discount', category: 'perks', eligibility: { roles: [r.id] }, highlight: true });
  create(db, 'products', { name: 'Repair workshop' });
  const e = create(db, 'events', { name: 'Spring day', date: '2027-03-13', roleIds: [r.id] });
  create(db, 'candidates', { name: 'Ana Ruiz', roleId: r.id, eventId: e.id, interviewAt: '2027-03-13T10:00' });
  return { c, q, r };
}

const withoutCandidates = (lib: ReturnType<typeof loadLibrary>) => ({ ...lib, candidates: [] });

describe('backup and restore', () => {
  it('restores a backup, keeping the library it replaced', async () => {
    const { db, file, dir } = await tempLibrary();
    const { r } = fill(db);
    const backup = await backupLibrary(db, path.join(dir, 'backups', 'monday.ikit-backup'));
    update(db, 'roles', r.id, { title: 'Renamed after backup' });
    db.close();

    const result = await restoreLibrary(file, backup);
    expect(result.schemaVersion).toBe(LATEST_VERSION);
    const { db: restored } = await openLibrary(file);
    track(restored);
    expect(list(restored, 'roles').map((x) => x.title)).toEqual(['Store Associate']);
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');

    const kept = track(new Sqlite(result.previousKeptAt ?? '', { readonly: true }));
    expect((kept.prepare(`SELECT title FROM roles`).get() as { title: string }).title).toBe('Renamed after backup');
  });

  it('refuses a damaged, foreign or newer backup and leaves the library alone', async () => {
    const { db, file, dir } = await tempLibrary();
    fill(db);
    db.close();
    const before = loadLibrary(track((await openLibrary(file)).db));

    const junk = path.join(dir, 'junk.backup');
    fs.writeFileSync(junk, Buffer.alloc(8192, 7));
    await expect(restoreLibrary(file, junk)).rejects.toThrow(/is not an Interview Kit Builder library/);

    const foreign = path.join(dir, 'foreign.backup');
    const f = new Sqlite(foreign);
    f.exec('CREATE TABLE x (y)');
    f.close();
    await expect(restoreLibrary(file, foreign)).rejects.toThrow(/not an Interview Kit Builder library/);

    const newer = path.join(dir, 'newer.backup');
    const { db: n } = await openLibrary(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 5}`);
    n.close();
    await expect(restoreLibrary(file, newer)).rejects.toThrow(/newer version/);

    const truncated = path.join(dir, 'truncated.backup');
    const whole = fs.readFileSync(file);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(restoreLibrary(file, truncated)).rejects.toThrow();

    const after = loadLibrary(track((await openLibrary(file)).db));
    expect(after).toEqual(before);
  });
});

describe('library bundles', () => {
  it('export then import into an empty library gives the same library (candidates only when asked)', async () => {
    const { db } = await tempLibrary();
    fill(db);
    const bundle = JSON.parse(JSON.stringify(exportBundle(db)));
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.entities.candidates).toBeUndefined();

    const { db: other } = await tempLibrary();
    const report = importBundle(other, bundle);
    expect(report.totals).toMatchObject({ updated: 0, unchanged: 0, conflicts: 0 });
    expect(loadLibrary(other)).toEqual(withoutCandidates(loadLibrary(db)));

    const withPeople = JSON.parse(JSON.stringify(exportBundle(db, { includeCandidates: true })));
    const { db: third } = await tempLibrary();
    importBundle(third, withPeople);
    expect(loadLibrary(third)).toEqual(loadLibrary(db));
  });

  it('a dry run reports and changes nothing; a second import is all unchanged', async () => {
    const { db } = await tempLibrary();
    fill(db);
    const bundle = JSON.parse(JSON.stringify(exportBundle(db)));
    const { db: other } = await tempLibrary();
    const dry = importBundle(other, bundle, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.totals.added).toBeGreaterThan(5);
    expect(getCompany(other)).toBeNull();
    expect(list(other, 'questions')).toEqual([]);
    importBundle(other, bundle);
    const again = importBundle(other, bundle);
    expect(again.totals).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect(again.totals.unchanged).toBe(dry.totals.added);
  });

  it('merges by id: the newer copy wins, an older one is reported as a conflict', async () => {
    const { db: mine } = await tempLibrary();
    const { r, q } = fill(mine);
    const { db: theirs } = await tempLibrary();
    importBundle(theirs, JSON.parse(JSON.stringify(exportBundle(mine))));

    await new Promise((res) => setTimeout(res, 5));
    update(theirs, 'roles', r.id, { location: 'Bend, OR' }); // they changed the role later
    update(mine, 'questions', q.id, { minutes: 9 }); // I changed the question
    await new Promise((res) => setTimeout(res, 5));
    update(theirs, 'questions', q.id, { minutes: 3 }); // ...and they changed it after me
    update(mine, 'competencies', list(mine, 'competencies')[0]?.id ?? '', { definition: 'mine, newest' });

    const report = importBundle(mine, JSON.parse(JSON.stringify(exportBundle(theirs))));
    expect(report.byKind.roles).toMatchObject({ updated: 1 });
    expect(list(mine, 'roles')[0]?.location).toBe('Bend, OR');
    expect(list(mine, 'questions')[0]?.minutes).toBe(3);
    expect(report.conflicts).toEqual([
      expect.objectContaining({ kind: 'competencies', name: 'Ownership', reason: 'your copy is newer; kept yours' }),
    ]);
    expect(list(mine, 'competencies')[0]?.definition).toBe('mine, newest');
  });

  it('rejects malformed, foreign and future bundles with a clear message and no change', async () => {
    const { db } = await tempLibrary();
    fill(db);
    const before = loadLibrary(db);
    const good = JSON.parse(JSON.stringify(exportBundle(db)));
    const { db: target } = await tempLibrary();

    expect(() => importBundle(target, { hello: 'world' })).toThrow(/is not an Interview Kit Builder library bundle/);
    expect(() => importBundle(target, [1, 2])).toThrow(/is not an Interview Kit Builder library bundle/);
    expect(() => importBundle(target, { ...good, version: 99 })).toThrow(/newer version.*bundle version 99/);
    expect(() => importBundle(target, { ...good, entities: { ...good.entities, widgets: [] } })).toThrow(/unknown section "widgets"/);

    const badRole = structuredClone(good);
    badRole.entities.roles[0].employmentType = 'forever';
    expect(() => importBundle(target, badRole)).toThrow(/role \(bundle roles\[0\]\).*employmentType/);

    const dangling = structuredClone(good);
    dangling.entities.competencies = [];
    expect(() => importBundle(target, dangling)).toThrow(/refers to a competency that does not exist/);

    const proto = JSON.parse(JSON.stringify(good).replace('"entities":{', '"entities":{"__proto__":{"polluted":true},'));
    expect(() => importBundle(target, proto)).toThrow(/unknown section "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    expect(getCompany(target)).toBeNull();
    expect(list(target, 'roles')).toEqual([]);
    expect(loadLibrary(db)).toEqual(before);
  });
});

describe('library files on disk', () => {
  it('writes the library where it is told and creates the folder', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'nested', 'deeper', 'lib.db');
    const { db } = await openLibrary(file);
    track(db);
    expect(fs.existsSync(file)).toBe(true);
  });
});
