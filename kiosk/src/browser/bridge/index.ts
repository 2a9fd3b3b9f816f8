/**
 * How the UI reaches the privileged side: `getBridge()` returns Electron's `window.kiosk`
 * when the preload exposed it, and otherwise connects the browser-mode WebSocket using the
 * per-launch token from the page URL's fragment (kept in sessionStorage across reloads and
 * removed from the address bar).
 */
import type { KioskBridge } from '../../common/bridge.ts';
import { createBridgeProxy } from '../../common/bridge-proxy.ts';
import { BRIDGE_SOCKET_PATH, tokenFromFragment } from '../../common/bridge-socket.ts';
import { SocketTransport } from './socket-transport.ts';
import type { SocketFactory, SocketLike } from './socket-transport.ts';

export { SocketTransport };
export type { SocketFactory, SocketLike };

const TOKEN_STORAGE_KEY = 'kiosk-bridge-token';

/** Connects a bridge over the loopback socket; `socket` defaults to the DOM WebSocket. */
export function connectSocketBridge(
  url: string,
  socket: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
  onStatus?: (status: 'open' | 'closed' | 'refused') => void,
): KioskBridge & { close(): void } {
  const transport = new SocketTransport({ url, socket, ...(onStatus ? { onStatus } : {}) });
  return Object.assign(createBridgeProxy(transport), { close: () => transport.close() });
}

function pageToken(): string | undefined {
  const fromUrl = tokenFromFragment(location.hash);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
}

let bridge: Promise<KioskBridge> | undefined;

export function getBridge(): Promise<KioskBridge> {
  bridge ??= (async () => {
    const exposed = (window as unknown as { kiosk?: KioskBridge }).kiosk;
    if (exposed) return exposed;
    const token = pageToken() ?? '';
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return connectSocketBridge(`${scheme}//${location.host}${BRIDGE_SOCKET_PATH}?token=${encodeURIComponent(token)}`);
  })();
  return bridge;
}
