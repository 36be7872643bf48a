/**
 * writeFileAtomic where a write goes wrong: a full disk, a name taken by a
 * folder, a power cut after the rename, and the temporary files interrupted
 * writes leave behind. (Kills mid-write are in crash-safety.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileExistsError, STALE_TEMP_MS, writeFileAtomic, writeNewFile } from '../../electron/store/files';
import { writeUnderFreeName } from '../../electron/services/documents';
import { tempDir } from '../helpers/library';

afterEach(() => {
  vi.restoreAllMocks();
});

const document = Buffer.from(`<html>${'An interview kit. '.repeat(2000)}</html>`);

describe('writeFileAtomic', () => {
  it('leaves nothing under the final name when the disk fills up mid-write', () => {
    const dir = tempDir();
    const target = path.join(dir, 'ana-ruiz-kit.html');
    const realWrite = fs.writeSync;
    let calls = 0;
    // A full disk: write(2) first writes what fits and says how much, then fails.
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return realWrite(fd, buffer, offset, Math.min(length, 1000));
    }) as typeof fs.writeSync);

    expect(() => writeFileAtomic(target, document)).toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes every byte when write(2) writes less than asked', () => {
    const dir = tempDir();
    const target = path.join(dir, 'ana-ruiz-kit.html');
    const realWrite = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number) =>
      realWrite(fd, buffer, offset, Math.min(length, 4096))) as typeof fs.writeSync);

    writeFileAtomic(target, document);
    expect(fs.readFileSync(target).equals(document)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['ana-ruiz-kit.html']);
  });

  it('leaves no temporary file when the final name cannot be taken', () => {
    const dir = tempDir();
    const target = path.join(dir, 'ana-ruiz-kit.html');
    fs.mkdirSync(path.join(target, 'in-use'), { recursive: true }); // a folder holds the name (on Windows: the file open in Word)

    expect(() => writeFileAtomic(target, document)).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['ana-ruiz-kit.html']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('flushes the folder after the rename, so a power cut cannot undo it', () => {
    const dir = tempDir();
    const target = path.join(dir, 'ana-ruiz-kit.html');
    const steps: string[] = [];
    const opened = new Map<number, string>();
    const realOpen = fs.openSync;
    const realFsync = fs.fsyncSync;
    const realRename = fs.renameSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, flags?: fs.OpenMode) => {
      const fd = realOpen(file, flags ?? 'r');
      opened.set(fd, path.resolve(String(file)));
      return fd;
    }) as typeof fs.openSync);
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      steps.push(`fsync ${opened.get(fd) === dir ? 'folder' : 'file'}`);
      realFsync(fd);
    });
    vi.spyOn(fs, 'renameSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
      steps.push('rename');
      realRename(from, to);
    });

    writeFileAtomic(target, document);
    expect(steps).toEqual(['fsync file', 'rename', 'fsync folder']);
    expect(fs.readFileSync(target).equals(document)).toBe(true);
  });

  it('removes what interrupted writes left in the folder, and only that', () => {
    const dir = tempDir();
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    const put = (name: string, mtime?: Date): void => {
      fs.writeFileSync(path.join(dir, name), 'x');
      if (mtime) fs.utimesSync(path.join(dir, name), mtime, mtime);
    };
    put('.ana-ruiz-kit.docx.0a1b2c3d.partial', old); // a write killed long ago
    put('.devon-park-packet.docx.89abcdef.partial', old); // another document's
    put('.lily-osei-kit.docx.01234567.partial'); // being written right now by another process
    put('.notes.partial', old); // not a name we make
    put('report.docx', old); // the user's own file

    writeFileAtomic(path.join(dir, 'ana-ruiz-kit.docx'), document);
    expect(fs.readdirSync(dir).sort()).toEqual(
      ['.lily-osei-kit.docx.01234567.partial', '.notes.partial', 'ana-ruiz-kit.docx', 'report.docx'].sort(),
    );
  });
});

describe('writing a new file, never over another', () => {
  it('refuses a name that is taken, leaving that file and no temporary file', () => {
    const dir = tempDir();
    const target = path.join(dir, 'kit.docx');
    writeNewFile(target, 'first');
    expect(() => writeNewFile(target, 'second')).toThrow(FileExistsError);
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['kit.docx']);
  });

  it('exports under the next free number when the name is taken, even by a file that appears mid-export', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kit.docx'), 'someone else');
    expect(path.basename(writeUnderFreeName(dir, 'kit.docx', Buffer.from('a'), false))).toBe('kit-2.docx');
    expect(path.basename(writeUnderFreeName(dir, 'kit.docx', Buffer.from('b'), false))).toBe('kit-3.docx');
    expect(fs.readFileSync(path.join(dir, 'kit.docx'), 'utf8')).toBe('someone else');
    // Another export takes "kit-4.docx" between the check that it is free and the write: this one moves on.
    fs.writeFileSync(path.join(dir, 'kit-4.docx'), 'the other export');
    const exists = vi.spyOn(fs, 'existsSync').mockReturnValue(false);
    try {
      expect(path.basename(writeUnderFreeName(dir, 'kit.docx', Buffer.from('d'), false))).toBe('kit-5.docx');
    } finally {
      exists.mockRestore();
    }
    expect(fs.readFileSync(path.join(dir, 'kit-4.docx'), 'utf8')).toBe('the other export');
    expect(path.basename(writeUnderFreeName(dir, 'kit.docx', Buffer.from('c'), true))).toBe('kit.docx');
    expect(fs.readFileSync(path.join(dir, 'kit.docx'), 'utf8')).toBe('c');
  });
});
