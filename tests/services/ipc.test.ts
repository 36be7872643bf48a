import { describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../../shared/ipc';
import { createDispatcher, createHandlers, type Platform } from '../../electron/services/ipc';
import { count, list, loadDemo } from '../../electron/store';
import { tempLibrary } from '../helpers/library';

const noPlatform: Platform = {
  chooseSavePath: async () => null,
  chooseFolder: async () => null,
  printer: async () => ({ print: async () => Buffer.from('') }),
  writeFile: () => undefined,
};

async function setup() {
  const { db, file } = await tempLibrary();
  loadDemo(db);
  const dispatch = createDispatcher(createHandlers({ db, libraryPath: file, platform: noPlatform }));
  return { db, dispatch };
}

describe('IPC dispatch', () => {
  it('has a handler for every channel of the contract', async () => {
    const { db } = await tempLibrary();
    const handlers = createHandlers({ db, libraryPath: 'x', platform: noPlatform });
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    expect(CHANNELS).toEqual(Object.keys(contract));
  });

  it('refuses unknown channels and malformed input with a message, and writes nothing', async () => {
    const { db, dispatch } = await setup();
    const before = count(db, 'roles');
    expect(await dispatch('fs.readFile', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown request "fs.readFile".' },
    });
    const bad = await dispatch('entities.create', { kind: 'roles', values: 'DROP TABLE roles' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    const badRole = await dispatch('entities.create', { kind: 'roles', values: { title: '', employmentType: 'full-time' } });
    expect(badRole).toEqual({
      ok: false,
      error: { code: 'validation', message: 'Invalid role: title is required', fields: [{ field: 'title', message: 'is required' }] },
    });
    expect(count(db, 'roles')).toBe(before);
  });

  it('returns values for good requests and readable errors from the store', async () => {
    const { db, dispatch } = await setup();
    const summary = await dispatch('library.summary', undefined);
    expect(summary).toMatchObject({ ok: true, value: { companyName: 'Fernbrook Outfitters' } });
    const comp = list(db, 'competencies')[0];
    const refused = await dispatch('entities.remove', { kind: 'competencies', id: comp?.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'referenced' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(/^Cannot delete competency ".+": it is still used by \d+ questions/);
  });

  it('previews a kit as HTML with its warnings', async () => {
    const { db, dispatch } = await setup();
    const stage = list(db, 'stages')[0];
    const r = await dispatch('documents.preview', { document: 'kit', choice: { roleId: stage?.roleId, stageId: stage?.id } });
    expect(r.ok).toBe(true);
    const value = (r as { value: { html: string; warnings: unknown[] } }).value;
    expect(value.html).toMatch(/^<!DOCTYPE html>/i);
    expect(Array.isArray(value.warnings)).toBe(true);
  });
});
