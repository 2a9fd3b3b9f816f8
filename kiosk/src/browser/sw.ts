/**
 * Service worker: the UI is precached (it works with the network gone), content files are
 * cache-first (their URL is their sha256, so a cached copy is never stale), the manifest is
 * network-first so a new release shows as soon as it is active. When a manifest arrives, files
 * it no longer names are dropped from the cache.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { FILES_PREFIX, MANIFEST_URL } from './content/urls.ts';

declare const __PRECACHE_MANIFEST__: { url: string; revision: string | null }[];
declare const self: { skipWaiting(): Promise<void> };

const FILES_CACHE = 'content-files';

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(__PRECACHE_MANIFEST__);

registerRoute(({ url }) => url.pathname.startsWith(FILES_PREFIX), new CacheFirst({ cacheName: FILES_CACHE }));

registerRoute(
  ({ url }) => url.pathname === MANIFEST_URL,
  new NetworkFirst({
    // No network timeout: the manifest comes from the terminal's own host, which either
    // answers or refuses at once; a busy machine must not fall back to an older release.
    cacheName: 'content-manifest',
    plugins: [{ cacheDidUpdate: async ({ newResponse }) => pruneFiles(await newResponse.clone().json()) }],
  }),
);

async function pruneFiles(manifest: { files?: { sha256: string }[] }): Promise<void> {
  const keep = new Set((manifest.files ?? []).map((f) => f.sha256));
  if (keep.size === 0) return;
  const cache = await caches.open(FILES_CACHE);
  for (const request of await cache.keys()) {
    const hash = new URL(request.url).pathname.slice(FILES_PREFIX.length);
    if (!keep.has(hash)) await cache.delete(request);
  }
}
