/** `ikit event …` end to end, through the CLI program (helpers.ts: ikitEvents). */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExports, openLibrary } from '../../electron/store';
import { ikitEvents, removeDir, scratchDir } from './helpers';

let dir = '';
let db = '';

beforeAll(async () => {
  dir = scratchDir('cli');
  db = path.join(dir, 'library.db');
  expect((await ikitEvents('init', '--demo', '--db', db)).code).toBe(0);
});
afterAll(() => removeDir(dir));

describe('ikit event create / list', () => {
  it('creates an event with its roles', async () => {
    const r = await ikitEvents('event', 'create', 'Autumn Fair', '--date', '2027-10-02', '--venue', 'Hall A', '--roles', 'Store Associate, Store Shift Lead', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ name: string; date: string; venue: string; roleIds: string[] }>()).toMatchObject({ name: 'Autumn Fair', date: '2027-10-02', venue: 'Hall A' });
    expect(r.json<{ roleIds: string[] }>().roleIds).toHaveLength(2);
  });

  it('names the field that is wrong, and the closest role', async () => {
    const date = await ikitEvents('event', 'create', 'Bad', '--date', '2027-02-30', '--db', db);
    expect(date.code).toBe(1);
    expect(date.stderr).toBe('ikit: Invalid hiring event: date must be a real calendar date\n');
    const role = await ikitEvents('event', 'create', 'Bad', '--date', '2027-02-03', '--roles', 'Shift Lead', '--db', db);
    expect(role.stderr).toBe('ikit: No role matches "Shift Lead". Did you mean: "Store Shift Lead"?\n');
    const missing = await ikitEvents('event', 'create', 'Bad', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--date <YYYY-MM-DD>' not specified/);
  });

  it('lists events with their roles and candidates', async () => {
    const r = await ikitEvents('event', 'list', '--db', db, '--json');
    const autumn = r.json<{ name: string; roles: string[]; candidates: number }[]>().find((e) => e.name === 'Autumn Fair');
    expect(autumn).toMatchObject({ roles: ['Store Associate', 'Store Shift Lead'], candidates: 0 });
    const human = await ikitEvents('event', 'list', '--db', db);
    expect(human.stdout).toMatch(/^Event\s+Date\s+Venue\s+Roles\s+Candidates\s+Id/);
    expect(human.stdout).toContain('(3 events)');
  });
});

describe('ikit event add-candidate', () => {
  it('adds a candidate at a time on the event’s day', async () => {
    const r = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', 'Ana & <Bob>', '--role', 'Store Associate', '--time', '9:30', '--email', 'ana@example.com', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ candidate: { interviewAt: string; email: string } }>().candidate).toMatchObject({ interviewAt: '2027-10-02T09:30', email: 'ana@example.com' });
    const second = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', 'Zoë', '--role', 'Store Shift Lead', '--time', '10:15', '--db', db);
    expect(second.stdout).toMatch(/^Added Zoë \(Store Shift Lead\) to Autumn Fair at 10:15 \[/);
  });

  it('adds the role to the event when it was not listed', async () => {
    const r = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', '=SUM(1,2)', '--role', 'Gear Repair Technician', '--time', '11:00', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The event now lists the role Gear Repair Technician.');
  });

  it('refuses a bad time, email, event or role, naming what to fix', async () => {
    const time = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', 'X', '--role', 'Store Associate', '--time', '25:00', '--db', db);
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/--time must be a time of day as HH:MM \(24-hour\)/);
    const email = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', 'X', '--role', 'Store Associate', '--email', 'nope', '--db', db);
    expect(email.stderr).toBe('ikit: Invalid candidate: email must be an email address\n');
    const event = await ikitEvents('event', 'add-candidate', 'Autum Fair', '--name', 'X', '--role', 'Store Associate', '--db', db);
    expect(event.stderr).toBe('ikit: No hiring event matches "Autum Fair". Did you mean: "Autumn Fair"?\n');
    const role = await ikitEvents('event', 'add-candidate', 'Autumn Fair', '--name', 'X', '--role', 'Stor Asociate', '--db', db);
    expect(role.stderr).toMatch(/No role matches "Stor Asociate". Did you mean: "Store Associate"/);
  });
});

describe('ikit event export / sheets', () => {
  it('writes every document, lists them as JSON, and logs them', async () => {
    const out = path.join(dir, 'out');
    const r = await ikitEvents('event', 'export', 'Autumn Fair', '--out', out, '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = r.json<{ folder: string; written: string[]; skipped: string[]; failed: unknown[]; manifest: string }>();
    expect(result.folder).toBe(path.join(out, 'autumn-fair'));
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.written).toContain(path.join(result.folder, 'ana-bob-store-associate-packet.docx'));
    for (const f of result.written) expect(fs.existsSync(f)).toBe(true);
    expect(fs.existsSync(result.manifest)).toBe(true);
    const { db: lib } = await openLibrary(db);
    const logged = listExports(lib).filter((e) => e.path.startsWith(result.folder));
    lib.close();
    expect(logged).toHaveLength(result.written.length);
  }, 120_000);

  it('skips what is already written, and shows progress on stderr', async () => {
    const r = await ikitEvents('event', 'export', 'Autumn Fair', '--out', path.join(dir, 'out'), '--workers', '1', '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Wrote 0 file\(s\), kept \d+ already up to date in [\d.]+ s to /);
    expect(r.stderr).toMatch(/Exporting \d+\/\d+ files \(100%\)/);
  }, 120_000);

  it('refuses a format it cannot write', async () => {
    const r = await ikitEvents('event', 'export', 'Autumn Fair', '--out', path.join(dir, 'x'), '--format', 'odt', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ikit: --format must be one or more of docx, pdf (got "odt").\n');
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('writes the check-in list and the schedules', async () => {
    const r = await ikitEvents('event', 'sheets', 'Autumn Fair', '--out', path.join(dir, 'out'), '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const files = r.json<{ files: string[] }>().files.map((f) => path.basename(f));
    expect(files).toEqual(['check-in-list.docx', 'interviewer-schedules.docx']);
  });
});

describe('ikit event import-roster', () => {
  it('imports a roster with the usual ATS headers into the event, reporting each rejected row by line', async () => {
    expect((await ikitEvents('event', 'create', 'Roster Day', '--date', '2027-06-01', '--roles', 'Store Associate', '--db', db)).code).toBe(0);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(
      roster,
      '\uFEFFFirst Name;Last Name;E-mail;Job;Interview Time\r\n' +
        'Mia;Chen;mia.chen@example.com;Store Associate;09:30\r\n' +
        'Raj;Patel;raj@example;Store Associate;10:00\r\n' +
        'Eve;"Stone\r\nJr";eve@example.com;Store Assoc;10:30\r\n',
    );
    const dry = await ikitEvents('event', 'import-roster', 'Roster Day', roster, '--dry-run', '--db', db, '--json');
    expect(dry.code).toBe(1);
    const report = dry.json<{ imported: number; rejected: { line: number; reason: string }[]; dryRun: boolean }>();
    expect(report.dryRun).toBe(true);
    expect(report.imported).toBe(0);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(report.rejected[0]?.reason).toMatch(/email/i);
    expect(report.rejected[1]?.reason).toMatch(/Did you mean|did you mean/);

    fs.writeFileSync(roster, 'Name,Email,Position,Interview Time\nMia Chen,mia.chen@example.com,Store Associate,09:30\nRaj Patel,raj@example.com,Store Associate,10:00\n');
    const real = await ikitEvents('event', 'import-roster', 'Roster Day', roster, '--db', db, '--json');
    expect(real.code, real.stderr).toBe(0);
    expect(real.json<{ imported: number }>().imported).toBe(2);
    const { db: lib } = await openLibrary(db);
    const people = (lib.prepare(`SELECT c.name AS name, c.interview_at AS interview_at FROM candidates c JOIN events e ON e.id = c.event_id WHERE e.name = 'Roster Day' ORDER BY c.name`).all() as { name: string; interview_at: string }[]);
    lib.close();
    expect(people).toEqual([
      { name: 'Mia Chen', interview_at: '2027-06-01T09:30' },
      { name: 'Raj Patel', interview_at: '2027-06-01T10:00' },
    ]);
  });
});
