/**
 * The page's side of the loopback WebSocket: where it is, the typed close codes, where the
 * per-launch token travels, and reading what the host sends. The host reads the token from
 * the `token` query parameter of the socket URL; the page gets it in the URL fragment
 * (`#kiosk-token=...`), which browsers never send to a server, so fetching the page from
 * another local process does not reveal it. No schema code: the page loads this before its
 * first screen, and the host's messages need only a shape check (bridge-wire.ts has the schema
 * the host applies to the page's calls).
 */
import { BRIDGE_ERROR_CODES } from './bridge-proxy.ts';
import type { BridgeErrorCode, BridgeReply } from './bridge-proxy.ts';

export const BRIDGE_SOCKET_PATH = '/bridge';
export const TOKEN_FRAGMENT_KEY = 'kiosk-token';

/** Close codes the host uses when it turns a socket away (4000-4999 are application codes). */
export const BRIDGE_CLOSE = {
  badToken: 4401,
  badOrigin: 4403,
  badMessage: 4400,
  hostStopping: 4503,
} as const;
export type BridgeCloseCode = (typeof BRIDGE_CLOSE)[keyof typeof BRIDGE_CLOSE];

/** What the host sends the page: the reply to call `id`, or an event. */
export type BridgeHostMessage = { type: 'reply'; id: number; reply: BridgeReply } | { type: 'event'; event: string; payload: unknown };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCallId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function readReply(r: unknown): BridgeReply | undefined {
  if (!isObject(r)) return undefined;
  if (r.ok === true) return 'value' in r ? { ok: true, value: r.value } : ({ ok: true } as BridgeReply);
  const e = r.error;
  if (r.ok !== false || !isObject(e) || typeof e.message !== 'string') return undefined;
  if (!(BRIDGE_ERROR_CODES as readonly unknown[]).includes(e.code)) return undefined;
  if (e.reason !== undefined && typeof e.reason !== 'string') return undefined;
  const error = { code: e.code as BridgeErrorCode, message: e.message, ...(typeof e.reason === 'string' ? { reason: e.reason } : {}) };
  return { ok: false, error };
}

/** Reads one text frame from the host; undefined for anything malformed. */
export function parseHostMessage(text: string): BridgeHostMessage | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(m)) return undefined;
  if (m.type === 'reply') {
    const reply = isCallId(m.id) ? readReply(m.reply) : undefined;
    return reply && { type: 'reply', id: m.id as number, reply };
  }
  if (m.type === 'event' && typeof m.event === 'string' && m.event.length <= 64) return { type: 'event', event: m.event, payload: m.payload };
  return undefined;
}

/** Reads the token from a page URL fragment such as `#kiosk-token=abc`. */
export function tokenFromFragment(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(TOKEN_FRAGMENT_KEY);
  return token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : undefined;
}
