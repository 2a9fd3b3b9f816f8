/**
 * Writes bytes no faster than a serial line carries them: 10 bits per byte (start, 8 data,
 * stop) at the baud rate. A slice is handed on when its last bit would have arrived, so a
 * reader never sees a reply sooner than a real device could send it.
 */
import type { Scheduler } from '../../common/transport.ts';

/** Slices of about this many milliseconds of wire time keep timers few and latency low. */
const SLICE_MS = 20;

export function wireTimeMs(byteCount: number, baudRate: number): number {
  return (byteCount * 10 * 1000) / baudRate;
}

export class PacedWriter {
  readonly #queue: number[] = [];
  #wireFreeAt = 0;
  #timer: unknown;
  #stopped = false;
  readonly #sliceBytes: number;

  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly baudRate: number,
    private readonly scheduler: Scheduler,
  ) {
    this.#sliceBytes = Math.max(1, Math.floor((baudRate / 10) * (SLICE_MS / 1000)));
  }

  push(bytes: Uint8Array): void {
    if (this.#stopped) return;
    for (const b of bytes) this.#queue.push(b);
    if (this.#timer === undefined) this.#next();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
  }

  #next(): void {
    if (this.#queue.length === 0) return;
    const now = this.scheduler.now();
    this.#wireFreeAt = Math.max(this.#wireFreeAt, now);
    const slice = Uint8Array.from(this.#queue.splice(0, this.#sliceBytes));
    this.#wireFreeAt += wireTimeMs(slice.length, this.baudRate);
    this.#timer = this.scheduler.setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.write(slice);
      this.#next();
    }, Math.max(0, this.#wireFreeAt - now));
  }
}
