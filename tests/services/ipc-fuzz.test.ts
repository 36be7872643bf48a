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

describe('IPC fuzzing', () => {
  it('answers every malformed payload on every channel without crashing or writing', async ({ task }) => {
    const { db, file } = await tempLibrary();
    loadDemo(db);
    const dispatch = createDispatcher(createHandlers({ db, libraryPath: file, platform }));
    const changes = db.prepare('SELECT total_changes()').pluck();
    const next = rng(7);
    let tried = 0;
    let refused = 0;
    for (const channel of CHANNELS) {
      const payloads = [...NASTY, ...Array.from({ length: 60 }, () => randomValue(next))];
      for (const payload of payloads) {
        const changesBefore = changes.get() as number;
        const result = await dispatch(channel, payload);
        tried += 1;
        expect(typeof result.ok, `${channel} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe('boolean');
        if (!result.ok) {
          expect(result.error.message.length).toBeGreaterThan(0);
          expect(result.error.message).not.toMatch(/at .*\.ts:\d+/); // no stack traces for users
          expect(changes.get(), `${channel} was refused but wrote`).toBe(changesBefore);
          refused += 1;
        }
      }
    }
    expect(refused).toBeGreaterThan(tried / 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    figure(task, 'IPC fuzzing', 'payloads tried', `${tried} over ${CHANNELS.length} channels`);
    figure(task, 'IPC fuzzing', 'refused without writing', refused);
    figure(task, 'IPC fuzzing', 'crashes', 0);
  }, 60_000);
});
