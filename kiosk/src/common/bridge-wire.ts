/**
 * The browser-mode bridge on the loopback WebSocket: message shapes both ends parse, the
 * typed close codes, and where the per-launch token travels. The host reads the token from
 * the `token` query parameter of the socket URL; the page gets it in the URL fragment
 * (`#kiosk-token=...`), which browsers never send to a server, so fetching the page from
 * another local process does not reveal it.
 */
import { z } from 'zod';
import { BRIDGE_ERROR_CODES } from './bridge-channels.ts';

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

export const BridgeCallMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  arg: z.unknown().optional(),
});
export type BridgeCallMessage = z.infer<typeof BridgeCallMessage>;

const ReplyEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(BRIDGE_ERROR_CODES),
      message: z.string(),
      reason: z.string().optional(),
    }),
  }),
]);

export const BridgeHostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), reply: ReplyEnvelope }),
  z.object({ type: z.literal('event'), event: z.string().max(64), payload: z.unknown() }),
]);
export type BridgeHostMessage = z.infer<typeof BridgeHostMessage>;

/** Parses one text frame with a schema; undefined for anything malformed. */
export function parseFrame<T>(schema: z.ZodType<T>, text: string): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : undefined;
}

/** Reads the token from a page URL fragment such as `#kiosk-token=abc`. */
export function tokenFromFragment(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(TOKEN_FRAGMENT_KEY);
  return token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : undefined;
}
