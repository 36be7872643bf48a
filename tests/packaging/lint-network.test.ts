/**
 * The lint rule that keeps electron/ offline (eslint.config.js), tried on
 * code that reaches the network by each door it closes: the rule must catch
 * every one, and leave ordinary code alone.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { figure } from '../helpers/figures';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
}

const DOORS: { what: string; file: string; code: string }[] = [
  { what: 'importing node:https', file: 'electron/services/x.ts', code: `import https from 'node:https';\nexport const a = https;\n` },
  { what: 'importing http without node:', file: 'electron/store/x.ts', code: `import http from 'http';\nexport const a = http;\n` },
  { what: 'importing a fetch library', file: 'electron/services/x.ts', code: `import { request } from 'undici';\nexport const a = request;\n` },
  { what: 'the global fetch', file: 'electron/services/x.ts', code: `export const a = () => fetch('https://example.com');\n` },
  { what: 'globalThis.fetch', file: 'electron/documents/x.ts', code: `export const a = () => globalThis.fetch('https://example.com');\n` },
  { what: 'a WebSocket', file: 'electron/services/x.ts', code: `export const a = () => new WebSocket('wss://example.com');\n` },
  { what: 'import() of a network module', file: 'electron/services/x.ts', code: `export const a = () => import('node:https');\n` },
  { what: 'require() of a network module', file: 'electron/cli/x.ts', code: `declare const require: (m: string) => unknown;\nexport const a = require('net');\n` },
  {
    what: 'createRequire()(…) of a network module',
    file: 'electron/services/x.ts',
    code: `import { createRequire } from 'node:module';\nexport const a = createRequire(import.meta.url)('https');\n`,
  },
  { what: "Electron's net in the shell", file: 'electron/main/x.ts', code: `import { net } from 'electron';\nexport const a = () => net.request('https://example.com');\n` },
  { what: 'a network module in the preload', file: 'electron/preload/x.ts', code: `import dns from 'node:dns';\nexport const a = dns;\n` },
];

describe('the offline lint rule for electron/', () => {
  it('catches every way of reaching the network', async ({ task }) => {
    let caught = 0;
    for (const door of DOORS) {
      const found = await problems(door.file, door.code);
      expect(found.join(' | '), door.what).toMatch(/works offline/);
      caught += 1;
    }
    figure(task, 'Offline proof (lint)', 'ways to reach the network tried on the lint rule, all caught', caught);
  }, 60_000);

  it('leaves ordinary code alone', async () => {
    expect(await problems('electron/services/x.ts', `import fs from 'node:fs';\nimport { createRequire } from 'node:module';\nexport const a = () => [fs.existsSync('net'), createRequire(import.meta.url)('better-sqlite3')];\n`)).toEqual([]);
    expect(await problems('electron/main/x.ts', `import { app, dialog } from 'electron';\nexport const a = [app, dialog];\n`)).toEqual([]);
  }, 60_000);
});
