/**
 * Malformed and random payloads on every IPC channel: each answers with a
 * result (a readable refusal, or a value when the payload happens to be
 * valid), never a crash; and a refused request never writes to the library.
 */
import { describe, expect, it } from 'vitest';
import { figure } from '../helpers/figures';
import { CHANNELS } from '../../shared/ipc';
import { createDispatcher, createHandlers, type Platform } from '../../electron/services/ipc';
import { loadDemo } from '../../electron/store';
import { tempLibrary } from '../helpers/library';

const platform: Platform = {
  chooseSavePath: async () => null,
  chooseFolder: async () => null,
  printer: async () => ({ print: async () => Buffer.alloc(0) }),
  writeFile: () => {
    throw new Error('a fuzzed request must not write a file');
  },
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const NASTY: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1e308,
  Number.NaN,
  '',
  'x'.repeat(100_000),
  '\u0000\uFFFF\uD800',
  '../../etc/passwd',
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "kind": "roles"}'),
  { kind: 'roles', id: 'not-a-uuid', changes: { title: '' } },
  { kind: 'sqlite_master', values: {} },
  { kind: 'roles', values: { title: 'x', employmentType: 'full-time', id: "'; DROP TABLE roles; --" } },
  { document: 'kit', choice: { roleId: 1, stageId: [] } },
  { text: { $gt: '' } },
  { jobId: '00000000-0000-4000-8000-000000000000' },
];

function randomValue(next: () => number, depth = 0): unknown {
  const r = next();
  if (depth > 3 || r < 0.3) return NASTY[Math.floor(next() * NASTY.length)];
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const keys = ['kind', 'id', 'values', 'changes', 'text', 'document', 'choice', 'format', 'data', 'fileName', 'eventId', 'formats', 'cascade', 'limit'];
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [keys[Math.floor(next() * keys.length)] ?? 'x', randomValue(next, depth + 1)]));
}

/** Codes of a refusal the user can act on; anything else (a plain Error, a bad output) is the app failing. */
const REFUSALS = new Set(['validation', 'not-found', 'unknown-channel', 'referenced', 'ambiguous', 'no-job']);

describe('IPC fuzzing', () => {
  it('answers every malformed payload on every channel with a refusal, never a crash and never a write', async ({ task }) => {
    const { db, file } = await tempLibrary();
    loadDemo(db);
    const dispatch = createDispatcher(createHandlers({ db, libraryPath: file, platform }));
    const changes = db.prepare('SELECT total_changes()').pluck();
    const companyBefore = JSON.stringify(db.prepare('SELECT * FROM company').all());
    const next = rng(7);
    let tried = 0;
    let refused = 0;
    let answered = 0;
    const crashes: string[] = [];
    const writes: string[] = [];
    for (const channel of CHANNELS) {
      const payloads = [...NASTY, ...Array.from({ length: 60 }, () => randomValue(next))];
      for (const payload of payloads) {
        const changesBefore = changes.get() as number;
        const label = `${channel} ${JSON.stringify(payload)?.slice(0, 80)}`;
        let result;
        try {
          result = await dispatch(channel, payload);
        } catch (err) {
          crashes.push(`${label}: threw ${String(err)}`);
          continue;
        }
        tried += 1;
        if (changes.get() !== changesBefore) writes.push(`${label} → ${JSON.stringify(result).slice(0, 120)}`);
        if (result.ok) {
          answered += 1;
          continue;
        }
        refused += 1;
        expect(result.error.message.length, label).toBeGreaterThan(0);
        expect(result.error.message, label).not.toMatch(/at .*\.ts:\d+/); // no stack traces for users
        if (!REFUSALS.has(result.error.code)) crashes.push(`${label}: ${result.error.code}: ${result.error.message}`);
      }
    }
    // Junk is never stored: not by a refused request, and not by one that happens to pass (an empty change, unknown fields).
    expect(writes).toEqual([]);
    expect(crashes).toEqual([]);
    expect(JSON.stringify(db.prepare('SELECT * FROM company').all())).toBe(companyBefore);
    expect(refused).toBeGreaterThan(tried / 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    figure(task, 'IPC fuzzing', 'payloads tried', `${tried} over ${CHANNELS.length} channels`);
    figure(task, 'IPC fuzzing', 'refused with a readable message', refused);
    figure(task, 'IPC fuzzing', 'answered (reads, or valid by chance)', answered);
    figure(task, 'IPC fuzzing', 'payloads that wrote to the library', writes.length);
    figure(task, 'IPC fuzzing', 'crashes (a throw, or an error that is not a refusal)', crashes.length);
  }, 60_000);

  it('refuses a save with unknown fields, and stores nothing for a save that changes nothing', async () => {
    const { db, file } = await tempLibrary();
    loadDemo(db);
    const dispatch = createDispatcher(createHandlers({ db, libraryPath: file, platform }));
    const changes = db.prepare('SELECT total_changes()').pluck();
    const before = changes.get();
    const role = (db.prepare('SELECT id, updated_at FROM roles LIMIT 1').get() as { id: string; updated_at: string });
    const bogus = await dispatch('entities.update', { kind: 'roles', id: role.id, changes: JSON.parse('{"titel":"Typo","__proto__":{"x":1}}') });
    expect(bogus.ok).toBe(false);
    if (!bogus.ok) expect(bogus.error.message).toBe('Invalid role: has unknown field(s): titel');
    const company = await dispatch('company.save', { slogan: 'x' });
    expect(company.ok).toBe(false);
    if (!company.ok) expect(company.error.message).toContain('has unknown field(s): slogan');
    expect((await dispatch('entities.update', { kind: 'roles', id: role.id, changes: {} })).ok).toBe(true);
    expect((await dispatch('company.save', {})).ok).toBe(true);
    expect(changes.get()).toBe(before);
    expect((db.prepare('SELECT updated_at FROM roles WHERE id = ?').get(role.id) as { updated_at: string }).updated_at).toBe(role.updated_at);
  });
});
