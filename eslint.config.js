// ESLint: typescript-eslint for all code, react-hooks for the renderer, and
// the house rules on who may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The app works offline. No code under electron/ may reach the network, by any door: a network module
// (imported, required, or loaded with import()), Electron's own `net`, or a network global. Checked by
// tests/packaging/lint-network.test.ts.
const NODE_NETWORK = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'inspector'];
const PACKAGES = ['undici', 'ws', 'node-fetch', 'axios', 'got', 'ky', 'superagent', 'request', 'socket.io-client'];
const NETWORK_MODULES = [...NODE_NETWORK.flatMap((m) => [m, `node:${m}`]), ...PACKAGES];
const OFFLINE = 'The app works offline: no network access in electron/.';
const networkModule = `/^(node:)?(${NODE_NETWORK.join('|')})$|^(${PACKAGES.map((p) => p.replace(/[.]/g, '\\.')).join('|')})$/`;
const offlineRules = (electronImport) => ({
  'no-restricted-imports': [
    'error',
    { paths: [electronImport, ...NETWORK_MODULES.map((name) => ({ name, message: OFFLINE }))] },
  ],
  'no-restricted-globals': ['error', ...['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'WebTransport'].map((name) => ({ name, message: OFFLINE }))],
  'no-restricted-syntax': [
    'error',
    { selector: `ImportExpression[source.value=${networkModule}]`, message: OFFLINE },
    { selector: `CallExpression[callee.name=/^require$|Require$/][arguments.0.value=${networkModule}]`, message: OFFLINE },
    { selector: `CallExpression[callee.type='CallExpression'][arguments.0.value=${networkModule}]`, message: OFFLINE },
    { selector: `MemberExpression[object.name='globalThis'][property.name=/^(fetch|WebSocket|XMLHttpRequest|EventSource)$/]`, message: OFFLINE },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Only the Electron shell (electron/main, electron/preload) may import electron:
      // everything else runs and is tested in plain Node.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: offlineRules({ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: offlineRules({ name: 'electron', importNames: ['net', 'netLog'], message: OFFLINE }),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
