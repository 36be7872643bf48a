/**
 * The fuses a packaged build gets. There is no Electron binary on CI, so the
 * test writes a file laid out the way Electron's is (the fuse sentinel, the
 * wire's version and length, one byte per fuse, amid other bytes) and sets
 * the fuses on it with the same function a packager calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFuses, readFuses } from '../../scripts/fuses';
import { tempDir } from '../helpers/library';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 0x31;

function fakeElectron(fuseCount: number): string {
  const file = path.join(tempDir(), 'electron');
  const noise = Buffer.alloc(64 * 1024, 0xcc);
  const wire = Buffer.from([1, fuseCount, ...Array<number>(fuseCount).fill(ON)]);
  fs.writeFileSync(file, Buffer.concat([noise, Buffer.from(SENTINEL), wire, noise]));
  return file;
}

describe('Electron fuses for packaged builds', () => {
  it('turn off running the app as Node, NODE_OPTIONS and --inspect, and load the app only from a checked asar', async () => {
    const binary = fakeElectron(9);
    const before = fs.readFileSync(binary);
    expect(await applyFuses(binary)).toBe(1);
    const fuses = await readFuses(binary);
    expect(fuses).toMatchObject({
      RunAsNode: 'off',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      EnableCookieEncryption: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'on',
    });
    // Only the fuse bytes changed: the rest of the binary is as it was.
    const after = fs.readFileSync(binary);
    expect(after.length).toBe(before.length);
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
    const wireStart = 64 * 1024 + SENTINEL.length + 2;
    expect(changed.every((i) => i >= wireStart && i < wireStart + 9)).toBe(true);
  });

  it('refuse a newer Electron whose wire has a fuse nobody has decided on yet', async () => {
    const binary = fakeElectron(12);
    const before = fs.readFileSync(binary);
    await expect(applyFuses(binary)).rejects.toThrow(/strictlyRequireAllFuses/);
    expect(fs.readFileSync(binary).equals(before)).toBe(true);
  });

  it('refuse a file that is not an Electron binary', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'not electron');
    await expect(applyFuses(file)).rejects.toThrow(/sentinel/);
  });
});
