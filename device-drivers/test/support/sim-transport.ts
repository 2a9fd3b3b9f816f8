/**
 * An in-memory ByteTransport wired to a SimulatedDevice: the device's answers arrive on a
 * later microtask, as from a port, and every byte the host wrote is kept for assertions.
 */
import type { SimulatedDevice } from '../../src/common/simulated-device.ts';
import { TransportError, type ByteTransport, type TransportState } from '../../src/common/transport.ts';

export class SimTransport implements ByteTransport {
  state: TransportState = 'open';
  readonly written: number[] = [];
  private readonly listeners = new Set<(bytes: Uint8Array) => void>();

  constructor(private readonly device: SimulatedDevice) {
    device.connect((bytes) => {
      const copy = Uint8Array.from(bytes);
      void Promise.resolve().then(() => {
        for (const l of this.listeners) l(copy);
      });
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new TransportError('not-open', 'closed');
    this.written.push(...bytes);
    this.device.receive(Uint8Array.from(bytes), 0);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.state = 'closed';
  }
}

/** A Scheduler over the global timers, so vi.useFakeTimers() controls it. */
export const globalTimerScheduler = {
  now: () => Date.now(),
  setTimeout: (cb: () => void, ms: number): unknown => setTimeout(cb, ms),
  clearTimeout: (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>),
};
