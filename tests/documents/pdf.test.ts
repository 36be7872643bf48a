import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PdfPrinter, findChromium } from '../../electron/documents';

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it names a program', () => {
    const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-chromium-')), 'chrome');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    process.env.CHROMIUM_PATH = fake;
    expect(findChromium()).toBe(fake);
  });

  it('does not swap a wrong CHROMIUM_PATH for another browser', () => {
    process.env.CHROMIUM_PATH = path.join(os.tmpdir(), 'ikit-no-such-browser');
    expect(findChromium()).toBeNull();
  });
});

describe('PdfPrinter.launch', () => {
  it('says how to install Chromium or set CHROMIUM_PATH when there is none', async () => {
    process.env.CHROMIUM_PATH = path.join(os.tmpdir(), 'ikit-no-such-browser');
    await expect(PdfPrinter.launch()).rejects.toThrow(/CHROMIUM_PATH is set to ".*ikit-no-such-browser", but there is no program there\..*sudo apt-get install chromium/);
  });
});
