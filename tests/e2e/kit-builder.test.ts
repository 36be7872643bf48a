/**
 * The kit builder end to end: the built renderer in Chromium, the real
 * handlers behind window.api (see harness.ts), the demo library. Each test
 * gets a fresh library, output folder and browser context; the file shares
 * one browser and one bridge. No request may leave the bridge's origin.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../electron/documents';
import { list } from '../../electron/store';
import type { Competency, Question } from '../../shared/schemas';
import { docxParts, paragraphTexts, part } from '../documents/fixtures';
import { announceMissing, requireTools, skip } from '../helpers/tools';
import {
  OUTPUT_DIR,
  VIEWPORTS,
  buildRenderer,
  checkA11y,
  checkDocumentA11y,
  closeApp,
  describeFindings,
  fireMenu,
  launchBrowser,
  openApp,
  shot,
  slug,
  startBridge,
  type AppSession,
  type AxeFinding,
  type Bridge,
  type Viewport,
} from './harness';

const ROLE = 'Customer Support Specialist';
const STAGE = 'Team interview';
const CANDIDATE = 'Ana Ruiz';

announceMissing(['chromium']);

describe.skipIf(skip(['chromium']))('kit builder end to end (built renderer, Chromium, real handlers)', () => {
  let browser: Browser;
  let bridge: Bridge;
  let session: AppSession | null = null;

  beforeAll(async () => {
    requireTools(['chromium']);
    const renderer = await buildRenderer();
    bridge = await startBridge(renderer);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  beforeEach(async (ctx) => {
    const suite = ctx.task.suite?.name.startsWith('5.') ? `${ctx.task.suite.name} ` : '';
    await bridge.useFreshLibrary(path.join(OUTPUT_DIR, 'files', slug(`${suite}${ctx.task.name}`)));
  });

  // Scenario 6, for every test: closeApp fails if a request left the bridge's origin or the page threw.
  afterEach(async () => {
    const s = session;
    session = null;
    if (s) await closeApp(s);
  });

  async function open(viewport?: Viewport): Promise<Page> {
    session = await openApp(browser, bridge, viewport);
    return session.page;
  }

  // ------------------------------------------------------------ the page, as a person sees it

  const combobox = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });
  const preview = (page: Page) => page.getByTitle('Document preview');
  const srcdoc = async (page: Page): Promise<string> => (await preview(page).getAttribute('srcdoc')) ?? '';
  /** The text of the preview's question headings ("1. Tell me about…"), in order. */
  async function previewQuestionHeadings(page: Page): Promise<string[]> {
    const frame = preview(page).contentFrame();
    const headings = await frame.locator('h3').allTextContents();
    return headings.map((h) => h.trim()).filter((h) => /^\d+\.\s/.test(h));
  }
  const withoutNumber = (heading: string): string => heading.replace(/^\d+\.\s+/, '');

  /** The builder has loaded the library and shows a first preview. */
  async function builderReady(page: Page): Promise<void> {
    await combobox(page, 'Role').waitFor();
    await expect.poll(() => srcdoc(page), { timeout: 10_000 }).toMatch(/^<!DOCTYPE html>/i);
  }

  async function chooseAnasKit(page: Page): Promise<void> {
    await builderReady(page);
    await combobox(page, 'Role').selectOption({ label: ROLE });
    await combobox(page, 'Stage').selectOption({ label: STAGE });
    await combobox(page, 'Candidate').selectOption({ label: CANDIDATE });
    await expect.poll(() => srcdoc(page), { timeout: 10_000 }).toContain(CANDIDATE);
  }

  // ------------------------------------------------------------ the library, as the handlers see it

  function stageQuestions(): Question[] {
    const role = list(bridge.db, 'roles').find((r) => r.title === ROLE);
    const stage = list(bridge.db, 'stages').find((s) => s.roleId === role?.id && s.name === STAGE);
    if (!role || !stage) throw new Error(`the demo library has no stage "${STAGE}" for "${ROLE}"`);
    const questions = new Map(list(bridge.db, 'questions').map((q) => [q.id, q]));
    return stage.questionIds.map((id) => {
      const q = questions.get(id);
      if (!q) throw new Error(`stage question ${id} is missing from the demo library`);
      return q;
    });
  }

  // ------------------------------------------------------------ scenarios

  it('1. choosing role, stage and candidate updates the preview with the candidate and the stage’s questions', async () => {
    const page = await open();
    await builderReady(page);
    expect(await srcdoc(page)).not.toContain(CANDIDATE);

    await chooseAnasKit(page);

    const html = await srcdoc(page);
    const questions = stageQuestions();
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) expect(html, `the preview has "${q.text}"`).toContain(escapeHtml(q.text));
    // Each of the stage's questions is a numbered question section, once.
    const headings = (await previewQuestionHeadings(page)).map(withoutNumber);
    expect([...headings].sort()).toEqual(questions.map((q) => q.text).sort());
    // Choosing a candidate with an interview time fills in the date.
    const ana = list(bridge.db, 'candidates').find((c) => c.name === CANDIDATE);
    if (ana?.interviewAt) await expect.poll(() => page.getByLabel('Date', { exact: true }).inputValue()).toBe(ana.interviewAt.slice(0, 10));
    expect(bridge.calls.map((c) => c.channel)).toContain('documents.preview');
  });

  it('2. Export Word writes a .docx with the kit’s questions in the preview’s order', async () => {
    const page = await open();
    await chooseAnasKit(page);
    const shown = await previewQuestionHeadings(page);
    expect(shown.length).toBe(stageQuestions().length);

    await page.getByRole('button', { name: 'Export Word' }).click();
    await expect.poll(() => bridge.saves.length).toBe(1);
    const save = bridge.saves[0]!;
    expect(save.format).toBe('docx');
    expect(save.suggestedName).toMatch(/\.docx$/);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Saved ${save.path}`);

    const paragraphs = paragraphTexts(part(await docxParts(fs.readFileSync(save.path)), 'word/document.xml'));
    const positions = shown.map((heading) => paragraphs.indexOf(heading));
    expect(positions.every((p) => p >= 0), `every preview heading is a paragraph of the .docx: ${JSON.stringify(shown)}`).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // …and no other numbered question heading in between: the same questions, nothing extra.
    const numbered = paragraphs.filter((p) => /^\d+\.\s/.test(p) && shown.some((h) => withoutNumber(h) === withoutNumber(p)));
    expect(numbered).toEqual(shown);
  });

  it('2b. File ▸ Export Word (a menu command) exports the same way', async () => {
    const page = await open();
    await chooseAnasKit(page);
    expect(await fireMenu(page, 'export-docx')).toBeGreaterThan(0);
    await expect.poll(() => bridge.saves.length).toBe(1);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Saved ${bridge.saves[0]!.path}`);
    expect(fs.readFileSync(bridge.saves[0]!.path).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('2c. Export PDF prints the kit with Chromium and saves it', async () => {
    const page = await open();
    await chooseAnasKit(page);
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await expect.poll(() => bridge.saves.length).toBe(1);
    const save = bridge.saves[0]!;
    expect(save.format).toBe('pdf');
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toBe(`Saved ${save.path}`);
    expect(fs.readFileSync(save.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('3. switching to Candidate packet previews the packet', async () => {
    const page = await open();
    await chooseAnasKit(page);
    const packet = page.getByRole('radio', { name: 'Candidate packet' });
    const kit = page.getByRole('radio', { name: 'Interview kit' });
    expect(await kit.isChecked()).toBe(true);

    // With the mouse: the segmented control's visible part is the label (the radio itself is transparent).
    await page.getByText('Candidate packet', { exact: true }).click();
    await expect.poll(() => srcdoc(page), { timeout: 10_000 }).toContain('Thank you, Ana');
    expect(await packet.isChecked()).toBe(true);
    // The packet has no stage or date to choose, and still names the candidate.
    expect(await combobox(page, 'Stage').count()).toBe(0);
    expect(await page.getByLabel('Date', { exact: true }).count()).toBe(0);
    expect(await preview(page).contentFrame().locator('body').textContent()).toContain('Thank you, Ana');

    // With the keyboard: arrow keys move through the radio group.
    await packet.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => kit.isChecked()).toBe(true);
    expect(await kit.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    // For a person to look at: where does the focused radio show its focus?
    await shot(page, 'kit-builder-keyboard-focus-on-document-choice');
    await expect.poll(() => srcdoc(page)).not.toContain('Thank you, Ana');
    await expect.poll(async () => (await previewQuestionHeadings(page)).length).toBe(stageQuestions().length);
  });

  /** Types into the question search and waits until the page shows the library's answer to what it asked. */
  async function searchQuestions(page: Page, text: string): Promise<{ listed: string[]; hits: string[] }> {
    await page.getByLabel('Search questions').fill(text);
    const asked = () => bridge.calls.filter((c) => c.channel === 'questions.search' && (c.input as { text?: string }).text === text);
    await expect.poll(() => asked().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await bridge.idle();
    const answer = await bridge.dispatch('questions.search', asked().at(-1)!.input);
    if (!answer.ok) throw new Error(answer.error.message);
    const hits = (answer.value as { text: string }[]).map((h) => h.text);
    const items = page.getByRole('list', { name: 'Questions found' }).getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(hits.length);
    return { listed: (await items.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()), hits };
  }

  it('4. searching the questions for "conflict" lists the questions about conflict', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Questions', exact: true }).click();
    const { listed, hits } = await searchQuestions(page, 'conflict');

    // What the page lists is the library's own answer, in its order (each item shows the question's text).
    expect(hits.length).toBeGreaterThan(0);
    hits.forEach((text, i) => expect(listed[i], `item ${i + 1}`).toContain(text.replace(/\s+/g, ' ')));

    // Every question whose text is about conflict is listed, and those come first.
    const all = list(bridge.db, 'questions');
    const aboutConflict = all.filter((q) => /conflict/i.test(q.text)).map((q) => q.text);
    expect(aboutConflict.length).toBeGreaterThan(0);
    expect(hits).toEqual(expect.arrayContaining(aboutConflict));
    expect(hits.slice(0, aboutConflict.length).every((t) => /conflict/i.test(t))).toBe(true);
    // A question listed without "conflict" in its text matched on its probes, tags or competencies.
    const competencies = new Map(list(bridge.db, 'competencies').map((c: Competency) => [c.id, c.name]));
    for (const text of hits.filter((t) => !/conflict/i.test(t))) {
      const q = all.find((x) => x.text === text)!;
      const elsewhere = [...q.probes.map((p) => p.text), ...q.tags, ...q.competencyIds.map((id) => competencies.get(id) ?? '')].join(' ');
      expect(elsewhere, `why "${text}" matched`).toMatch(/conflict/i);
    }
  });

  describe.each(VIEWPORTS)('5. every main screen at $width×$height', (viewport) => {
    it('is screenshotted, and axe finds no serious or critical violation', async () => {
      const page = await open(viewport);
      const failures: string[] = [];
      const findings: Record<string, AxeFinding[]> = {};
      const settled = async () => {
        await bridge.idle();
        await expect.poll(() => page.getByRole('main').textContent()).not.toMatch(/Loading/);
      };
      const screens: [string, string, () => Promise<void>][] = [
        ['Kit builder', 'kit-builder', () => chooseAnasKit(page)],
        ['Questions', 'questions', async () => void (await searchQuestions(page, 'conflict'))],
        ['Library', 'library', settled],
        [
          'Library',
          'library-role-editor',
          async () => {
            await page.getByRole('navigation', { name: 'Library sections' }).getByRole('button', { name: 'Roles' }).click();
            await page.getByRole('button', { name: new RegExp(ROLE) }).click();
            await expect.poll(() => page.getByLabel('Title').inputValue()).toBe(ROLE);
          },
        ],
        ['Import', 'import', settled],
      ];
      for (const [button, name, ready] of screens) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await ready();
        await settled();
        expect(await page.getByRole('button', { name: button, exact: true }).getAttribute('aria-current')).toBe('page');
        await shot(page, name);
        try {
          findings[name] = await checkA11y(page, name);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
      const minor = Object.entries(findings).flatMap(([screen, found]) => describeFindings(screen, found));
      if (minor.length > 0) console.info(`axe, minor and moderate findings at ${viewport.width}×${viewport.height}:\n  ${minor.join('\n  ')}`);
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  });

  it('5b. the previewed kit and packet documents: axe finds no serious or critical violation', async () => {
    const page = await open();
    await chooseAnasKit(page);
    const kitHtml = await srcdoc(page);
    await page.getByText('Candidate packet', { exact: true }).click();
    await expect.poll(() => srcdoc(page), { timeout: 10_000 }).toContain('Thank you, Ana');
    const packetHtml = await srcdoc(page);
    const failures: string[] = [];
    const minor: string[] = [];
    for (const [name, html] of [['kit-document', kitHtml], ['packet-document', packetHtml]] as const) {
      try {
        minor.push(...describeFindings(name, await checkDocumentA11y(session!, html, name)));
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    if (minor.length > 0) console.info(`axe, minor and moderate findings in the documents:\n  ${minor.join('\n  ')}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('the accessibility check itself: axe reports a button with no name', async () => {
    const page = await open();
    await builderReady(page);
    await page.evaluate('void document.body.append(document.createElement("button"))');
    await expect(checkA11y(page, 'harness-self-check')).rejects.toThrow(/\[critical\] button-name/);
  });

  it('6. the offline guard itself: a request off the bridge’s origin is blocked and reported', async () => {
    const s = await openApp(browser, bridge);
    try {
      // A name under .invalid never resolves, and the route aborts it before any lookup.
      const probe = await s.context.newPage();
      await probe.goto('http://offline-probe.invalid/', { timeout: 5_000 }).catch(() => undefined);
      expect(s.offsite).toEqual(['GET http://offline-probe.invalid/']);
      await expect(closeApp(s)).rejects.toThrow(/requests left the bridge's origin/);
    } finally {
      await s.context.close().catch(() => undefined);
    }
  });
});
