/**
 * Opens the line a configured device hangs on, so that it reopens by itself when the device
 * vanishes and returns: serial lines through SerialTransport's reconnect, HID devices through
 * a reopening wrapper (node-hid has no notion of reconnecting).
 */
import type { HidDevice, SerialLine } from '../../common/device-config.ts';
import { TransportError } from '../../common/transport.ts';
import type { ByteTransport, Scheduler, TransportState } from '../../common/transport.ts';
import { HidTransport, openHidDevice } from '../transport/hid-transport.ts';
import { backoffDelay, SerialTransport } from '../transport/serial-transport.ts';
import type { ReconnectPolicy } from '../transport/serial-transport.ts';

export type OpenTransport = (line: SerialLine | HidDevice, reconnect: ReconnectPolicy, scheduler: Scheduler) => Promise<ByteTransport>;

export const openDeviceTransport: OpenTransport = async (line, reconnect, scheduler) => {
  if (line.type === 'serial') {
    const where = 'path' in line ? { path: line.path } : { vendorId: line.vendorId, productId: line.productId };
    return SerialTransport.openPersistent({ ...where, baudRate: line.baudRate, reconnect, scheduler });
  }
  const ids = { vendorId: Number.parseInt(line.vendorId.replace(/^0x/i, ''), 16), productId: Number.parseInt(line.productId.replace(/^0x/i, ''), 16) };
  return ReopeningTransport.start(async () => new HidTransport(await openHidDevice(ids)), reconnect, scheduler);
};

/** A ByteTransport over whatever `open` returns, opened again with backoff each time it closes. */
export class ReopeningTransport implements ByteTransport {
  #current: ByteTransport | undefined;
  #state: TransportState = 'closed';
  #closed = false;
  #timer: unknown;
  #attempt = 0;
  readonly #data = new Set<(bytes: Uint8Array) => void>();
  readonly #states = new Set<(state: TransportState) => void>();

  private constructor(
    private readonly open: () => Promise<ByteTransport>,
    private readonly policy: ReconnectPolicy,
    private readonly scheduler: Scheduler,
  ) {}

  /** Resolves after the first attempt, open or not; later attempts run in the background. */
  static async start(open: () => Promise<ByteTransport>, policy: ReconnectPolicy, scheduler: Scheduler): Promise<ReopeningTransport> {
    const t = new ReopeningTransport(open, policy, scheduler);
    await t.#attemptOpen();
    return t;
  }

  get state(): TransportState {
    return this.#state;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#current || this.#state !== 'open') throw new TransportError('not-open', 'the device is not connected');
    return this.#current.write(bytes);
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
    this.#closed = true;
    if (this.#timer !== undefined) this.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#current?.close();
    this.#setState('closed');
    this.#data.clear();
    this.#states.clear();
  }

  async #attemptOpen(): Promise<void> {
    let t: ByteTransport;
    try {
      t = await this.open();
    } catch {
      this.#schedule();
      return;
    }
    if (this.#closed) {
      await t.close();
      return;
    }
    this.#current = t;
    this.#attempt = 0;
    t.onData((bytes) => {
      for (const l of this.#data) l(bytes);
    });
    t.onState((state) => {
      if (state !== 'closed' || this.#closed) return;
      this.#setState('closed');
      this.#schedule();
    });
    this.#setState(t.state);
    if (t.state === 'closed') this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = this.scheduler.setTimeout(() => {
      this.#timer = undefined;
      void this.#attemptOpen();
    }, backoffDelay(this.policy, this.#attempt++));
  }

  #setState(state: TransportState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const l of [...this.#states]) l(state);
  }
}
