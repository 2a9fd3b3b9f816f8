import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { KIOSK_PREVIEW_PATH } from '@civic-kiosk/protocol/kiosk-preview';
import { contentFileHeaders } from '../../content/file-headers.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { builtAssetsRoute, builtPageRoute } from '../console/index.ts';

/**
 * The policy of the preview page, in place of the server's: a sandbox with scripts but without
 * this origin (so the page holds no staff session and cannot reach the console that frames it),
 * scripts, styles and media only from this server, no connection at all (drafts arrive by
 * postMessage), no forms, no frames, and framed only by this origin's pages.
 */
export const KIOSK_PREVIEW_CSP = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * What the sandboxed page loads is fetched from an opaque origin, so only the preview's own
 * paths say another origin may: module scripts and styles come in CORS mode (any origin may
 * read these public build files), lazily added styles, images and video without it (the
 * resource policy must let another origin embed them).
 */
const EMBEDDABLE = { 'cross-origin-resource-policy': 'cross-origin' } as const;
const OPAQUE_ORIGIN_LOADS = { ...EMBEDDABLE, 'access-control-allow-origin': '*' } as const;
/** What a screen shows inline (the seed release's SVGs included): served sandboxed as /api/content/files serves it. */
const INLINE_MEDIA = /^(image|video)\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notBuilt = () => new ApiError('kiosk-preview-not-built', 404, 'The kiosk preview is not built: run `npm run build:preview -w kiosk`');

/**
 * The kiosk's own UI in preview mode for the content studio (kiosk/vite.preview.config.ts):
 * its page, its hashed build files, and content images and video by hash for the drafts it
 * shows. All public files with no data; the drafts come from the console by postMessage.
 */
export const kioskPreviewRoutes: RouteModule = (s) => {
  const dir = s.config.kioskPreviewDir;
  return [
    builtPageRoute({
      url: KIOSK_PREVIEW_PATH,
      summary: "The kiosk UI in preview mode: the content studio's sandboxed frame",
      tags: ['content'],
      file: path.join(dir, 'preview.html'),
      missing: notBuilt,
      headers: { 'content-security-policy': KIOSK_PREVIEW_CSP, 'x-frame-options': 'SAMEORIGIN' },
    }),
    builtAssetsRoute({
      url: `${KIOSK_PREVIEW_PATH}/assets/:file`,
      summary: 'A file of the kiosk preview build: content-hashed name, cached for a year',
      tags: ['content'],
      dir,
      headers: OPAQUE_ORIGIN_LOADS,
    }),
    defineRoute({
      method: 'GET',
      url: `${KIOSK_PREVIEW_PATH}/content/files/:sha256`,
      summary: 'An image or video of the drafts by its sha256, for the preview (the same stored files as /api/content/files)',
      tags: ['content'],
      auth: 'public',
      params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      raw: true,
      rawContentType: 'application/octet-stream',
      response: z.string(),
      async handler({ params, reply }) {
        const file = await s.releases.getFile(params.sha256);
        // Only what a screen shows inline: content JSON stays at /api/content/files.
        if (!file || !INLINE_MEDIA.test(file.mediaType)) throw new ApiError('not-found', 404, `No image or video ${params.sha256}`);
        reply.headers({ ...contentFileHeaders(file), ...EMBEDDABLE }).header('cache-control', IMMUTABLE).header('content-length', String(file.size)).type(file.mediaType);
        return reply.send(file.size === 0 ? Buffer.alloc(0) : Readable.from(file.read(0, file.size - 1), { objectMode: false }));
      },
    }),
  ];
};
