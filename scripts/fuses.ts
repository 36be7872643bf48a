/**
 * Electron fuses for packaged builds: switches compiled into the Electron
 * binary that turn off ways of running code in the app that it never uses.
 * A packager calls this on the packaged binary before signing (electron-builder:
 * an afterPack hook; Electron Forge: @electron-forge/plugin-fuses with FUSES):
 *
 *   npm run fuses -- "dist/linux-unpacked/interview-kit-builder"
 *   npm run fuses -- "dist/mac/Interview Kit Builder.app"
 *
 * Every fuse the wire has is set explicitly (strictlyRequireAllFuses), so an
 * Electron upgrade that adds one fails here until someone decides its value.
 */
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // `ELECTRON_RUN_AS_NODE=1 "Interview Kit Builder"` would turn the app into a plain Node with the app's
  // signature. The app never runs itself as Node: batch exports use worker_threads inside the main process.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (the app sets none) are encrypted at rest with the OS keychain, should any ever be stored.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who can set an environment variable or a shortcut's
  // arguments run code inside the app, next to the library of candidates' personal data.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code is read only from app.asar, whose integrity is checked against the hash in the
  // signed binary (macOS, Windows). better-sqlite3's .node binding and the batch worker are unpacked
  // (asarUnpack) because native modules and worker threads are loaded from real files.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // One V8 snapshot for every process: the app ships no custom browser-process snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Kept on: the window is loaded from file:// (loadFile) and its bundle is an ES module, which
  // Chromium loads from file:// only with Electron's extra file privileges. Turning this off needs a
  // custom app:// protocol first; navigation off the page is already blocked (security.ts).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  // Electron's default: WebAssembly bounds checks through signal handlers. The app runs no WebAssembly.
  [FuseV1Options.WasmTrapHandlers]: true,
} satisfies FuseV1Config;

/** Sets FUSES on a packaged Electron binary (or .app bundle); returns how many fuse wires were written. */
export async function applyFuses(binary: string): Promise<number> {
  return flipFuses(binary, FUSES);
}

export async function readFuses(binary: string): Promise<Record<string, string>> {
  const wire = await getCurrentFuseWire(binary);
  const out: Record<string, string> = {};
  for (const [key, state] of Object.entries(wire)) {
    if (key === 'version' || key === 'resetAdHocDarwinSignature' || key === 'strictlyRequireAllFuses') continue;
    const name = FuseV1Options[Number(key)] ?? key;
    out[name] = state === 49 ? 'on' : state === 48 ? 'off' : state === 114 ? 'removed' : 'inherit';
  }
  return out;
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: npm run fuses -- <packaged Electron binary or .app>');
    process.exit(2);
  }
  try {
    await applyFuses(binary);
    for (const [name, state] of Object.entries(await readFuses(binary))) console.log(`${name.padEnd(40)} ${state}`);
  } catch (err) {
    console.error(`Could not set the fuses on "${binary}": ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
