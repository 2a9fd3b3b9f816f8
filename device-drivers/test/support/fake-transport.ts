import type { SimulatedDevice } from '../../src/common/simulated-device.ts';
import { TransportError, type ByteTransport, type TransportState } from '../../src/common/transport.ts';

/**
 * An in-memory ByteTransport. Tests script the device side with `emit`, read what the driver
 * wrote in `written`, or `attach` a simulator; `deviceOutput` can corrupt, split or drop what
 * the device sends.
 */
export class FakeTransport implements ByteTransport {
  state: TransportState = 'open';
  readonly written: Uint8Array[] = [];
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly stateListeners = new Set<(state: TransportState) => void>();
  private device: SimulatedDevice | undefined;
  /** Rewrites each chunk the attached device sends; return [] to drop it. */
  deviceOutput: (bytes: Uint8Array) => Uint8Array[] = (bytes) => [bytes];

  attach(device: SimulatedDevice): this {
    this.device = device;
    device.connect((bytes) => {
      for (const chunk of this.deviceOutput(bytes)) queueMicrotask(() => this.emit(chunk));
    });
    return this;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new TransportError('not-open', 'fake transport closed');
    this.written.push(bytes.slice());
    const device = this.device;
    if (device) queueMicrotask(() => device.receive(bytes, 0));
  }

  emit(bytes: Uint8Array): void {
    for (const l of this.dataListeners) l(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onState(listener: (state: TransportState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.state = 'closed';
    for (const l of this.stateListeners) l('closed');
  }
}
