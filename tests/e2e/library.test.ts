/**
 * Keeping the library, end to end: the company profile, a new role with a
 * stage, adding questions found by search to a stage and reordering them,
 * importing candidates, and invalid input — through the built renderer in
 * Chromium with the real handlers behind window.api (see harness.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { findByKey, getCompany, list } from '../../electron/store';
import { announceMissing, skip } from '../helpers/tools';
import { shot, useAppSuite, type Bridge } from './harness';

announceMissing(['chromium']);

describe.skipIf(skip(['chromium']))('library end to end (built renderer, Chromium, real handlers)', () => {
  const suite = useAppSuite('library');
  const open = () => suite.open();
  let bridge: Bridge;
  beforeEach(() => {
    bridge = suite.bridge();
  });

  async function section(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('navigation', { name: 'Library sections' }).getByRole('button', { name, exact: true }).click();
    await bridge.idle();
  }

  const save = (page: Page) => page.getByRole('button', { name: 'Save', exact: true }).click();

  it('edits the company profile and saves it', async () => {
    const page = await open();
    await section(page, 'Company profile');
    const tagline = page.getByLabel('Tagline');
    await expect.poll(() => tagline.inputValue()).not.toBe('');
    await tagline.fill('Gear for every trail, and people who know it');
    await save(page);
    await expect.poll(() => getCompany(bridge.db)?.tagline).toBe('Gear for every trail, and people who know it');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Saved');
  });

  it('invalid input shows the message at the field and saves nothing', async () => {
    const page = await open();
    await section(page, 'Company profile');
    const before = getCompany(bridge.db);
    await expect.poll(() => page.getByLabel('Company name').inputValue()).toBe('Fernbrook Outfitters');
    await page.getByLabel('Company name').fill('');
    await page.getByLabel('Website').fill('fernbrook dot example');
    await save(page);
    await expect(page.getByText('Company name is required')).toBeTruthy();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual(
      expect.arrayContaining(['Company name is required', expect.stringMatching(/^Website must be a web address/)]),
    );
    await shot(page, 'company-invalid');
    expect(getCompany(bridge.db)).toEqual(before);
  });

  it('a logo that is not an image is refused at the field, naming the file, and nothing is saved', async () => {
    const page = await open();
    await section(page, 'Company profile');
    const before = getCompany(bridge.db);
    await expect.poll(() => page.getByLabel('Company name').inputValue()).toBe('Fernbrook Outfitters');
    await page.getByLabel('Logo (PNG or JPEG)').setInputFiles({ name: 'brand-logo.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 not a picture') });
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([expect.stringMatching(/"brand-logo\.png".*PDF/)]);
    await page.getByRole('alert').scrollIntoViewIfNeeded();
    await shot(page, 'company-logo-refused');
    await save(page);
    expect(getCompany(bridge.db)).toEqual(before);
  });

  it('creates a role, then a stage for it', async () => {
    const page = await open();
    await section(page, 'Roles');
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByLabel('Title').fill('Climbing Wall Instructor');
    await page.getByLabel('Department').fill('Stores');
    await page.getByLabel('Employment type').selectOption('part-time');
    await save(page);
    await expect.poll(() => list(bridge.db, 'roles').map((r) => r.title)).toContain('Climbing Wall Instructor');
    const role = findByKey(bridge.db, 'roles', 'Climbing Wall Instructor');
    expect(role).toMatchObject({ department: 'Stores', employmentType: 'part-time' });

    await section(page, 'Interview stages');
    await page.getByRole('button', { name: 'New stage' }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Climbing Wall Instructor' });
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Wall demo');
    await page.getByLabel('Duration (minutes)').fill('40');
    await page.getByRole('combobox', { name: 'Format', exact: true }).selectOption('in-person');
    await save(page);
    await expect.poll(() => list(bridge.db, 'stages').filter((s) => s.roleId === role.id).map((s) => s.name)).toEqual(['Wall demo']);
    await shot(page, 'new-stage');
  });

  it('finds questions by search, adds them to a stage, and reorders them by button and by keyboard', async () => {
    const page = await open();
    const role = findByKey(bridge.db, 'roles', 'Store Associate');
    const stage = list(bridge.db, 'stages').find((s) => s.roleId === role.id);
    if (!stage) throw new Error('demo Store Associate has no stage');
    const before = stage.questionIds;

    await page.getByRole('button', { name: 'Questions', exact: true }).click();
    await page.getByLabel('Search questions').fill('conflict');
    const found = page.getByRole('list', { name: 'Questions found' }).getByRole('listitem');
    await expect.poll(() => found.count()).toBeGreaterThan(3);
    const texts = (await found.locator('.qtext').allTextContents()).filter((_, i) => i < 6);
    const toAdd = list(bridge.db, 'questions').filter((q) => texts.includes(q.text) && !before.includes(q.id)).slice(0, 2);
    expect(toAdd).toHaveLength(2);
    for (const q of toAdd) await found.filter({ hasText: q.text }).getByRole('checkbox').check();
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption({ label: `Store Associate · ${stage.name}` });
    await page.getByRole('button', { name: 'Add to stage' }).click();
    const added = [...before, ...toAdd.map((q) => q.id)];
    await expect.poll(() => findByKey(bridge.db, 'stages', stage.id).questionIds).toEqual(added);

    await section(page, 'Interview stages');
    await page.getByRole('button', { name: new RegExp(`^${stage.name}\\s*Store Associate`) }).click();
    const selected = page.getByRole('list', { name: 'Selected questions' }).getByRole('listitem');
    await expect.poll(() => selected.count()).toBe(added.length);
    // The last question up one place, with its Move button.
    const last = added.length;
    await page.getByRole('button', { name: `Move question ${last} up` }).click();
    // The first question down one place, with the keyboard: Space lifts, arrow moves, Space drops.
    await page.getByRole('button', { name: 'Reorder question 1' }).focus();
    for (const key of ['Space', 'ArrowDown', 'Space']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(250); // dnd-kit animates each step
    }
    await save(page);
    const expected = [...added];
    [expected[last - 2], expected[last - 1]] = [expected[last - 1] as string, expected[last - 2] as string];
    [expected[0], expected[1]] = [expected[1] as string, expected[0] as string];
    await expect.poll(() => findByKey(bridge.db, 'stages', stage.id).questionIds).toEqual(expected);
    await shot(page, 'stage-reordered');
  });

  it('imports a candidates CSV: the bad row is shown with its line and reason, and nothing is written', async () => {
    const page = await open();
    const csv = path.join(bridge.outDir, 'roster.csv');
    fs.mkdirSync(bridge.outDir, { recursive: true });
    fs.writeFileSync(
      csv,
      'First Name,Last Name,Email,Position,Interview Time\r\n' +
        'Lena,Park,lena.park@example.com,Store Associate,2027-03-13 10:00\r\n' +
        'Omar,Haddad,omar.haddad@example.com,Store Associat,2027-03-13 10:30\r\n',
    );
    const before = list(bridge.db, 'candidates').length;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Spreadsheet file').setInputFiles(csv);
    const rows = page.getByRole('region', { name: 'Rows' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => rows.nth(2).textContent()).toMatch(/^3Refused.*"Store Associat".*Store Associate/);
    expect(await page.getByRole('button', { name: /^Import 1 candidates$/ }).isDisabled()).toBe(true);
    await shot(page, 'import-bad-row');
    expect(list(bridge.db, 'candidates')).toHaveLength(before);
  });
});
