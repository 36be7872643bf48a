#!/usr/bin/env node
// The `ikit` command line. Runs the TypeScript sources directly (through tsx),
// so it works in a fresh clone right after `npm install`, with Node's own
// better-sqlite3 build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
