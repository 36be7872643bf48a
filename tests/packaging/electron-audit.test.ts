/**
 * The Electron security audit CI runs (scripts/electron-audit.mjs): clean on
 * the app's sources, and failing, naming the check, when a window is opened
 * with Node integration in its page.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { figure } from '../helpers/figures';
import { tempDir } from '../helpers/library';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/electron-audit.mjs');
const audit = (...args: string[]) => {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('Electron security audit (Electronegativity)', () => {
  it('finds nothing above informational in the app, and lists every suppression', ({ task }) => {
    const { status, out } = audit();
    expect(out, out).toMatch(/electron-audit: \d+ checks, 0 findings above informational/);
    expect(status).toBe(0);
    expect(out).toContain('PRELOAD_JS_CHECK  electron/main/index.ts');
    const summary = /electron-audit: (\d+) checks, (\d+) findings above informational, (\d+) informational, (\d+) suppressed/.exec(out);
    figure(task, 'Electron audit', 'checks run', Number(summary?.[1]));
    figure(task, 'Electron audit', 'findings above informational', Number(summary?.[2]));
    figure(task, 'Electron audit', 'informational findings', Number(summary?.[3]));
    figure(task, 'Electron audit', 'suppressed with a reason where raised', Number(summary?.[4]));
  }, 120_000);

  it('fails on a window that gives its page Node', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'electron/main'), { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', devDependencies: { electron: '45.4.1' } }));
    fs.writeFileSync(
      path.join(root, 'electron/main/index.ts'),
      `import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n`,
    );
    const { status, out } = audit('--root', root);
    expect(status).toBe(1);
    expect(out).toMatch(/NODE_INTEGRATION_JS_CHECK/);
    expect(out).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
    expect(out).toContain('electron-audit: FAILED');
  }, 120_000);
});
