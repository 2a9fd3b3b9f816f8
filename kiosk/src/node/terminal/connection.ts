/**
 * Signed HTTP to the district server's terminal API. Every request carries the terminal's
 * Ed25519 signature over method, path, time, nonce and body digest. The connection also owns
 * the terminal's online state: any HTTP answer means online, a network failure offline.
 */
import { newNonce, signRequest } from '@civic-kiosk/protocol/terminal-signing';
import { BridgeError } from '../../common/bridge-channels.ts';
import type { TerminalIdentity } from './identity.ts';

/** An answer of the terminal API (heartbeats, events, acks); status 0 when the server could not be reached. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface SignedFetchOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class TerminalConnection {
  #online = false;
  readonly #onlineListeners = new Set<(online: boolean) => void>();

  constructor(
    readonly identity: TerminalIdentity,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  get online(): boolean {
    return this.#online;
  }

  onOnlineChange(listener: (online: boolean) => void): () => void {
    this.#onlineListeners.add(listener);
    return () => this.#onlineListeners.delete(listener);
  }

  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    for (const l of [...this.#onlineListeners]) l(online);
  }

  /** A signed request; only terminal-API paths. Network failures reject (and mark offline). */
  async fetch(method: string, pathWithQuery: string, options: SignedFetchOptions = {}): Promise<Response> {
    // Resolve first: `/api/terminal/../staff/...` must not leave the terminal API.
    const url = new URL(pathWithQuery, this.identity.serverUrl);
    if (url.origin !== new URL(this.identity.serverUrl).origin || !url.pathname.startsWith('/api/terminal/')) {
      throw new BridgeError('bad-argument', 'only terminal API paths are signed');
    }
    pathWithQuery = url.pathname + url.search;
    const bodyBytes = options.body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(options.body));
    const headers = await signRequest(
      { method, pathWithQuery, terminalId: this.identity.terminalId, timestamp: this.now(), nonce: newNonce(), body: bodyBytes },
      this.identity.privateKey,
    );
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 15_000), ...(options.signal ? [options.signal] : [])];
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers: { ...headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        ...(options.body === undefined ? {} : { body: bodyBytes }),
        signal: AbortSignal.any(signals),
      });
      this.setOnline(true);
      return response;
    } catch (e) {
      if (!options.signal?.aborted) this.setOnline(false);
      throw e;
    }
  }

  /** A signed request and its JSON answer; status 0 when the server cannot be reached. */
  async api(method: string, pathWithQuery: string, body?: unknown): Promise<ApiResponse> {
    let response: Response;
    try {
      response = await this.fetch(method, pathWithQuery, body === undefined ? {} : { body });
    } catch (e) {
      if (e instanceof BridgeError) throw e;
      return { status: 0, body: null };
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: hand the text over as is.
    }
    return { status: response.status, body: parsed };
  }
}
