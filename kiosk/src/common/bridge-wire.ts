/**
 * The browser-mode bridge on the loopback WebSocket, as the host reads it: the schema every
 * call from the page must pass, plus the page's side (addresses, close codes, token, host
 * messages) re-exported from bridge-socket.ts, which the page loads without any schema code.
 */
import { z } from 'zod';

export { BRIDGE_CLOSE, BRIDGE_SOCKET_PATH, parseHostMessage, TOKEN_FRAGMENT_KEY, tokenFromFragment } from './bridge-socket.ts';

export const BridgeCallMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  arg: z.unknown().optional(),
});
export type BridgeCallMessage = z.infer<typeof BridgeCallMessage>;

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
