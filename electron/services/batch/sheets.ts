/**
 * writeEventSheets: the event-day sheets (check-in list, interviewer
 * schedules) written into the event's folder, each file written safely and
 * logged in the library's export log like every other export.
 */
import path from 'node:path';
import type { Composed, Warning } from '../../documents/common';
import { composeCheckIn, composeSchedules } from '../../documents/sheets';
import { findByKey, loadLibrary, logExport, sha256, writeFileAtomic, type Database } from '../../store';
import type { DocFormat, HtmlPrinter, WrittenFile } from '../documents';
import { eventFolderName } from './plan';

export interface SheetsResult {
  folder: string;
  files: WrittenFile[];
  warnings: Warning[];
}

const SHEETS = [
  { kind: 'check-in', name: 'check-in-list', compose: composeCheckIn },
  { kind: 'schedule', name: 'interviewer-schedules', compose: composeSchedules },
] as const;

/** Loaded when used: the Word renderer and the browser driver are large, and the batch coordinator needs neither. */
async function renderSheet(composed: Composed, format: DocFormat, printer: HtmlPrinter | null): Promise<Uint8Array> {
  const { renderTo } = await import('../documents');
  return renderTo(composed, format, printer);
}

/**
 * Writes `<outDir>/<safe event name>/check-in-list.<ext>` and
 * `interviewer-schedules.<ext>` for each format (replacing earlier ones:
 * they are regenerated from the library). PDF uses `printer`, or starts Chromium for the call.
 */
export async function writeEventSheets(
  db: Database,
  eventKey: string,
  outDir: string,
  formats: readonly DocFormat[],
  opts: { printer?: HtmlPrinter | null } = {},
): Promise<SheetsResult> {
  const event = findByKey(db, 'events', eventKey);
  const lib = loadLibrary(db);
  const folder = path.join(path.resolve(outDir), eventFolderName(event, lib.events));
  const composed: [(typeof SHEETS)[number], Composed][] = SHEETS.map((s) => [s, s.compose(lib, event.id)]);
  const own = formats.includes('pdf') && !opts.printer ? await (await import('../../documents/pdf')).PdfPrinter.launch() : null;
  const printer = opts.printer ?? own;
  const files: WrittenFile[] = [];
  try {
    for (const [sheet, doc] of composed) {
      for (const format of formats) {
        const bytes = await renderSheet(doc, format, printer);
        const file = path.join(folder, `${sheet.name}.${format}`);
        writeFileAtomic(file, bytes);
        const digest = sha256(bytes);
        logExport(db, { kind: sheet.kind, format, subject: event.name, path: file, sha256: digest });
        files.push({ path: file, format, sha256: digest, bytes: bytes.byteLength });
      }
    }
  } finally {
    await own?.close();
  }
  const warnings = composed.flatMap(([, c]) => c.warnings);
  return { folder, files, warnings: warnings.filter((w, i) => warnings.findIndex((x) => x.message === w.message) === i) };
}
