/**
 * The renderer side of the browser-mode bridge: calls go out as numbered messages on the
 * loopback WebSocket, replies come back by number, events fan out to listeners. While the
 * socket is down, calls wait for the reconnect (up to a limit); calls in flight when it drops
 * fail with `disconnected`, because the host may or may not have run them. A refused token or
 * origin stops the reconnecting: only a reload with a fresh URL can fix that.
 */
import type { BridgeChannel } from '../../common/bridge-channels.ts';
import { BridgeError } from '../../common/bridge-proxy.ts';
import type { BridgeEventName, BridgeReply, BridgeTransport } from '../../common/bridge-proxy.ts';
import { BRIDGE_CLOSE, parseHostMessage } from '../../common/bridge-socket.ts';
import { backoffDelay } from '../../common/terminal/backoff.ts';

/** The WebSocket surface used here: the DOM's, or `ws` in Node tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface SocketTransportOptions {
  url: string;
  socket: SocketFactory;
  /** How long a call waits for a connection before it fails with `disconnected`. */
  connectTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Told when the socket opens or drops, and when the host refused us for good. */
  onStatus?: (status: 'open' | 'closed' | 'refused') => void;
}

const OPEN = 1;

export class SocketTransport implements BridgeTransport {
  #socket: SocketLike | undefined;
  #nextId = 1;
  #attempt = 0;
  #closed = false;
  #refused = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #pending = new Map<number, (reply: BridgeReply) => void>();
  readonly #waiting = new Set<() => void>();
  readonly #listeners = new Map<BridgeEventName, Set<(payload: unknown) => void>>();

  constructor(private readonly options: SocketTransportOptions) {
    this.#connect();
  }

  #connect(): void {
    if (this.#closed || this.#refused) return;
    const ws = this.options.socket(this.options.url);
    this.#socket = ws;
    ws.onopen = () => {
      this.#attempt = 0;
      this.options.onStatus?.('open');
      for (const w of [...this.#waiting]) w();
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      const msg = parseHostMessage(ev.data);
      if (!msg) return;
      if (msg.type === 'reply') {
        this.#pending.get(msg.id)?.(msg.reply);
        this.#pending.delete(msg.id);
      } else {
        for (const l of [...(this.#listeners.get(msg.event as BridgeEventName) ?? [])]) l(msg.payload);
      }
    };
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      if (this.#socket !== ws) return;
      this.#socket = undefined;
      for (const [id, resolve] of this.#pending) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'the kiosk host connection dropped' } });
        this.#pending.delete(id);
      }
      if (ev.code === BRIDGE_CLOSE.badToken || ev.code === BRIDGE_CLOSE.badOrigin) {
        this.#refused = true;
        this.options.onStatus?.('refused');
        for (const w of [...this.#waiting]) w();
        return;
      }
      this.options.onStatus?.('closed');
      if (this.#closed) return;
      const delay = backoffDelay(this.#attempt++, this.options.backoff ?? { baseMs: 500, maxMs: 10_000 });
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  async #open(): Promise<SocketLike> {
    const ready = () => (this.#socket?.readyState === OPEN ? this.#socket : undefined);
    const now = ready();
    if (now) return now;
    if (!this.#refused && !this.#closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.#waiting.delete(done);
          resolve();
        };
        const t = setTimeout(done, this.options.connectTimeoutMs ?? 15_000);
        this.#waiting.add(done);
      });
    }
    const socket = ready();
    if (!socket) throw new BridgeError('disconnected', this.#refused ? 'the kiosk host refused this page' : 'the kiosk host is not reachable');
    return socket;
  }

  async invoke(channel: BridgeChannel, arg: unknown): Promise<BridgeReply> {
    let socket: SocketLike;
    try {
      socket = await this.#open();
    } catch (e) {
      return { ok: false, error: { code: 'disconnected', message: (e as Error).message } };
    }
    const id = this.#nextId++;
    return new Promise<BridgeReply>((resolve) => {
      this.#pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'call', id, channel, arg }));
    });
  }

  subscribe(event: BridgeEventName, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, 'closed');
    for (const w of [...this.#waiting]) w();
  }
}
