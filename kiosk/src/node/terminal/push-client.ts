/**
 * The push channel: a long-lived signed SSE request the terminal opens to the server (so it
 * works behind NAT). Commands are parsed with the protocol's schema, handed on once each, and
 * acknowledged after they were applied. A dropped stream reconnects with backoff; the last
 * command id goes in Last-Event-ID so the server resends only what is unacknowledged.
 */
import { CommandEnvelope, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { CommandAck } from '@civic-kiosk/protocol/terminal-api';
import { SseParser } from '@civic-kiosk/protocol/sse';
import { backoffDelay } from '../../common/terminal/backoff.ts';
import type { TerminalConnection } from './connection.ts';

export interface PushClientOptions {
  connection: TerminalConnection;
  /** Applies a command; resolves with the ack to send (held commands resolve later). */
  apply: (command: CommandEnvelope) => Promise<CommandAck>;
  onError?: (message: string) => void;
  /** Reconnect delays. */
  backoff?: { baseMs: number; maxMs: number };
  /** A stream silent for this long is considered dead (the server pings). */
  idleTimeoutMs?: number;
}

export class PushClient {
  #stopped = false;
  #abort: AbortController | undefined;
  #lastEventId: string | undefined;
  /** Commands applied or in progress; an applied one keeps its ack until the server has it. */
  readonly #seen = new Map<number, CommandAck | undefined>();
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(private readonly options: PushClientOptions) {}

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort?.abort();
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#stopped) {
      const gotData = await this.#connectOnce().catch((e: Error) => {
        this.options.onError?.(e.message);
        return false;
      });
      if (this.#stopped) break;
      attempt = gotData ? 0 : attempt + 1;
      await this.#sleep(backoffDelay(attempt, this.options.backoff ?? { baseMs: 1000, maxMs: 60_000 }));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** One stream; true when it delivered anything (then the backoff starts over). */
  async #connectOnce(): Promise<boolean> {
    this.#abort = new AbortController();
    const idleMs = this.options.idleTimeoutMs ?? 90_000;
    const response = await this.options.connection.fetch('GET', TerminalApiPaths.push, {
      headers: { accept: 'text/event-stream', ...(this.#lastEventId ? { 'last-event-id': this.#lastEventId } : {}) },
      signal: this.#abort.signal,
      // The stream lives for hours; the idle watchdog below replaces the request timeout.
      timeoutMs: 2 ** 31 - 1,
    });
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      throw new Error(`push channel answered ${response.status}`);
    }
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let delivered = false;
    let watchdog = setTimeout(() => this.#abort?.abort(), idleMs);
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => this.#abort?.abort(), idleMs);
        delivered = true;
        for (const event of parser.feed(decoder.decode(chunk, { stream: true }))) {
          if (event.event === 'command') await this.#command(event.data, event.id);
        }
      }
    } catch (e) {
      if (!this.#abort.signal.aborted) throw e;
    } finally {
      clearTimeout(watchdog);
    }
    return delivered;
  }

  async #command(data: string, id: string | undefined): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.options.onError?.('push command is not JSON');
      return;
    }
    const parsed = CommandEnvelope.safeParse(json);
    if (!parsed.success) {
      // An unknown or malformed command is refused so staff see it failed, not left pending.
      const rawId = (json as { id?: unknown })?.id;
      if (typeof rawId === 'number' && Number.isInteger(rawId) && rawId > 0) {
        await this.#ack(rawId, { result: 'rejected', detail: 'command not understood by this terminal' });
      }
      return;
    }
    if (id) this.#lastEventId = id;
    const command = parsed.data;
    if (this.#seen.has(command.id)) {
      // Redelivered because our ack was lost: acknowledge again, never apply twice.
      const ack = this.#seen.get(command.id);
      if (ack) await this.#ack(command.id, ack);
      return;
    }
    this.#seen.set(command.id, undefined);
    // Applied in the background: a command held until idle must not stop the stream.
    void this.options
      .apply(command)
      .catch((e: Error) => ({ result: 'failed', detail: e.message.slice(0, 500) }) as CommandAck)
      .then((ack) => {
        this.#seen.set(command.id, ack);
        return this.#ack(command.id, ack);
      });
  }

  async #ack(id: number, ack: CommandAck): Promise<void> {
    const r = await this.options.connection.api('POST', TerminalApiPaths.ack(id), ack).catch(() => ({ status: 0 }));
    if (r.status >= 200 && r.status < 300 && this.#seen.size > 1000) this.#seen.delete(this.#seen.keys().next().value!);
  }
}
