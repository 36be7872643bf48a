/**
 * Run as a child process (node bin/run-ts.mjs tests/hostile/spreadsheets-rss.ts <file> [--whole-workbook]):
 * reads one spreadsheet with the import's readTable and prints, as JSON, the
 * process's resident memory just before reading (its baseline, everything
 * loaded), its peak resident memory after, the time taken, and the outcome:
 * the rows read, or the error's class and message (spreadsheets-crashes.ts
 * tells a refusal from a crash). A child of its own, so the test runner's
 * memory does not count.
 *
 * With --whole-workbook it reads the file as the import did before it read
 * XLSX as a stream: the whole workbook loaded by exceljs, then its rows
 * walked up to the limit. The test runs that too, to show its memory bound
 * tells the two apart.
 */
import fs from 'node:fs';
import { MAX_IMPORT_ROWS, readTable } from '../../electron/services/import';

const file = process.argv[2] ?? '';
const whole = process.argv.includes('--whole-workbook');
const mb = (bytes: number) => Math.round(bytes / 1048576);

async function wholeWorkbook(): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const bytes = fs.readFileSync(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let rows = 0;
  workbook.worksheets[0]?.eachRow({ includeEmpty: false }, () => {
    if (++rows > MAX_IMPORT_ROWS + 1) throw new Error('past the limit');
  });
  return rows;
}

if (whole) await import('exceljs');
const baseline = process.memoryUsage.rss();
const start = performance.now();
let outcome: string;
let error: { name: string; message: string } | null = null;
try {
  outcome = whole ? `read ${await wholeWorkbook()} rows` : `read ${(await readTable(file)).rows.length} rows`;
} catch (err) {
  error = err instanceof Error ? { name: err.name, message: err.message } : { name: typeof err, message: String(err) };
  outcome = error.message;
}
const ms = Math.round(performance.now() - start);
// maxRSS is in kilobytes.
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ beforeMb: mb(baseline), peakMb: mb(peak), ms, outcome, error })}\n`);
