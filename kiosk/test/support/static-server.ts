/**
 * Serves a built UI (dist/ui) and a content release the way the browser-mode host does:
 * `/content/manifest.json` and `/content/files/<sha256>`. Loopback only. The content can be
 * swapped or removed while running; `close()` takes the whole origin away (offline tests).
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ContentRelease {
  manifest: { releaseId: string; files: { path: string; sha256: string; size: number; type: string }[] };
  /** File bytes by sha256. */
  files: Map<string, Uint8Array>;
}

/** A release from logical path → bytes; `index.json` must be among them. */
export function makeRelease(releaseId: string, files: Record<string, Uint8Array>): ContentRelease {
  const bytes = new Map<string, Uint8Array>();
  const entries = Object.entries(files).map(([p, data]) => {
    const sha256 = createHash('sha256').update(data).digest('hex');
    bytes.set(sha256, data);
    return { path: p, sha256, size: data.length, type: TYPES[path.extname(p)] ?? 'application/octet-stream' };
  });
  return { manifest: { releaseId, files: entries }, files: bytes };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export interface StaticServer {
  url: string;
  setContent(release: ContentRelease | null): void;
  close(): Promise<void>;
}

export async function startStaticServer(uiDir: string, release: ContentRelease | null): Promise<StaticServer> {
  let content = release;
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: Uint8Array | string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(body);
    };
    if (pathname === '/content/manifest.json') {
      return content ? send(200, JSON.stringify(content.manifest), 'application/json') : send(404, 'no release');
    }
    if (pathname.startsWith('/content/files/')) {
      const hash = pathname.slice('/content/files/'.length);
      const entry = content?.manifest.files.find((f) => f.sha256 === hash);
      const data = content?.files.get(hash);
      return entry && data ? send(200, data, entry.type) : send(404, 'no such file');
    }
    const file = path.join(uiDir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(uiDir + path.sep)) return send(403, 'forbidden');
    readFile(file).then(
      (data) => send(200, data, TYPES[path.extname(file)] ?? 'application/octet-stream'),
      () => send(404, 'not found'),
    );
  });
  // Keep-alive sockets would hold close() open and keep the origin reachable.
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setContent: (r) => {
      content = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const SEED_DIR = path.resolve(import.meta.dirname, '../../../content');

/** The district's default release from content/ (index.json, the files it names, images/), optionally with files replaced. */
export async function loadSeedRelease(releaseId = 'seed', overrides: Record<string, unknown> = {}): Promise<ContentRelease> {
  const read = (p: string) => readFile(path.join(SEED_DIR, p));
  const index = JSON.parse((await read('index.json')).toString('utf8')) as { files: Record<string, string> };
  const files: Record<string, Uint8Array> = { 'index.json': await read('index.json') };
  for (const p of Object.values(index.files)) files[p] = await read(p);
  for (const name of await readdir(path.join(SEED_DIR, 'images'))) files[`images/${name}`] = await read(`images/${name}`);
  for (const [p, value] of Object.entries(overrides)) files[p] = new TextEncoder().encode(JSON.stringify(value));
  return makeRelease(releaseId, files);
}
