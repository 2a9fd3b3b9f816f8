/**
 * Terminal events (staff-mode use, reprints, rejected content ...) kept on disk until the
 * server has them, so an offline terminal loses none and a restart keeps the queue. The
 * events carry no personal data: only a type and short operational details.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { MAX_EVENTS_PER_REQUEST, TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import type { TerminalEvent } from '../../common/bridge.ts';
import { DurableQueue } from '../durable-queue.ts';
import type { ApiResponse } from './connection.ts';

/** A queued event is exactly what the server's events route takes. */
export const QueuedEvent = TerminalEventRecord;
export type QueuedEvent = TerminalEventRecord;

/** Beyond this the oldest events go; a terminal offline for weeks must not fill its disk. */
const MAX_EVENTS = 2000;

/** How long to hold off after a 429 that does not say (the server's answers always do). */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/** A delivery attempt: delivered, failed (tried again on the next event or reconnection), or refused until a time. */
export type SendOutcome = boolean | { retryAfterMs: number };

const RateLimited = z.object({ error: z.object({ details: z.object({ retryAfterSeconds: z.number().int().positive().max(86_400) }) }) });

/** The outcome of a terminal-API answer to a batch: 2xx delivered, 429 wait as the server says (its quota), anything else failed. */
export function sendOutcome(res: ApiResponse): SendOutcome {
  if (res.status >= 200 && res.status < 300) return true;
  if (res.status !== 429) return false;
  const wait = RateLimited.safeParse(res.body);
  return { retryAfterMs: wait.success ? wait.data.error.details.retryAfterSeconds * 1000 : DEFAULT_RETRY_AFTER_MS };
}

export class EventOutbox {
  readonly #queue: DurableQueue<QueuedEvent>;
  #flushing: Promise<number> | undefined;
  /** After a 429: nothing is sent before this time, and a retry is scheduled for it. */
  #notBefore = 0;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#queue = new DurableQueue(path.join(dataDir, 'event-outbox.json'), QueuedEvent, MAX_EVENTS);
  }

  open(): Promise<void> {
    return this.#queue.open();
  }

  get size(): number {
    return this.#queue.items.length;
  }

  /** Queues an event; resolves once it is on disk. */
  add(event: TerminalEvent): Promise<void> {
    return this.#queue.add({ ...event, id: randomUUID(), at: this.now() });
  }

  /**
   * Sends queued events in order with `send`; stops at the first failure and keeps the rest.
   * When the server refuses for a while (its quota), nothing is sent until then, and the
   * outbox tries again by itself at that time. Returns how many were delivered.
   */
  flush(send: (events: QueuedEvent[]) => Promise<SendOutcome>): Promise<number> {
    this.#flushing ??= (async () => {
      let delivered = 0;
      if (this.now() < this.#notBefore) return delivered;
      while (this.#queue.items.length > 0) {
        const batch = this.#queue.items.slice(0, MAX_EVENTS_PER_REQUEST);
        const outcome = await send(batch).catch(() => false);
        if (typeof outcome === 'object') this.#holdOff(outcome.retryAfterMs, send);
        if (outcome !== true) break;
        const ids = new Set(batch.map((e) => e.id));
        await this.#queue.remove((e) => ids.has(e.id));
        delivered += batch.length;
      }
      return delivered;
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  #holdOff(ms: number, send: (events: QueuedEvent[]) => Promise<SendOutcome>): void {
    this.#notBefore = this.now() + ms;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.flush(send), ms);
    this.#retry.unref();
  }
}
