#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild into kiosk/dist/, where
// kiosk/package.json's "main" and the window's preload path point. The sandboxed preload
// must be one CommonJS file (a sandboxed renderer has no module loader); main is one ESM
// file with native modules and electron left external.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const kiosk = path.join(root, 'kiosk');
const native = ['electron', 'serialport', '@serialport/*', 'node-hid', 'better-sqlite3', '@napi-rs/canvas', 'bufferutil', 'utf-8-validate'];

await build({
  entryPoints: [path.join(kiosk, 'src/electron-main/main.ts')],
  outfile: path.join(kiosk, 'dist/electron-main/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: native,
  sourcemap: 'linked',
  // ESM output still meets CommonJS dependencies that call require().
  banner: { js: "import { createRequire as __ckRequire } from 'node:module'; const require = __ckRequire(import.meta.url);" },
  logLevel: 'warning',
});

await build({
  entryPoints: [path.join(kiosk, 'src/preload/preload.ts')],
  outfile: path.join(kiosk, 'dist/preload/preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome134',
  external: ['electron'],
  logLevel: 'warning',
});

console.error('bundled kiosk/dist/electron-main/main.js and kiosk/dist/preload/preload.cjs');
