/**
 * The hiring-event batch export: the demo library with an event of 100, 500
 * and 2,000 candidates across its six roles (interviews every quarter hour
 * from 9:00 to 17:00), every candidate's kits and packet as .docx.
 *
 * Measured twice: with the workers loading TypeScript through tsx (as the CLI
 * and the tests run), and with the worker bundled into one JavaScript file
 * (as the desktop app runs it, where electron-vite builds it), when esbuild is
 * at hand to bundle it. Each measurement runs in a fresh process, so one does
 * not inherit another's memory. Peak memory is the whole process (the workers
 * are its threads), sampled every 25 ms; the workers also report their own V8 heaps.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { create, list, loadDemo, openLibrary } from '../electron/store';
import { planBatch, runBatch, type BatchResult, type WorkerEntry } from '../electron/services/batch';
import { mb } from './util';

const SIZES = [100, 500, 2000] as const;

async function eventLibrary(dir: string, candidates: number) {
  const { db } = await openLibrary(path.join(dir, 'bench.db'));
  loadDemo(db);
  const event = create(db, 'events', { name: 'Bench Hiring Day', date: '2027-06-05' });
  const roles = list(db, 'roles');
  db.transaction(() => {
    for (let i = 0; i < candidates; i++) {
      const slot = i % 32;
      create(db, 'candidates', {
        name: `Candidate ${i + 1}`,
        preferredName: `C${i + 1}`,
        pronouns: 'they/them',
        roleId: roles[i % roles.length]?.id ?? null,
        eventId: event.id,
        interviewAt: `2027-06-05T${String(9 + Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`,
      });
    }
  })();
  return { db, event };
}

/** The worker as one JavaScript file, as the app bundles it; null without esbuild. */
async function bundledWorker(dir: string): Promise<WorkerEntry | null> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(dir, 'batch-worker.mjs');
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL('../electron/services/batch/worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
      // CommonJS dependencies (qrcode) call require.
      banner: { js: "import { createRequire as __ikitRequire } from 'node:module'; const require = __ikitRequire(import.meta.url);" },
    });
    return { url: pathToFileURL(outfile), source: false };
  } catch {
    return null;
  }
}

function describe(result: BatchResult, baseline: number): string {
  const files = result.written.length + result.skipped.length;
  const heaps = result.stats.workerPeakHeapBytes.map((b) => mb(b)).join(' + ');
  const start = Math.max(...result.stats.workerTimings.map((t) => t.loadMs));
  return (
    `${(result.elapsedMs / 1000).toFixed(2)} s, ${Math.round(files / (result.elapsedMs / 1000))} docs/s, ` +
    `peak RSS ${mb(result.stats.peakRssBytes)} (${mb(baseline)} before; worker heaps ${heaps}; worker start ${Math.round(start)} ms)` +
    (result.failed.length > 0 ? `, ${result.failed.length} FAILED` : '')
  );
}

async function measure(candidates: number, workerEntry: WorkerEntry | null): Promise<{ files: number; line: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-bench-batch-'));
  try {
    const { db } = await eventLibrary(dir, candidates);
    const plan = planBatch(db, 'Bench Hiring Day', { outDir: path.join(dir, 'out'), formats: ['docx'] });
    const baseline = process.memoryUsage.rss();
    const result = await runBatch(plan, workerEntry ? { workerEntry } : {});
    db.close();
    return { files: plan.documents.length, line: describe(result, baseline) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CHILD = 'IKIT_BENCH_BATCH';
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));

/** One measurement in a fresh process (this file, run with IKIT_BENCH_BATCH=<candidates>:<worker file or "source">). */
function measureApart(candidates: number, worker: WorkerEntry | null): { files: number; line: string } {
  const env = { ...process.env, [CHILD]: `${candidates}:${worker ? worker.url.href : 'source'}` };
  const stdout = execFileSync(process.execPath, [RUN_TS, fileURLToPath(import.meta.url)], { env, encoding: 'utf8', timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { files: number; line: string };
}

const child = process.env[CHILD];
if (child) {
  const [n = '0', worker = 'source'] = child.split(/:(.*)/s);
  const result = await measure(Number(n), worker === 'source' ? null : { url: new URL(worker), source: false });
  console.log(JSON.stringify(result));
}

export async function benchBatch(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-bench-worker-'));
  try {
    const bundled = await bundledWorker(buildDir);
    out['cores (availableParallelism)'] = String(os.availableParallelism());
    for (const candidates of SIZES) {
      const source = measureApart(candidates, null);
      out[`${candidates} candidates, ${source.files} .docx (tsx)`] = source.line;
      out[`${candidates} candidates (bundled worker)`] = bundled ? measureApart(candidates, bundled).line : 'skipped: esbuild not found';
    }
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
  return out;
}
