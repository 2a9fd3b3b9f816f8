/**
 * The seam between sans-I/O device logic and the things that move bytes (a serial port,
 * a HID device, a pty, a test double). Drivers take a ByteTransport in their constructor.
 */
export type TransportState = 'open' | 'closed';

export interface ByteTransport {
  readonly state: TransportState;
  /** Hands bytes to the device; resolves once written. Rejects with TransportError when not open. */
  write(bytes: Uint8Array): Promise<void>;
  /** Bytes as they arrive, in order, in whatever chunks the OS delivers. Returns an unsubscribe. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Open/closed changes (a port that vanished is 'closed'; a reconnecting transport reopens). */
  onState(listener: (state: TransportState) => void): () => void;
  close(): Promise<void>;
}

export type TransportErrorCode = 'not-open' | 'write-failed' | 'open-failed' | 'timeout' | 'closed';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Time is passed in: drivers never read a clock or start a timer on their own. */
export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
