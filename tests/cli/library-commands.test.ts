import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../shared/schemas';
import { tempDir } from '../helpers/library';
import { ikit } from '../helpers/cli';

let demoDb = '';

let demoDir = '';

beforeAll(async () => {
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-demo-'));
  demoDb = path.join(demoDir, 'demo.db');
  const r = await ikit('init', '--demo', '--db', demoDb);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(() => fs.rmSync(demoDir, { recursive: true, force: true }));

describe('ikit on the demo library', () => {
  it('lists at least 120 questions, each with 2+ probes including a reflection probe', async () => {
    const r = await ikit('list', 'questions', '--db', demoDb, '--json');
    expect(r.code).toBe(0);
    const questions = r.json<Question[]>();
    expect(questions.length).toBeGreaterThanOrEqual(120);
    for (const q of questions) {
      expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(q.probes.length, q.text).toBeGreaterThanOrEqual(2);
      expect(q.probes.some((p) => p.reflection), q.text).toBe(true);
      expect(q.listenFor.length, q.text).toBeGreaterThan(0);
      expect(q.minutes).toBeGreaterThan(0);
    }
  });

  it('meets the demo library minimums', async () => {
    const count = async (kind: string) => (await ikit('list', kind, '--db', demoDb, '--json')).json<unknown[]>().length;
    expect(await count('roles')).toBeGreaterThanOrEqual(4);
    expect(await count('benefits')).toBeGreaterThanOrEqual(15);
    expect(await count('products')).toBeGreaterThanOrEqual(4);
    expect(await count('competencies')).toBeGreaterThanOrEqual(10);
    const roles = (await ikit('list', 'roles', '--db', demoDb, '--json')).json<{ id: string; title: string }[]>();
    const stages = (await ikit('list', 'stages', '--db', demoDb, '--json')).json<{ roleId: string; questionIds: string[] }[]>();
    expect(roles.map((r) => r.title)).toEqual(expect.arrayContaining(['Customer Support Specialist', 'Store Associate']));
    for (const role of roles) {
      const own = stages.filter((s) => s.roleId === role.id);
      expect(own.length, role.title).toBeGreaterThan(0);
      expect(own.every((s) => s.questionIds.length > 0), role.title).toBe(true);
    }
  });

  it('search returns the questions about conflict first', async () => {
    const r = await ikit('search', 'conflict', '--db', demoDb, '--json');
    expect(r.code).toBe(0);
    const hits = r.json<(Question & { score: number })[]>();
    expect(hits.length).toBeGreaterThanOrEqual(5);
    for (const h of hits.slice(0, 5)) expect(h.text.toLowerCase()).toContain('conflict');
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it('prints readable tables without --json', async () => {
    const r = await ikit('list', 'roles', '--db', demoDb);
    expect(r.stdout).toMatch(/^Title\s+Department/m);
    expect(r.stdout).toContain('Customer Support Specialist');
    const company = await ikit('company', '--db', demoDb);
    expect(company.stdout).toMatch(/^name\s+Fernbrook Outfitters/m);
  });

  it('reports errors on stderr with a non-zero exit code', async () => {
    const bad = await ikit('list', 'widgets', '--db', demoDb);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown kind "widgets"\. Choose one of: roles, stages/);
    expect(bad.stdout).toBe('');

    const again = await ikit('init', '--demo', '--db', demoDb);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/only loaded into an empty library/);

    const missing = await ikit('bundle', 'import', path.join(tempDir(), 'nope.json'), '--db', demoDb);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read bundle ".*nope\.json": no such file/);
  });

  it('backs up, restores and round-trips a bundle from the command line', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'copy.db');
    expect((await ikit('init', '--demo', '--db', db)).code).toBe(0);
    const backup = path.join(dir, 'b.ikit-backup');
    expect((await ikit('backup', backup, '--db', db)).code).toBe(0);
    const restored = await ikit('restore', backup, '--db', db, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(fs.existsSync(restored.json<{ previousKeptAt: string }>().previousKeptAt)).toBe(true);

    const bundle = path.join(dir, 'lib.json');
    expect((await ikit('bundle', 'export', bundle, '--db', db)).code).toBe(0);
    const empty = path.join(dir, 'empty.db');
    const dry = await ikit('bundle', 'import', bundle, '--db', empty, '--dry-run', '--json');
    expect(dry.json<{ dryRun: boolean; totals: { added: number } }>()).toMatchObject({ dryRun: true });
    expect((await ikit('list', 'roles', '--db', empty, '--json')).json()).toEqual([]);
    const real = await ikit('bundle', 'import', bundle, '--db', empty);
    expect(real.stdout).toMatch(/^Added \d+, updated 0, unchanged 0, conflicts 0\./);
    expect((await ikit('list', 'questions', '--db', empty, '--json')).json<unknown[]>().length).toBeGreaterThanOrEqual(120);
  });
});

describe('the ikit executable', () => {
  it('runs from bin/ with --help and honours IKIT_DB', () => {
    const bin = path.resolve('bin/ikit.mjs');
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Usage: ikit/);
    expect(help).toMatch(/bundle/);
    const db = path.join(tempDir(), 'env.db');
    const init = spawnSync(process.execPath, [bin, 'init'], { encoding: 'utf8', env: { ...process.env, IKIT_DB: db } });
    expect(init.status, init.stderr).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
    const fail = spawnSync(process.execPath, [bin, 'list', 'nonsense', '--db', db], { encoding: 'utf8' });
    expect(fail.status).toBe(2);
    expect(fail.stderr).toContain('Unknown kind');
  });
});
