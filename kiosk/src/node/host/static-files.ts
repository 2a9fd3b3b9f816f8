/**
 * Serving files of one directory (the UI build) and content blobs, with the few HTTP details
 * a kiosk needs: a path can never leave its root, media types are fixed by extension, and
 * single byte ranges work (videos seek, a resumed download continues).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export function mediaType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` a URL path names, or undefined when it would escape the root. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** What a kiosk URL path names, the same for the app:// scheme and the browser-mode host. */
export type KioskRoute = { kind: 'manifest' } | { kind: 'blob'; sha256: string } | { kind: 'ui'; file: string; isIndex: boolean } | { kind: 'none' };

export function kioskRoute(uiDir: string, urlPath: string): KioskRoute {
  if (urlPath === '/content/manifest.json') return { kind: 'manifest' };
  const blob = /^\/content\/files\/([0-9a-f]{64})$/.exec(urlPath);
  if (blob) return { kind: 'blob', sha256: blob[1]! };
  // Content is only ever the manifest and blobs: never the single page.
  if (urlPath.startsWith('/content/')) return { kind: 'none' };
  const root = path.resolve(uiDir);
  const indexFile = path.join(root, 'index.html');
  let file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) return { kind: 'none' };
  // A path without an extension is a UI route: the single page answers it.
  if (!path.extname(file)) file = indexFile;
  return { kind: 'ui', file, isIndex: file === indexFile };
}

/** Parses `bytes=a-b` / `bytes=a-` / `bytes=-n` for a file of `size`; null when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

/** Sends a file (honouring Range); false when it does not exist. */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, headers: Record<string, string>): Promise<boolean> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    size = s.size;
  } catch {
    return false;
  }
  const range = parseRange(req.headers.range, size);
  if (range === null) {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    return true;
  }
  const common = { ...headers, 'content-type': type, 'accept-ranges': 'bytes' };
  if (range) {
    res.writeHead(206, { ...common, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` });
  } else {
    res.writeHead(200, { ...common, 'content-length': String(size) });
  }
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file, range ?? {});
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
