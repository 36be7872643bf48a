/**
 * Bundles a crash-test worker (and the event batch's worker thread) with
 * esbuild, so each of the many process starts costs one file read rather than
 * a TypeScript compile.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);

/**
 * Only the native SQLite binding stays outside (loaded from node_modules). The
 * PDF printer's playwright-core is replaced by a stub that refuses: the workers
 * write no PDF, and loading playwright would double the start-up time.
 */
const plugin: Plugin = {
  name: 'crash-child',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({
      path: pathToFileURL(requireHere.resolve(args.path)).href,
      external: true,
    }));
    b.onResolve({ filter: /^playwright-core$/ }, () => ({ path: 'playwright-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: `export const chromium = { launch() { throw new Error('The crash test writes no PDF.'); } };`,
      loader: 'js',
    }));
  },
};

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __ikitRequire } from 'node:module'; const require = __ikitRequire(import.meta.url);" },
    plugins: [plugin],
  });
}

/**
 * `tests/crash/<name>.ts` as `<dir>/<name>.mjs`. With `batchWorker`, also the
 * event batch's worker thread as `<dir>/batch-worker.js`, where runBatch looks
 * for it in a bundle (defaultWorkerEntry): as the desktop app runs it.
 */
export async function buildChild(dir: string, name: string, opts: { batchWorker?: boolean } = {}): Promise<string> {
  const outfile = path.join(dir, `${name}.mjs`);
  // batch-worker.js is an ES module: say so for the folder, as the app's package.json does.
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  await Promise.all([
    bundle(path.join(here, `${name}.ts`), outfile),
    opts.batchWorker ? bundle(path.join(here, '../../electron/services/batch/worker.ts'), path.join(dir, 'batch-worker.js')) : null,
  ]);
  return outfile;
}
