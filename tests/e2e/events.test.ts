/**
 * A hiring event end to end: create it, import its roster, export every
 * candidate's documents with the progress bar, cancel, and finish the rest on
 * the next export — through the built renderer in Chromium with the real
 * handlers behind window.api (see harness.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { findByKey, list } from '../../electron/store';
import { announceMissing, skip } from '../helpers/tools';
import { shot, useAppSuite, type Bridge } from './harness';

announceMissing(['chromium']);

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe.skipIf(skip(['chromium']))('hiring event end to end (built renderer, Chromium, real handlers)', () => {
  const suite = useAppSuite('events');
  const open = () => suite.open();
  let bridge: Bridge;
  beforeEach(() => {
    bridge = suite.bridge();
  });

  it('creates an event, imports its roster, exports with progress, cancels, and a second export finishes the rest', async () => {
    const page = await open();

    // Create the event in the library.
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('navigation', { name: 'Library sections' }).getByRole('button', { name: 'Hiring events' }).click();
    await page.getByRole('button', { name: 'New hiring event' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Campus Day');
    await page.getByLabel('Date').fill('2027-05-20');
    await page.getByRole('checkbox', { name: 'Store Associate' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => list(bridge.db, 'events').map((e) => e.name)).toContain('Campus Day');
    const event = findByKey(bridge.db, 'events', 'Campus Day');

    // Import a roster of 8 candidates.
    const csv = path.join(bridge.outDir, 'campus-roster.csv');
    fs.mkdirSync(bridge.outDir, { recursive: true });
    const rows = Array.from({ length: 8 }, (_, i) => {
      const t = `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
      return `Student,Number ${i + 1},student${i + 1}@example.edu,Store Associate,2027-05-20 ${t}`;
    });
    fs.writeFileSync(csv, ['First Name,Last Name,Email,Position,Interview Time', ...rows].join('\n'));
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.getByRole('navigation', { name: 'Hiring events' }).getByRole('button', { name: /Campus Day/ }).click();
    await page.getByLabel('Spreadsheet file').setInputFiles(csv);
    await page.getByRole('button', { name: 'Import 8 candidates' }).click();
    await expect.poll(() => list(bridge.db, 'candidates').filter((c) => c.eventId === event.id).length).toBe(8);

    // Export Word and PDF (slow enough to cancel), then cancel.
    await page.getByRole('checkbox', { name: 'PDF' }).check();
    await page.getByRole('button', { name: 'Export kits and packets' }).click();
    const progress = page.getByRole('progressbar', { name: 'Export progress' });
    await expect.poll(() => progress.getAttribute('value'), { timeout: 20_000 }).not.toBe('0');
    await shot(page, 'event-export-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const status = page.getByRole('region', { name: 'Documents for the whole event' }).getByRole('status');
    await expect.poll(() => status.first().textContent(), { timeout: 10_000 }).toMatch(/^Cancelled after \d+ of \d+/);
    const total = Number(/of (\d+)/.exec((await status.first().textContent()) ?? '')?.[1]);
    const afterCancel = walk(bridge.outDir).filter((f) => /\.(docx|pdf)$/.test(f));
    expect(afterCancel.length).toBeLessThan(total);
    expect(walk(bridge.outDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    for (const f of afterCancel.filter((x) => x.endsWith('.docx'))) await JSZip.loadAsync(fs.readFileSync(f));
    for (const f of afterCancel.filter((x) => x.endsWith('.pdf'))) expect(fs.readFileSync(f).subarray(-8).toString()).toContain('%EOF');

    // Export again: what was written is skipped, the rest is finished.
    await page.getByRole('button', { name: 'Export kits and packets' }).click();
    await expect.poll(() => status.first().textContent(), { timeout: 60_000 }).toMatch(/^Done: /);
    const done = (await status.first().textContent()) ?? '';
    const written = Number(/(\d+) written/.exec(done)?.[1]);
    const skipped = Number(/(\d+) already there/.exec(done)?.[1]);
    expect(skipped).toBe(afterCancel.length);
    expect(written + skipped).toBe(total);
    expect(walk(bridge.outDir).filter((f) => /\.(docx|pdf)$/.test(f) && !f.includes('campus-roster'))).toHaveLength(total);
    await shot(page, 'event-export-done');
  }, 120_000);
});
