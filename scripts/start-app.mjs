#!/usr/bin/env node
/**
 * `npm start`: runs the desktop app.
 *
 * better-sqlite3 is a native module and must match the runtime that loads it.
 * node_modules/better-sqlite3 stays built for Node (tests and `ikit` use it).
 * For Electron, this script prepares a second copy of the binding, built for
 * Electron's ABI, under .cache/electron-native/<electron version>/, once; the
 * app hands its path to better-sqlite3's `nativeBinding` option
 * (IKIT_SQLITE_BINDING). Nothing here touches the Node build.
 *
 * Needs a network the first time (the Electron binary and the binding's
 * prebuilt or headers); afterwards the app runs offline.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts });
  return r.status === 0;
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** Builds (once) better_sqlite3.node for Electron and returns its path. */
export function ensureElectronSqlite(version = electronVersion()) {
  const target = path.join(root, '.cache', 'electron-native', `${version}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (fs.existsSync(target)) return target;

  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(root, '.cache', 'electron-native', `work-${version}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const copy = path.join(work, 'better-sqlite3');
  fs.cpSync(src, copy, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });

  console.log(`Preparing better-sqlite3 for Electron ${version} (first run only)…`);
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: version, npm_config_disturl: 'https://electronjs.org/headers' };
  const prebuild = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  const ok =
    run(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', process.arch], { cwd: copy, env }) ||
    run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], {
      cwd: copy,
      env,
    });
  const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (!ok || !fs.existsSync(built)) {
    console.error('Could not prepare better-sqlite3 for Electron. Check your network connection (or a C++ toolchain) and run `npm start` again.');
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(built, target);
  fs.rmSync(work, { recursive: true, force: true });
  return target;
}

const binding = ensureElectronSqlite();
const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const ok = run(process.execPath, [bin, dev ? 'dev' : 'preview'], { cwd: root, env: { ...process.env, IKIT_SQLITE_BINDING: binding } });
process.exit(ok ? 0 : 1);
