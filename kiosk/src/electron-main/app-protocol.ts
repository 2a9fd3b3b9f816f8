/**
 * The `app://kiosk/` scheme the UI is served from (not file://, so the UI has a real origin,
 * CSP applies, and no path can reach the file system outside the UI build). Registered as
 * standard + secure before the app is ready; the handler answers from the UI build and the
 * active content release, always with the kiosk CSP.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy } from '../common/shell-policy.ts';
import type { ContentStore } from '../node/content/content-store.ts';
import { kioskRoute, mediaType } from '../node/host/static-files.ts';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: true, stream: true, codeCache: true } },
  ]);
}

export interface AppProtocolSources {
  uiDir: string;
  content: Pick<ContentStore, 'active' | 'servable'>;
}

const HEADERS = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function respond(status: number, body: BodyInit | null, type?: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...HEADERS, ...(type ? { 'content-type': type } : {}), ...extra } });
}

async function file(p: string, type: string, extra: Record<string, string> = {}): Promise<Response> {
  try {
    return respond(200, new Uint8Array(await readFile(p)), type, extra);
  } catch {
    return respond(404, null);
  }
}

/** Answers one app:// request. Pure apart from reading files, so it is tested without Electron. */
export async function appProtocolResponse(requestUrl: string, sources: AppProtocolSources): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return respond(404, null);
  const route = kioskRoute(sources.uiDir, url.pathname);
  switch (route.kind) {
    case 'manifest': {
      const active = sources.content.active;
      return active ? respond(200, new Uint8Array(active.bytes), 'application/json', { 'cache-control': 'no-store' }) : respond(404, null);
    }
    case 'blob': {
      const found = sources.content.servable(route.sha256);
      return found ? file(found.path, found.type) : respond(404, null);
    }
    case 'ui':
      return file(route.file, mediaType(route.file));
    case 'none':
      return respond(404, null);
  }
}

/** Serves app:// on the kiosk window's session. */
export function serveAppProtocol(session: Session, sources: AppProtocolSources): void {
  session.protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, sources));
}
