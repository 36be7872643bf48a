/**
 * The end-to-end harness: the real built renderer, in the system's Chromium,
 * talking to the real main-process handlers through the same `window.api`
 * surface the preload exposes. Only the transport differs:
 *
 *   renderer ── window.api.invoke(channel, input) ──► preload ─ ipcRenderer ─► ipcMain ─► dispatch   (the app)
 *   renderer ── window.api.invoke(channel, input) ──► init script ─ fetch POST /__ipc ─► dispatch    (these tests)
 *
 * - `buildRenderer()` runs the project's own electron-vite build (same config)
 *   into test-output/e2e/.build, once for a given state of the sources: a
 *   hash of the inputs is kept beside the build, and a lock directory stops
 *   two test files from building at once. out/ is left alone (the app's).
 * - `startBridge()` is an HTTP server on 127.0.0.1 (random port) serving that
 *   build and answering POST /__ipc with `createDispatcher(createHandlers(…))`
 *   over a temporary demo library. `useFreshLibrary()` gives each test its
 *   own library and output folder. Its `Platform` saves into the test's
 *   output folder (recording what was asked), prints with a real PdfPrinter
 *   (launched on first use) and writes with writeFileAtomic.
 * - `openApp()` opens a fresh browser context and page with `window.api`
 *   defined before any app script runs, every request off the bridge's
 *   origin blocked and recorded, and page errors collected; `closeApp()`
 *   fails the test if anything left the origin, the page threw or it logged
 *   an error (a CSP violation shows up there). `bridge.idle()` waits until
 *   the page has had every answer it asked for.
 * - `fireMenu()`, `shot()`, `checkA11y()` (axe-core on a screen) and
 *   `checkDocumentA11y()` (axe-core on a previewed document) for the tests.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, PdfPrinter, findChromium } from '../../electron/documents';
import { createDispatcher, createHandlers, type Dispatch, type Platform } from '../../electron/services/ipc';
import { loadDemo, openLibrary, writeFileAtomic, type Database } from '../../electron/store';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CHANNELS, MENU_ACTIONS, type MenuAction } from '../../shared/ipc';
import { figure } from '../helpers/figures';
import { requireTools } from '../helpers/tools';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots, axe reports and each test's saved files go here (git-ignored). */
export const OUTPUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const BUILD_DIR = path.join(OUTPUT_DIR, '.build');
const RENDERER_DIR = path.join(BUILD_DIR, 'renderer');
const STAMP = path.join(BUILD_DIR, '.inputs-sha256');
const LOCK = path.join(OUTPUT_DIR, '.build.lock');

/** The flags every e2e browser starts with: the app's own (nothing of Chromium's reaches the network). */
export { CHROMIUM_ARGS };

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;
export type Viewport = { width: number; height: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- building the renderer

/** What the renderer bundle is made from: its sources, the shared code, the build config and the installed packages. */
const BUILD_INPUTS = ['renderer', 'shared', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];

function filesUnder(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return [];
  }
  if (stat.isFile()) return [p];
  if (!stat.isDirectory()) return [];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => filesUnder(path.join(p, name)));
}

function inputsHash(): string {
  const h = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((p) => filesUnder(path.join(ROOT, p)))) {
    h.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}

function isBuilt(hash: string): boolean {
  try {
    return fs.readFileSync(STAMP, 'utf8') === hash && fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
  } catch {
    return false;
  }
}

function lockAge(): number | null {
  try {
    return Date.now() - fs.statSync(LOCK).mtimeMs;
  } catch {
    return null;
  }
}

/** Holds a lock directory while `task` runs; a lock left by a dead run is taken over after two minutes. */
async function withBuildLock<T>(task: () => T): Promise<T> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = lockAge();
      if (age === null) continue; // released just now
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for the renderer build lock ${LOCK}`, { cause: err });
      else await sleep(100);
    }
  }
  try {
    return task();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the app with the project's electron-vite config into
 * test-output/e2e/.build, unless the build there was made from the same
 * sources. Returns the renderer folder (index.html and assets/).
 */
export async function buildRenderer(): Promise<string> {
  return withBuildLock(() => {
    const hash = inputsHash();
    if (isBuilt(hash)) return RENDERER_DIR;
    fs.rmSync(BUILD_DIR, { recursive: true, force: true });
    const bin = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    try {
      execFileSync(process.execPath, [bin, 'build', '--outDir', BUILD_DIR, '--logLevel', 'warn'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`The renderer build failed:\n${e.stderr || e.stdout || e.message}`, { cause: err });
    }
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
      throw new Error(`The build wrote no ${path.relative(ROOT, RENDERER_DIR)}/index.html`);
    }
    fs.writeFileSync(STAMP, hash);
    return RENDERER_DIR;
  });
}

// ---------------------------------------------------------------- the bridge

export interface SaveRequest {
  suggestedName: string;
  format: 'docx' | 'pdf';
  /** Where the bridge answered the file should go. */
  path: string;
}

export interface Bridge {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The current test's library (after useFreshLibrary). */
  readonly db: Database;
  readonly libraryPath: string;
  /** The current test's output folder: where chooseSavePath puts files. */
  readonly outDir: string;
  /** Every save the app asked for since the last useFreshLibrary, in order. */
  readonly saves: SaveRequest[];
  /** Every IPC request the page made since the last useFreshLibrary, in order. */
  readonly calls: { channel: string; input: unknown }[];
  /**
   * Resolves once no IPC request has been in flight for `quietMs`: the page
   * has what it asked for. Fails after `timeoutMs`.
   */
  idle(quietMs?: number, timeoutMs?: number): Promise<void>;
  /** The same dispatcher the page talks to, for tests that want the library's own answer. */
  dispatch: Dispatch;
  /** A new temporary library with the demo loaded, and an emptied output folder for the test. */
  useFreshLibrary(outDir: string): Promise<void>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const MAX_IPC_BODY = 10 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_IPC_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** Starts the bridge over the built renderer in `rendererDir`. Call useFreshLibrary before each test. */
export async function startBridge(rendererDir: string): Promise<Bridge> {
  const root = path.resolve(rendererDir);
  let db: Database | null = null;
  let libraryDir: string | null = null;
  let libraryPath = '';
  let outDir = '';
  let dispatch: Dispatch | null = null;
  const saves: SaveRequest[] = [];
  const calls: { channel: string; input: unknown }[] = [];
  let inflight = 0;
  let lastActivity = Date.now();
  let printer: Promise<PdfPrinter> | null = null;

  const platform: Platform = {
    async chooseSavePath(suggestedName, format) {
      const target = path.join(outDir, suggestedName);
      saves.push({ suggestedName, format, path: target });
      return target;
    },
    async chooseFolder() {
      return outDir;
    },
    printer() {
      printer ??= PdfPrinter.launch();
      return printer;
    },
    writeFile: (file, bytes) => writeFileAtomic(file, bytes),
  };

  function closeLibrary(): void {
    if (db?.open) db.close();
    if (libraryDir) fs.rmSync(libraryDir, { recursive: true, force: true });
    db = null;
    libraryDir = null;
    dispatch = null;
  }

  async function handleIpc(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let message: { channel?: unknown; input?: unknown };
    try {
      message = JSON.parse(await readBody(req)) as typeof message;
    } catch (err) {
      send(res, 400, 'text/plain; charset=utf-8', `bad request: ${String(err)}`);
      return;
    }
    if (!dispatch) {
      send(res, 503, 'text/plain; charset=utf-8', 'no library: call useFreshLibrary() first');
      return;
    }
    calls.push({ channel: String(message.channel), input: message.input });
    // JSON has no `undefined`: an absent input is the `undefined` the page passed.
    const result = await dispatch(message.channel, message.input);
    send(res, 200, 'application/json', JSON.stringify(result));
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'bad path');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) send(res, 404, 'text/plain; charset=utf-8', 'not found');
      else send(res, 200, MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream', data);
    });
  }

  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === '/__ipc') {
      if (req.method !== 'POST') {
        send(res, 405, 'text/plain; charset=utf-8', 'POST only');
        return;
      }
      inflight += 1;
      lastActivity = Date.now();
      handleIpc(req, res)
        .catch((err: unknown) => {
          if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `bridge error: ${String(err)}`);
        })
        .finally(() => {
          inflight -= 1;
          lastActivity = Date.now();
        });
      return;
    }
    serveStatic(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    get db() {
      if (!db) throw new Error('no library: call useFreshLibrary() first');
      return db;
    },
    get libraryPath() {
      return libraryPath;
    },
    get outDir() {
      return outDir;
    },
    saves,
    calls,
    async idle(quietMs = 250, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (inflight > 0 || Date.now() - lastActivity < quietMs) {
        if (Date.now() > deadline) throw new Error(`the page kept calling the bridge for ${timeoutMs} ms (${inflight} in flight)`);
        await sleep(25);
      }
    },
    dispatch: (channel, input) => {
      if (!dispatch) throw new Error('no library: call useFreshLibrary() first');
      return dispatch(channel, input);
    },
    async useFreshLibrary(dir) {
      closeLibrary();
      saves.length = 0;
      calls.length = 0;
      outDir = path.resolve(dir);
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.mkdirSync(outDir, { recursive: true });
      libraryDir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'ikit-e2e-'));
      libraryPath = path.join(libraryDir, 'library.db');
      const opened = await openLibrary(libraryPath);
      db = opened.db;
      loadDemo(db);
      dispatch = createDispatcher(createHandlers({ db, libraryPath, platform }));
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeLibrary();
      if (printer) await (await printer.catch(() => null))?.close();
      printer = null;
    },
  };
}

// ---------------------------------------------------------------- the browser

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: install chromium or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The page's `window.api`, defined before any app script runs, with the
 * preload's shape and rules: the same channel allowlist (derived from the
 * contract) and the same menu-action filter. A plain string, so that nothing
 * the test transform adds to functions reaches the page.
 */
function apiScript(): string {
  const config = JSON.stringify({ channels: CHANNELS, menuActions: MENU_ACTIONS, endpoint: '/__ipc' });
  return `(() => {
  if (window.top !== window) return; // the preload runs in the main frame only
  const config = ${config};
  const allowed = new Set(config.channels);
  const menuActions = new Set(config.menuActions);
  const listeners = new Set();
  const api = {
    invoke(channel, input) {
      if (!allowed.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: 'Unknown request "' + channel + '".' } });
      }
      return fetch(config.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: channel, input: input }),
      }).then((response) => {
        if (!response.ok) throw new Error('test bridge: HTTP ' + response.status + ' for ' + channel);
        return response.json();
      });
    },
    onMenu(listener) {
      const wrapped = (action) => {
        if (typeof action === 'string' && menuActions.has(action)) listener(action);
      };
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), enumerable: true });
  // The test's stand-in for webContents.send('menu', action); returns how many listeners heard it.
  Object.defineProperty(window, '__ikitE2eFireMenu', {
    value: (action) => {
      for (const l of [...listeners]) l(action);
      return listeners.size;
    },
  });
})();`;
}

export interface AppSession {
  context: BrowserContext;
  page: Page;
  bridge: Bridge;
  /** Requests that tried to leave the bridge's origin (blocked), as "METHOD url". */
  offsite: string[];
  /** Every request the page made, to the bridge or not. */
  requests: number;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** console.error messages from the page. */
  consoleErrors: string[];
}

const LOCAL_SCHEMES = /^(data|blob|about):/i;

/**
 * A fresh browser context and page on the app, at `viewport`. Every request
 * not to the bridge's origin is aborted and recorded; closeApp fails on any.
 */
export async function openApp(browser: Browser, bridge: Bridge, viewport: Viewport = VIEWPORTS[0]): Promise<AppSession> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block', locale: 'en-US', timezoneId: 'UTC' });
  // Shorter than the test timeout, so a stuck action fails with Playwright's own account of why.
  context.setDefaultTimeout(10_000);
  const offsite = new Set<string>();
  let requests = 0;
  const sameOrigin = (url: string): boolean => {
    try {
      return new URL(url).origin === bridge.origin;
    } catch {
      return false;
    }
  };
  const note = (method: string, url: string): void => {
    if (!sameOrigin(url) && !LOCAL_SCHEMES.test(url)) offsite.add(`${method} ${url}`);
  };
  await context.route('**/*', (route) => {
    const request = route.request();
    if (sameOrigin(request.url())) return route.continue();
    note(request.method(), request.url());
    return route.abort('blockedbyclient');
  });
  // Belt and braces: anything the routing did not see (it sees http(s) only).
  context.on('request', (request) => {
    requests += 1;
    note(request.method(), request.url());
  });
  await context.addInitScript({ content: apiScript() });

  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('websocket', (ws) => note('WEBSOCKET', ws.url()));
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  const session: AppSession = {
    context,
    page,
    bridge,
    get offsite() {
      return [...offsite];
    },
    get requests() {
      return requests;
    },
    pageErrors,
    consoleErrors,
  };
  await page.goto(`${bridge.origin}/index.html`, { waitUntil: 'load' });
  return session;
}

/**
 * Closes the context, then fails if any request left the bridge's origin or
 * the page threw. Call it at the end of every test (afterEach does).
 */
export async function closeApp(session: AppSession): Promise<void> {
  const offsite = session.offsite;
  const errors = [...session.pageErrors];
  const consoleErrors = [...session.consoleErrors];
  await session.context.close();
  const problems: string[] = [];
  if (offsite.length > 0) problems.push(`requests left the bridge's origin ${session.bridge.origin}:\n  ${offsite.join('\n  ')}`);
  if (errors.length > 0) problems.push(`the page threw:\n  ${errors.join('\n  ')}`);
  if (consoleErrors.length > 0) problems.push(`the page logged errors:\n  ${consoleErrors.join('\n  ')}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** Sends a menu command to the page, as the main process does with webContents.send('menu', …). */
export async function fireMenu(page: Page, action: MenuAction): Promise<number> {
  return page.evaluate(`window.__ikitE2eFireMenu(${JSON.stringify(action)})`) as Promise<number>;
}

// ---------------------------------------------------------------- screenshots and accessibility

/** A screenshot of the viewport at test-output/e2e/<name>-<width>x<height>.png; returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  const size = page.viewportSize();
  if (!size) throw new Error('shot() needs a page with a fixed viewport');
  const file = path.join(OUTPUT_DIR, `${name}-${size.width}x${size.height}.png`);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

let axeSource: string | null = null;
function loadAxeSource(): string {
  if (axeSource) return axeSource;
  const require = createRequire(import.meta.url);
  try {
    axeSource = (require('axe-core') as { source: string }).source;
  } catch (err) {
    throw new Error('axe-core is not installed: the accessibility checks need it as a devDependency (npm install -D axe-core).', {
      cause: err,
    });
  }
  return axeSource;
}

/**
 * Runs axe-core on the page's own document and fails listing every violation
 * of impact serious or critical. All findings are written to
 * test-output/e2e/axe-<screen>-<w>x<h>.json and returned, so minor and
 * moderate ones can be reported too.
 *
 * The page's CSP (script-src 'self') would block an inline <script> of axe's
 * source; page.evaluate goes through the DevTools protocol, which CSP does not
 * govern. The preview iframe is sandboxed without scripts, so nothing can run
 * in it: axe skips it here, and checkDocumentA11y checks the document itself.
 */
export async function checkA11y(page: Page, screenName: string): Promise<AxeFinding[]> {
  const size = page.viewportSize();
  return runAxe(page, size ? `${screenName}-${size.width}x${size.height}` : screenName);
}

/**
 * Runs axe-core on a document the app shows in its preview iframe (kit or
 * packet HTML), opened on its own page of the same browser context, so the
 * offline guard still applies. Fails like checkA11y.
 */
export async function checkDocumentA11y(session: AppSession, html: string, name: string): Promise<AxeFinding[]> {
  const page = await session.context.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return await runAxe(page, name);
  } finally {
    await page.close();
  }
}

async function runAxe(page: Page, label: string): Promise<AxeFinding[]> {
  const source = loadAxeSource();
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(source);
  const options = { resultTypes: ['violations'], iframes: false };
  const json = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)}).then((r) => JSON.stringify(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary || '' })),
  }))))`)) as string;
  const findings = JSON.parse(json) as AxeFinding[];
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT_DIR, `axe-${label}.json`), `${JSON.stringify(findings, null, 2)}\n`);
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  if (serious.length > 0) {
    const lines = serious.flatMap((f) => [
      `[${f.impact}] ${f.id}: ${f.help} (${f.helpUrl})`,
      ...f.nodes.map((n) => `    at ${n.target}: ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`),
    ]);
    throw new Error(`axe found ${serious.length} serious or critical violation(s) on "${label}":\n${lines.join('\n')}`);
  }
  return findings;
}

/** One line per finding, for a test's report of what did not fail it. */
export const describeFindings = (where: string, findings: AxeFinding[]): string[] =>
  findings.map((f) => `${where}: [${f.impact}] ${f.id} — ${f.help} (${f.nodes.length} element(s): ${f.nodes.map((n) => n.target).join(', ')})`);

/** A file-system-safe folder name for a test. */
export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

// ---------------------------------------------------------------- one suite's lifecycle

export interface AppSuite {
  /** The bridge of this file (valid inside tests). */
  bridge(): Bridge;
  /** Opens the app on a fresh context; it is closed (and checked) after the test. Dialogs are accepted. */
  open(viewport?: Viewport): Promise<Page>;
}

/**
 * The usual lifecycle of an e2e file: one renderer build, bridge and browser;
 * a fresh library and output folder per test (named after `prefix` and the
 * test); every page closed and checked for off-origin requests and errors.
 * Call inside a describe block.
 */
export function useAppSuite(prefix: string): AppSuite {
  let browser: Browser | null = null;
  let bridge: Bridge | null = null;
  let session: AppSession | null = null;
  beforeAll(async () => {
    requireTools(['chromium']);
    bridge = await startBridge(await buildRenderer());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });
  beforeEach(async (ctx) => {
    await bridge?.useFreshLibrary(path.join(OUTPUT_DIR, 'files', slug(`${prefix} ${ctx.task.name}`)));
  });
  afterEach(async (ctx) => {
    const s = session;
    session = null;
    if (!s) return;
    figure(ctx.task, 'Offline proof (e2e, Chromium)', 'app pages opened', 1);
    figure(ctx.task, 'Offline proof (e2e, Chromium)', 'requests the renderer made', s.requests);
    figure(ctx.task, 'Offline proof (e2e, Chromium)', 'requests that left the app', s.offsite.length);
    await closeApp(s);
  });
  return {
    bridge: () => {
      if (!bridge) throw new Error('the bridge is not started');
      return bridge;
    },
    async open(viewport?: Viewport) {
      if (!browser || !bridge) throw new Error('the browser is not started');
      session = await openApp(browser, bridge, viewport);
      session.page.on('dialog', (d) => void d.accept());
      return session.page;
    },
  };
}
