/**
 * Paces a simulated device's line: 10 bits per byte (start, 8 data, stop) at the baud rate, in
 * both directions. A reply starts only once the host's command has fully crossed the wire, and
 * each slice of it is handed on when its last bit would have arrived, so a host never sees an
 * answer sooner than a real device could send it.
 *
 * Deadlines are absolute (when the line is free), so timer lateness never accumulates, a
 * deadline that has already passed is met at once, and one timer covers a whole exchange
 * (command in, reply out). Waiting is on a timer, never by spinning the event loop: on a loaded
 * machine a process that spins is scheduled later than one that sleeps. Only a gap shorter
 * than `busyWaitBelowMs` (left when a millisecond timer fires a little early) is waited out in
 * place: a second timer for it would cost a whole millisecond more per exchange.
 */
import type { Scheduler } from '../../common/transport.ts';

/** Slices of about this many milliseconds of wire time keep timers few and latency low. */
const SLICE_MS = 20;

export function wireTimeMs(byteCount: number, baudRate: number): number {
  return (byteCount * 10 * 1000) / baudRate;
}

export class PacedWriter {
  readonly #queue: number[] = [];
  /** When the device's transmit line is free: the last bit of everything sent so far. */
  #txFreeAt = 0;
  /** When the last bit of what the host sent will have arrived. */
  #rxDoneAt = 0;
  #slice: { bytes: Uint8Array; due: number } | undefined;
  #timer: unknown;
  #stopped = false;
  readonly #sliceBytes: number;

  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly baudRate: number,
    private readonly scheduler: Scheduler,
    /** Only with a real clock: a fake one never advances while waited on. */
    private readonly busyWaitBelowMs = 0,
  ) {
    this.#sliceBytes = Math.max(1, Math.floor((baudRate / 10) * (SLICE_MS / 1000)));
  }

  /**
   * `byteCount` bytes from the host reached the device now: they occupy the host's line for
   * their wire time, and nothing pushed meanwhile may start before they are all in.
   */
  received(byteCount: number): void {
    this.#rxDoneAt = Math.max(this.#rxDoneAt, this.scheduler.now()) + wireTimeMs(byteCount, this.baudRate);
  }

  push(bytes: Uint8Array): void {
    if (this.#stopped) return;
    // A reply begins after the command it answers (and after whatever is still being sent).
    if (this.#slice === undefined && this.#queue.length === 0) this.#txFreeAt = Math.max(this.#txFreeAt, this.#rxDoneAt, this.scheduler.now());
    for (const b of bytes) this.#queue.push(b);
    if (this.#slice === undefined) this.#pump();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#slice = undefined;
    this.#queue.length = 0;
  }

  /** Hands on every slice whose deadline has passed, then waits for the next deadline. */
  #pump(): void {
    this.#timer = undefined;
    while (!this.#stopped) {
      if (this.#slice === undefined) {
        if (this.#queue.length === 0) return;
        const bytes = Uint8Array.from(this.#queue.splice(0, this.#sliceBytes));
        this.#txFreeAt += wireTimeMs(bytes.length, this.baudRate);
        this.#slice = { bytes, due: this.#txFreeAt };
      }
      const remaining = this.#slice.due - this.scheduler.now();
      if (remaining >= this.busyWaitBelowMs && remaining > 0) {
        // A timer that fires a little early finds time remaining and waits again.
        this.#timer = this.scheduler.setTimeout(() => this.#pump(), remaining);
        return;
      }
      while (this.scheduler.now() < this.#slice.due) {
        // Less than `busyWaitBelowMs`: never sooner than the wire allows.
      }
      const { bytes } = this.#slice;
      this.#slice = undefined;
      this.write(bytes);
    }
  }
}
