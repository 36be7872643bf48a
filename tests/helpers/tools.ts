/** System programs the reader tests need: found on PATH, or a loud skip (a failure under IKIT_REQUIRE_TOOLS=1). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from '../../electron/documents';

export const REQUIRED = process.env.IKIT_REQUIRE_TOOLS === '1';

export function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(dir, program);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}

export const TOOLS = {
  soffice: { path: onPath('soffice') ?? onPath('libreoffice'), missing: 'LibreOffice (soffice) not found — install libreoffice-writer to run the document reader tests' },
  pandoc: { path: onPath('pandoc'), missing: 'pandoc not found — install pandoc to run the document reader tests' },
  pdfinfo: { path: onPath('pdfinfo'), missing: 'pdfinfo not found — install poppler-utils to run the document reader tests' },
  pdftotext: { path: onPath('pdftotext'), missing: 'pdftotext not found — install poppler-utils to run the document reader tests' },
  chromium: { path: findChromium(), missing: 'Chromium not found — install chromium (or set CHROMIUM_PATH) to run the PDF printing tests' },
} as const;
export type Tool = keyof typeof TOOLS;

export const absent = (needs: Tool[]): Tool[] => needs.filter((t) => !TOOLS[t].path);
/** Prints a loud SKIPPED line for each missing program a test file needs. */
export function announceMissing(needs: Tool[]): void {
  for (const t of needs) if (!TOOLS[t].path && !REQUIRED) console.warn(`SKIPPED: ${TOOLS[t].missing}`);
}
/** Skip when a program is missing, unless IKIT_REQUIRE_TOOLS=1: then run, and fail saying which. */
export const skip = (needs: Tool[]): boolean => !REQUIRED && absent(needs).length > 0;
export function requireTools(needs: Tool[]): void {
  const missing = absent(needs);
  if (missing.length > 0) throw new Error(`IKIT_REQUIRE_TOOLS=1 but: ${missing.map((t) => TOOLS[t].missing).join('; ')}`);
}

export function tool(name: Tool): string {
  const p = TOOLS[name].path;
  if (!p) throw new Error(TOOLS[name].missing);
  return p;
}

export const run = (name: Tool, args: string[], timeout = 60_000): string =>
  execFileSync(tool(name), args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
export const flat = (s: string): string => s.replace(/\s+/g, ' ');
export const pageCount = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1] ?? 0);
export const pdfText = (pdf: string): string => flat(run('pdftotext', [pdf, '-']));

