/**
 * PDF printing for a batch: one Chromium, a few pages kept open and reused
 * (a fresh page per document costs a renderer process start each time).
 * Like electron/documents/pdf.ts, it never downloads a browser, and refuses
 * every network request: documents are self-contained.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../documents/pdf';
import type { HtmlPrinter } from '../documents';

/** The same switches as PdfPrinter (electron/documents/pdf.ts). */

export interface BatchPrinter extends HtmlPrinter {
  /** How many documents it prints at once. */
  readonly concurrency: number;
  close(): Promise<void>;
}

export class PagePoolPrinter implements BatchPrinter {
  readonly concurrency: number;
  private readonly free: Page[];
  private readonly waiting: ((page: Page) => void)[] = [];

  private constructor(
    private readonly browser: Browser,
    pages: Page[],
  ) {
    this.free = [...pages];
    this.concurrency = pages.length;
  }

  static async launch(size = 2): Promise<PagePoolPrinter> {
    const executablePath = findChromium();
    if (!executablePath) {
      throw new Error(
        'PDF output needs Chromium or Google Chrome. Install it (on Debian/Ubuntu: `sudo apt-get install chromium`), or set CHROMIUM_PATH. Word (.docx) output works without it.',
      );
    }
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const pages = await Promise.all(
      Array.from({ length: Math.max(1, size) }, async () => {
        const page = await browser.newPage({ javaScriptEnabled: false });
        await page.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
        return page;
      }),
    );
    return new PagePoolPrinter(browser, pages);
  }

  async print(html: string): Promise<Uint8Array> {
    const page = this.free.pop() ?? (await new Promise<Page>((resolve) => this.waiting.push(resolve)));
    try {
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      const next = this.waiting.shift();
      if (next) next(page);
      else this.free.push(page);
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Wraps a printer the caller owns (Electron's printToPDF in the app): printed one at a time, never closed here. */
export function borrowedPrinter(printer: HtmlPrinter): BatchPrinter {
  return { concurrency: 1, print: (html) => printer.print(html), close: async () => undefined };
}
