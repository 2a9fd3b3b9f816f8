/**
 * Terminal events (staff-mode use, reprints, rejected content ...) kept on disk until the
 * server has them, so an offline terminal loses none and a restart keeps the queue. The
 * events carry no personal data: only a type and short operational details.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_EVENTS_PER_REQUEST, TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import type { TerminalEvent } from '../../common/bridge.ts';
import { writeFileAtomic } from '../files.ts';

/** A queued event is exactly what the server's events route takes. */
export const QueuedEvent = TerminalEventRecord;
export type QueuedEvent = TerminalEventRecord;

/** Beyond this the oldest events go; a terminal offline for weeks must not fill its disk. */
const MAX_EVENTS = 2000;

export class EventOutbox {
  readonly #file: string;
  #events: QueuedEvent[] = [];
  #write: Promise<void> = Promise.resolve();
  #flushing: Promise<number> | undefined;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#file = path.join(dataDir, 'event-outbox.json');
  }

  async open(): Promise<void> {
    let raw: unknown = [];
    try {
      raw = JSON.parse(await readFile(this.#file, 'utf8'));
    } catch {
      // Missing or damaged: start empty rather than refuse to boot.
    }
    const parsed = z.array(QueuedEvent).safeParse(raw);
    this.#events = parsed.success ? parsed.data : [];
  }

  get size(): number {
    return this.#events.length;
  }

  /** Queues an event; resolves once it is on disk. */
  add(event: TerminalEvent): Promise<void> {
    this.#events.push({ ...event, id: randomUUID(), at: this.now() });
    if (this.#events.length > MAX_EVENTS) this.#events.splice(0, this.#events.length - MAX_EVENTS);
    return this.#persist();
  }

  #persist(): Promise<void> {
    const snapshot = JSON.stringify(this.#events);
    this.#write = this.#write.then(() => writeFileAtomic(this.#file, snapshot));
    return this.#write;
  }

  /**
   * Sends queued events in order with `send` (true = the server has it); stops at the first
   * failure and keeps the rest. Returns how many were delivered.
   */
  flush(send: (events: QueuedEvent[]) => Promise<boolean>): Promise<number> {
    this.#flushing ??= (async () => {
      let delivered = 0;
      while (this.#events.length > 0) {
        const batch = this.#events.slice(0, MAX_EVENTS_PER_REQUEST);
        if (!(await send(batch).catch(() => false))) break;
        const ids = new Set(batch.map((e) => e.id));
        this.#events = this.#events.filter((e) => !ids.has(e.id));
        delivered += batch.length;
        await this.#persist();
      }
      return delivered;
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }
}
