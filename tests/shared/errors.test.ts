import { describe, expect, it } from 'vitest';
import { create } from '../../electron/store';
import { bank, competency, tempLibrary } from '../helpers/library';

describe('validation messages', () => {
  it('say limits the schema gave no wording for in plain words, naming the field', async () => {
    const { db } = await tempLibrary();
    const b = bank(db);
    const c = competency(db, 'Ownership');
    const base = { bankId: b.id, text: 'Tell me about a time you owned a mistake.', type: 'behavioural', competencyIds: [c.id], minutes: 5 };
    const tags = Array.from({ length: 21 }, (_, i) => `tag${i}`);
    expect(() => create(db, 'questions', { ...base, tags })).toThrow('tags must have at most 20 items');
    expect(() => create(db, 'questions', { ...base, tags: ['x'.repeat(41)] })).toThrow('tags.0 must be at most 40 characters');
    expect(() => create(db, 'questions', { ...base, tags: ['  '] })).toThrow('tags.0 must be at least 1 character');
    expect(() => create(db, 'questions', { ...base, tags })).not.toThrow(/Too big|expected array/);
  });
});

describe('a value of the wrong type', () => {
  it('is called the wrong type, not missing', async () => {
    const { db } = await tempLibrary();
    expect(() => create(db, 'questionBanks', { name: 42 })).toThrow('name must be text');
    expect(() => create(db, 'questionBanks', {})).toThrow('name is required');
  });
});
