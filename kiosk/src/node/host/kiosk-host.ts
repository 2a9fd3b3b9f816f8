/**
 * Browser mode: a loopback HTTP server that serves the kiosk UI (the Vite build) and the
 * active content release with the same CSP as the Electron shell, and carries the bridge on a
 * WebSocket. A socket must come from the host's own origin and present the per-launch token,
 * or it is closed with a typed code; the Host header is checked against DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { dispatchBridgeCall } from '../../common/bridge-channels.ts';
import type { BridgeEventHub, BridgeEventName, BridgeHandlers } from '../../common/bridge-channels.ts';
import { BRIDGE_CLOSE, BRIDGE_SOCKET_PATH, BridgeCallMessage, parseFrame, TOKEN_FRAGMENT_KEY } from '../../common/bridge-wire.ts';
import { contentSecurityPolicy } from '../../common/shell-policy.ts';
import type { ContentStore } from '../content/content-store.ts';
import { kioskRoute, mediaType, sendFile } from './static-files.ts';

/** What the host needs from the privileged core (the real `KioskCore`, or a test double). */
export interface BridgeBackend {
  handlers: BridgeHandlers;
  events: BridgeEventHub;
  snapshot(): { event: BridgeEventName; payload: unknown }[];
  content: Pick<ContentStore, 'active' | 'servable'>;
}

export interface KioskHostOptions {
  backend: BridgeBackend;
  /** The UI build (index.html and assets). */
  uiDir: string;
  /** 0 picks a free port. Default 8090 (KIOSK_PORT). */
  port?: number;
  /** A token kept across host restarts of one launch; a fresh one otherwise. */
  token?: string;
}

export interface KioskHost {
  /** The page URL including the token fragment: open exactly this. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The bridge socket URL (with token) for a client outside a page, e.g. tests. */
  bridgeUrl: string;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const MAX_FRAME_BYTES = 1024 * 1024;

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Civic Kiosk</title>
<body style="font:20px sans-serif;padding:2em"><h1>界面尚未构建 / UI not built</h1>
<p>Run <code>npm run build -w kiosk</code>, then reload.</p></body></html>`;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startKioskHost(options: KioskHostOptions): Promise<KioskHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const uiDir = path.resolve(options.uiDir);
  const { backend } = options;
  let origins = new Set<string>();
  let securityHeaders: Record<string, string> = {};

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, securityHeaders).end();
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!origins.has(`http://${req.headers.host ?? ''}`)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders, allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host');
    const route = kioskRoute(uiDir, url.pathname);
    if (route.kind === 'manifest') {
      const active = backend.content.active;
      if (!active) {
        res.writeHead(404, { ...securityHeaders, 'content-type': 'application/json', 'cache-control': 'no-store' }).end('{"error":"no-content-release"}');
        return;
      }
      res.writeHead(200, { ...securityHeaders, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(active.bytes));
      return;
    }
    if (route.kind === 'blob') {
      const file = backend.content.servable(route.sha256);
      // Content-addressed: a hash never changes its bytes, so it may be cached for good.
      const headers = { ...securityHeaders, 'cache-control': 'public, max-age=31536000, immutable' };
      if (!file || !(await sendFile(req, res, file.path, file.type, headers))) res.writeHead(404, securityHeaders).end();
      return;
    }
    if (route.kind === 'none') {
      res.writeHead(404, securityHeaders).end();
      return;
    }
    const { file, isIndex } = route;
    const headers = { ...securityHeaders, 'cache-control': isIndex || file.endsWith('sw.js') ? 'no-cache' : 'public, max-age=3600' };
    if (await sendFile(req, res, file, mediaType(file), headers)) return;
    if (isIndex && !existsSync(file)) {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
      return;
    }
    res.writeHead(404, securityHeaders).end();
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname !== BRIDGE_SOCKET_PATH || !origins.has(`http://${req.headers.host ?? ''}`)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    // Accept first, then refuse with a typed close code the page can read (an HTTP error
    // during the handshake reaches a browser only as a generic failure).
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!origins.has(String(req.headers.origin))) return ws.close(BRIDGE_CLOSE.badOrigin, 'origin not allowed');
      const presented = url.searchParams.get('token') ?? '';
      if (!sameToken(presented, token)) return ws.close(BRIDGE_CLOSE.badToken, 'bad token');
      attach(ws);
    });
  });

  function attach(ws: WebSocket): void {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const call = isBinary ? undefined : parseFrame(BridgeCallMessage, data.toString());
      if (!call) {
        ws.close(BRIDGE_CLOSE.badMessage, 'malformed bridge message');
        return;
      }
      void dispatchBridgeCall(backend.handlers, call.channel, call.arg).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id: call.id, reply }));
      });
    });
    for (const { event, payload } of backend.snapshot()) ws.send(JSON.stringify({ type: 'event', event, payload }));
  }

  const unsubscribe = backend.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  const port = options.port ?? 8090;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  origins = new Set([`http://${LOOPBACK}:${actualPort}`, `http://localhost:${actualPort}`]);
  securityHeaders = {
    'content-security-policy': contentSecurityPolicy({ connect: [`ws://${LOOPBACK}:${actualPort}`, `ws://localhost:${actualPort}`] }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
  };
  const origin = `http://${LOOPBACK}:${actualPort}`;

  return {
    url: `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    origin,
    port: actualPort,
    token,
    bridgeUrl: `ws://${LOOPBACK}:${actualPort}${BRIDGE_SOCKET_PATH}?token=${encodeURIComponent(token)}`,
    async stop() {
      unsubscribe();
      for (const ws of clients) ws.close(BRIDGE_CLOSE.hostStopping, 'host stopping');
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
