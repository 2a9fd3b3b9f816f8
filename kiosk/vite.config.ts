// Builds the kiosk UI into dist/ui, then the service worker (dist/ui/sw.js) with the list of
// files to precache, which is only known once the UI bundle is written.
import { createHash } from 'node:crypto';
import path from 'node:path';
import preact from '@preact/preset-vite';
import { build, defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = path.join(root, 'dist/ui');

function serviceWorker(): Plugin {
  let precache: { url: string; revision: string | null }[] = [];
  return {
    name: 'kiosk-service-worker',
    apply: 'build',
    enforce: 'post',
    // writeBundle sees the final bundle, index.html included.
    writeBundle(_options, bundle) {
      precache = Object.values(bundle).map((file) => {
        const source = file.type === 'chunk' ? file.code : file.source;
        // Hashed file names are their own revision; index.html needs one.
        const hashed = /-[A-Za-z0-9_-]{8,}\.\w+$/.test(file.fileName);
        return { url: `/${file.fileName}`, revision: hashed ? null : createHash('sha256').update(source).digest('hex').slice(0, 16) };
      });
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { __PRECACHE_MANIFEST__: JSON.stringify(precache), 'process.env.NODE_ENV': '"production"' },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          lib: { entry: path.join(root, 'src/browser/sw.ts'), formats: ['iife'], name: 'kioskServiceWorker', fileName: () => 'sw.js' },
        },
      });
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  plugins: [preact(), serviceWorker()],
  build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, reportCompressedSize: false },
});
