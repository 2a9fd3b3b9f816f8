/**
 * The privileged side's way to the service gateway: a signed request to one fixed
 * GATEWAY_PATHS route, built here, and the server's answer validated with the protocol schema
 * before anything reaches the page. Nothing from the page picks the path.
 */
import type { z } from 'zod';
import { ApiErrorBody } from '@civic-kiosk/protocol/terminal-api';
import type { GatewayAnswer } from '../../common/bridge.ts';
import { BridgeError } from '../../common/bridge-channels.ts';
import type { TerminalConnection } from '../terminal/connection.ts';

/** Error codes are machine words; anything longer is not one. */
const MAX_CODE_LENGTH = 64;

export function gatewayFailure(status: number, code: string): { ok: false; failure: { status: number; code: string } } {
  return { ok: false, failure: { status, code } };
}

export class GatewayClient {
  /** `connection` is undefined until the terminal is enrolled. */
  constructor(private readonly connection: () => TerminalConnection | undefined) {}

  get<T>(path: string, schema: z.ZodType<T>): Promise<GatewayAnswer<T>> {
    return this.#request('GET', path, schema, undefined);
  }

  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<GatewayAnswer<T>> {
    return this.#request('POST', path, schema, body);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body: unknown): Promise<GatewayAnswer<T>> {
    const connection = this.connection();
    if (!connection) throw new BridgeError('not-enrolled', 'the terminal is not enrolled');
    let response: Response;
    try {
      response = await connection.fetch(method, path, body === undefined ? {} : { body });
    } catch {
      // No answer (network, timeout): whether the server acted is unknown.
      return gatewayFailure(0, 'offline');
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = schema.safeParse(json);
      return parsed.success ? { ok: true, value: parsed.data } : gatewayFailure(response.status, 'malformed-answer');
    }
    const code = ApiErrorBody.safeParse(json).data?.error.code;
    return gatewayFailure(response.status, code && code.length <= MAX_CODE_LENGTH ? code : 'malformed-answer');
  }
}
