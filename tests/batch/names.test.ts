/** Hostile candidate names become safe, distinct, stable file names: no candidate's file replaces another's. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignFileNames, documentFileName, planFromLibrary, type NameRequest } from '../../electron/services/batch';
import { safeFileName } from '../../shared/filenames';
import { makeLibrary, IDS } from '../documents/fixtures';
import type { Candidate, Library } from '../../shared/schemas';

const id = (n: number): string => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;

const HOSTILE = [
  'Ana Ruiz',
  'Ana Ruiz',
  'ANA RUIZ',
  'Ana/Ruiz',
  'Ana:Ruiz',
  'Zo\u00eb',
  'Zoe\u0308',
  '../../etc/passwd',
  'CON',
  'nul',
  'a<b>c"d|e?f*g',
  '\u202Efdp.exe',
  '🙂',
  '😀',
  ' . ',
  'x'.repeat(120),
  `${'x'.repeat(120)}y`,
];

const request = (name: string, i: number, rest = ['Store Associate', 'Hiring-day interview', 'kit']): NameRequest => ({
  candidateId: id(i + 1),
  candidateName: name,
  rest,
  ext: 'docx',
});

// eslint-disable-next-line no-control-regex -- checking that no control character is left
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u202a-\u202e\u2066-\u2069]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

describe('assignFileNames', () => {
  const requests = HOSTILE.map((n, i) => request(n, i));
  const names = assignFileNames(requests);

  it('makes every name safe on Windows, macOS and Linux', () => {
    for (const name of names) {
      expect(name).not.toMatch(UNSAFE);
      expect(name).not.toMatch(RESERVED);
      expect(name).not.toMatch(/^[.-]|[. ]$/);
      expect(name.endsWith('.docx')).toBe(true);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(path.dirname(path.join('/event', name))).toBe('/event');
    }
  });

  it('never gives two candidates the same name, whatever the case or Unicode form', () => {
    expect(new Set(names.map((n) => n.toLowerCase().normalize('NFC'))).size).toBe(names.length);
  });

  it('adds the candidate’s short id only where names clash, and keeps the rest as the single commands name them', () => {
    const [ana1, ana2, ana3, slash, colon, zoeNfc, zoeNfd] = names;
    for (const [name, i] of [[ana1, 0], [ana2, 1], [ana3, 2], [slash, 3], [colon, 4], [zoeNfc, 5], [zoeNfd, 6]] as const) {
      expect(name).toContain(id(i + 1).slice(0, 8));
    }
    expect(ana1).toBe(`ana-ruiz-${id(1).slice(0, 8)}-store-associate-hiring-day-interview-kit.docx`);
    const unique = names[8];
    expect(unique).toBe(safeFileName(['CON', 'Store Associate', 'Hiring-day interview', 'kit'], 'docx'));
  });

  it('keeps the role, stage and document type when a long name must be shortened', () => {
    for (const name of names.slice(-2)) expect(name).toMatch(/-store-associate-hiring-day-interview-kit\.docx$/);
    expect(names.at(-1)).not.toBe(names.at(-2));
  });

  it('gives the same names in any order', () => {
    const order = requests.map((_, i) => i).reverse();
    const shuffled = assignFileNames(order.map((i) => requests[i] as NameRequest));
    order.forEach((i, j) => expect(shuffled[j]).toBe(names[i]));
  });

  it('numbers what still clashes for one candidate (two stages that read the same once made safe)', () => {
    const twice = assignFileNames([request('Ana', 0, ['Role', 'Team interview', 'kit']), request('Ana', 0, ['Role', 'Team-interview', 'kit'])]);
    expect(twice).toEqual(['ana-role-team-interview-kit.docx', 'ana-role-team-interview-kit-2.docx']);
  });
});

describe('planned file names', () => {
  it('two candidates called Ana Ruiz get files of their own in every format', () => {
    const lib: Library = makeLibrary();
    const base = lib.candidates[0] as Candidate;
    lib.candidates = [
      { ...base, id: id(1), name: 'Ana Ruiz' },
      { ...base, id: id(2), name: 'Ana Ruiz' },
      { ...base, id: id(3), name: 'Ben Okafor' },
    ];
    const plan = planFromLibrary(lib, IDS.event, { outDir: '/tmp/out', formats: ['docx', 'pdf'] });
    const files = plan.documents.flatMap((d) => Object.values(d.files));
    expect(new Set(files).size).toBe(files.length);
    const ben = plan.documents.filter((d) => d.candidateName === 'Ben Okafor');
    expect(ben.map((d) => d.files.docx)).toContain(documentFileName('Ben Okafor', [lib.roles[0]?.title ?? '', 'packet'], 'docx'));
    expect(plan.folder).toBe(path.join('/tmp/out', 'spring-hiring-day'));
  });
});
