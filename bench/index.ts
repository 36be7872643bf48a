/**
 * Benchmarks: `npm run bench` (all) or `npm run bench -- search documents`.
 * Figures are printed, not asserted; the README records them.
 */
import os from 'node:os';
import { benchSearch } from './search';
import { benchDocuments } from './documents';
import { benchApp } from './app';
import { benchBatch } from './batch';

const suites: Record<string, () => Promise<Record<string, string>>> = {
  search: benchSearch,
  documents: benchDocuments,
  app: benchApp,
  batch: benchBatch,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(suites);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    console.error(`Unknown benchmark "${name}". Choose from: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const figures = await suite();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(34)} ${v}`);
}
