// Builds the admin console into ui/dist; the district server serves it at / under its CSP.
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: false,
  plugins: [preact()],
  // No inline module-preload polyfill script: the server's CSP allows scripts from files only.
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, reportCompressedSize: false, modulePreload: { polyfill: false } },
});
