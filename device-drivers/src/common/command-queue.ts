/**
 * One command at a time on a device line, and polling only while the line is idle: a reader
 * answers one command at a time, replies are matched to the command in flight, and a presence
 * poll must never get between a read session's commands. Shared by the card-reader and receipt
 * printer drivers.
 */
import type { Scheduler } from './transport.ts';

export class CommandQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #queued = 0;
  #pollTimer: unknown;
  #stopped = false;

  constructor(private readonly scheduler: Scheduler) {}

  /** Nothing running or waiting. */
  get idle(): boolean {
    return this.#queued === 0;
  }

  /** Runs `command` after every command queued before it (whether they failed or not). */
  run<T>(command: () => Promise<T>): Promise<T> {
    this.#queued++;
    const run = this.#tail.then(command);
    this.#tail = run.catch(() => undefined);
    return run.finally(() => {
      this.#queued--;
    });
  }

  /** Every `intervalMs`, runs `poll` if the line is idle; `poll` must not throw. Idempotent. */
  pollWhileIdle(intervalMs: number, poll: () => Promise<void>): void {
    if (this.#pollTimer !== undefined || this.#stopped) return;
    const tick = async (): Promise<void> => {
      if (this.idle) await poll();
      if (this.#pollTimer !== undefined) this.#pollTimer = this.scheduler.setTimeout(() => void tick(), intervalMs);
    };
    this.#pollTimer = this.scheduler.setTimeout(() => void tick(), intervalMs);
  }

  /** Ends polling for good. */
  stop(): void {
    this.#stopped = true;
    if (this.#pollTimer !== undefined) this.scheduler.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
  }
}
