/**
 * HID devices as a ByteTransport: each input report is one chunk. `HidDevice` is the shape of
 * node-hid's HID object, so the driver runs unchanged against a real scanner (openHidDevice)
 * and against recorded reports (RecordedHidDevice): the build machines cannot create virtual
 * HID devices (no uhid), so recordings are how the HID layer is tested.
 */
import { EventEmitter } from 'node:events';
import type { ByteTransport, TransportState } from '../../common/transport.ts';
import { TransportError } from '../../common/transport.ts';

/** The part of node-hid's HID the drivers use. */
export interface HidDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): number;
  close(): void;
}

export type HidOpenTarget = { path: string } | { vendorId: number; productId: number };

/** Opens a real HID device with node-hid (loaded on demand: its native module is optional). */
export async function openHidDevice(target: HidOpenTarget): Promise<HidDevice> {
  try {
    const { HID } = await import('node-hid');
    return 'path' in target ? new HID(target.path) : new HID(target.vendorId, target.productId);
  } catch (e) {
    throw new TransportError('open-failed', `cannot open HID device: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export class HidTransport implements ByteTransport {
  #state: TransportState = 'open';
  readonly #data = new Set<(bytes: Uint8Array) => void>();
  readonly #states = new Set<(state: TransportState) => void>();

  constructor(private readonly device: HidDevice) {
    device.on('data', (data) => {
      const bytes = new Uint8Array(data);
      for (const l of this.#data) l(bytes);
    });
    // A device that errors has been unplugged: hidapi reads fail from then on. Its handle
    // (and node-hid's read thread) stays until closed, which a replug would otherwise leak.
    device.on('error', () => void this.close().catch(() => {}));
  }

  get state(): TransportState {
    return this.#state;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'open') throw new TransportError('not-open', 'HID device is closed');
    try {
      this.device.write(Array.from(bytes));
    } catch (e) {
      throw new TransportError('write-failed', e instanceof Error ? e.message : String(e));
    }
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.#data.add(listener);
    return () => this.#data.delete(listener);
  }

  onState(listener: (state: TransportState) => void): () => void {
    this.#states.add(listener);
    return () => this.#states.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    try {
      this.device.close();
    } finally {
      this.#setClosed();
    }
  }

  #setClosed(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    for (const l of this.#states) l('closed');
  }
}

/**
 * Replays recorded input reports through the node-hid interface. `play()` emits the next
 * recorded reports; `unplug()` emits the error a pulled device gives. Writes are recorded.
 */
export class RecordedHidDevice extends EventEmitter implements HidDevice {
  readonly written: number[][] = [];
  private closed = false;
  private next = 0;

  constructor(private readonly reports: readonly Uint8Array[]) {
    super();
  }

  /** Emits up to `count` recorded reports (all remaining by default); returns how many. */
  play(count = this.reports.length): number {
    let n = 0;
    while (n < count && this.next < this.reports.length && !this.closed) {
      this.emit('data', Buffer.from(this.reports[this.next++] as Uint8Array));
      n++;
    }
    return n;
  }

  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }

  write(values: number[] | Buffer): number {
    if (this.closed) throw new Error('Cannot write to closed device');
    this.written.push(Array.from(values));
    return values.length;
  }

  close(): void {
    this.closed = true;
  }
}

/** Reads a fixture: one report per line, hex bytes separated by spaces; `#` starts a comment. */
export function parseHidRecording(text: string): Uint8Array[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0)
    .map((l) => Uint8Array.from(l.split(/\s+/).map((h) => {
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error(`bad hex byte '${h}' in HID recording`);
      return Number.parseInt(h, 16);
    })));
}
