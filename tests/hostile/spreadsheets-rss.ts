/**
 * Run as a child process (node bin/run-ts.mjs tests/hostile/spreadsheets-rss.ts <file>):
 * reads one spreadsheet with the import's readTable and prints, as JSON, the
 * process's peak resident memory before and after, the time taken and the
 * outcome. A child of its own, so the test runner's memory does not count.
 */
import { readTable } from '../../electron/services/import';

const file = process.argv[2] ?? '';
const mb = (kb: number) => Math.round(kb / 1024);
const before = process.resourceUsage().maxRSS;
const start = performance.now();
let outcome: string;
try {
  const table = await readTable(file);
  outcome = `read ${table.rows.length} rows`;
} catch (err) {
  outcome = (err as Error).message;
}
const ms = Math.round(performance.now() - start);
process.stdout.write(`${JSON.stringify({ beforeMb: mb(before), peakMb: mb(process.resourceUsage().maxRSS), ms, outcome })}\n`);
