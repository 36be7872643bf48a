/**
 * The desktop app's numbers: the renderer's initial JavaScript (gzipped) and
 * the kit preview's update time for a 20-question kit — in the main process
 * (compose + HTML, through the IPC dispatcher) and, when Chromium is here,
 * end to end in the real renderer (choice changed → preview shown).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDispatcher, createHandlers, type Platform } from '../electron/services/ipc';
import { create, list, loadDemo, openLibrary } from '../electron/store';
import { findChromium } from '../electron/documents';
import { ms, summarise } from './util';

const ROOT = path.resolve(import.meta.dirname, '..');

function bundleSize(): Record<string, string> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  const html = fs.readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? '');
  let raw = 0;
  let gz = 0;
  for (const src of scripts) {
    const bytes = fs.readFileSync(path.join(ROOT, 'out/renderer', src));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { 'renderer initial JS': `${(raw / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzipped (target < 350 KB gzipped)` };
}

export async function benchApp(): Promise<Record<string, string>> {
  const out = bundleSize();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-bench-app-'));
  const { db } = await openLibrary(path.join(dir, 'lib.db'));
  loadDemo(db);
  const role = list(db, 'roles')[0];
  const questions = list(db, 'questions').slice(0, 20);
  if (!role) throw new Error('no demo role');
  const stage = create(db, 'stages', {
    roleId: role.id,
    name: 'Benchmark stage',
    durationMinutes: 180,
    format: 'in-person',
    focusCompetencyIds: [...new Set(questions.flatMap((q) => q.competencyIds))].slice(0, 6),
    questionIds: questions.map((q) => q.id),
  });
  const platform: Platform = { chooseSavePath: async () => null, chooseFolder: async () => null, printer: async () => ({ print: async () => Buffer.alloc(0) }), writeFile: () => undefined };
  const dispatch = createDispatcher(createHandlers({ db, libraryPath: dir, platform }));
  const candidates = list(db, 'candidates');
  const samples: number[] = [];
  for (let i = 0; i < 60; i++) {
    // Each update is a new choice (another candidate), as in the kit builder.
    const candidateId = candidates[i % candidates.length]?.id ?? null;
    const t0 = performance.now();
    const r = await dispatch('documents.preview', { document: 'kit', choice: { roleId: role.id, stageId: stage.id, candidateId } });
    samples.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error.message);
  }
  const s = summarise(samples.slice(5));
  out['preview, 20 questions (main process)'] = `${ms(s.median)} median, ${ms(s.p95)} p95 (target < 50 ms)`;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (!findChromium()) out['preview in the window'] = 'skipped: Chromium not found';
  return out;
}
