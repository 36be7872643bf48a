/**
 * HTML to PDF with the system's Chromium, driven by playwright-core. One
 * browser serves many documents; each print gets a fresh page. Never
 * downloads a browser: it uses one that is installed.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/** The flags every Chromium this app starts uses: nothing of Chromium's own reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const INSTALL_HINT =
  'PDF output needs Chromium or Google Chrome. Install it (on Debian/Ubuntu: `sudo apt-get install chromium`), ' +
  'or set CHROMIUM_PATH to the browser program. Word (.docx) and HTML output work without it.';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser to print with: CHROMIUM_PATH when it is set (null if there is
 * no program there: an explicit choice is never silently swapped), else the
 * first installed one of the usual places.
 */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return isFile(fromEnv) ? fromEnv : null;
  return CANDIDATES.find(isFile) ?? null;
}

export class PdfPrinter {
  private constructor(private readonly browser: Browser) {}

  static async launch(opts: { executablePath?: string } = {}): Promise<PdfPrinter> {
    const executablePath = opts.executablePath ?? findChromium();
    if (!executablePath) {
      const env = process.env.CHROMIUM_PATH?.trim();
      const why = env ? `CHROMIUM_PATH is set to "${env}", but there is no program there.` : 'No Chromium or Chrome was found.';
      throw new Error(`${why} ${INSTALL_HINT}`);
    }
    if (!isFile(executablePath)) throw new Error(`There is no browser program at "${executablePath}". ${INSTALL_HINT}`);
    try {
      const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      return new PdfPrinter(browser);
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new Error(`Could not start the browser at "${executablePath}" to print PDF: ${reason}. ${INSTALL_HINT}`, { cause: err });
    }
  }

  /** The PDF of a standalone HTML document (page size and margins from its @page CSS). */
  async print(html: string): Promise<Buffer> {
    const page = await this.browser.newPage({ javaScriptEnabled: false });
    try {
      // Documents are self-contained: refuse any request to the network.
      await page.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
