import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

/** The only asset types the console's (and the kiosk preview's) build writes. */
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/**
 * The `assets/` files of a Vite build in `dir` at `url` (ending in `:file`): content-hashed
 * names, so cached for a year; `headers` are added to every file answered.
 */
export function builtAssetsRoute(opts: { url: string; summary: string; tags: string[]; dir: string; headers?: Record<string, string> }) {
  return defineRoute({
    method: 'GET',
    url: opts.url,
    summary: opts.summary,
    tags: opts.tags,
    auth: 'public',
    params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/).max(128) }),
    raw: true,
    rawContentType: 'application/octet-stream',
    response: z.string(),
    async handler({ params, reply }) {
      const type = ASSET_TYPES[path.extname(params.file)];
      const bytes = type ? await readFile(path.join(opts.dir, 'assets', params.file)).catch(() => undefined) : undefined;
      if (!type || !bytes) throw new ApiError('not-found', 404, `No such file ${params.file}`);
      return reply.headers(opts.headers ?? {}).type(type).header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
    },
  });
}

/** A public page that is a built HTML file with no data in it; `missing()` answers until it is built. */
export function builtPageRoute(opts: { url: string; summary: string; tags: string[]; file: string; missing: () => ApiError; headers?: Record<string, string> }) {
  return defineRoute({
    method: 'GET',
    url: opts.url,
    summary: opts.summary,
    tags: opts.tags,
    auth: 'public',
    raw: true,
    rawContentType: 'text/html',
    response: z.string(),
    async handler({ reply }) {
      const html = await readFile(opts.file).catch(() => {
        throw opts.missing();
      });
      return reply.headers(opts.headers ?? {}).type('text/html; charset=utf-8').send(html);
    },
  });
}

const notBuilt = () => new ApiError('console-not-built', 404, 'The admin console is not built: run `npm run build -w admin-web`');

/**
 * The admin console: its page at each of its client paths (and nowhere else, so /api/* and
 * unknown paths stay JSON 404s), and its hashed, immutable assets. The page and the assets are
 * public files with no data; everything the console shows comes from the staff API, under the
 * server's CSP (no inline script or style).
 */
export const consoleRoutes: RouteModule = (s) => {
  const dir = s.config.adminConsoleDir;
  const page = builtPageRoute({
    url: CONSOLE_PATHS.home,
    summary: 'The admin console page (also at each of its client paths)',
    tags: ['console'],
    file: path.join(dir, 'index.html'),
    missing: notBuilt,
  });
  return [
    ...Object.values(CONSOLE_PATHS).map((url) => ({ ...page, url })),
    builtAssetsRoute({ url: '/assets/:file', summary: 'A file of the admin console build: content-hashed name, cached for a year', tags: ['console'], dir }),
  ];
};
