// The kiosk UI built for the console's draft preview: the same screens and styles from the
// preview entry (preview.html → src/browser/preview/main.tsx), served by the district server
// under /kiosk-preview/. No service worker: it would claim the server's origin.
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/kiosk-preview/',
  publicDir: false,
  plugins: [preact()],
  build: {
    outDir: path.join(root, 'dist/preview'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rollupOptions: { input: path.join(root, 'preview.html') },
  },
});
