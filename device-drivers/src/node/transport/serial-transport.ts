/**
 * A ByteTransport over a serial line (RS-232, USB-serial, a pty). It finds the port by path or
 * by USB vendor/product id, times out a hung open or write, and when the port vanishes (cable
 * pulled, adapter re-enumerated) reports 'closed' and reopens it with exponential backoff.
 */
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { SerialPortStream } from '@serialport/stream';
import { TransportError } from '../../common/transport.ts';
import type { ByteTransport, Scheduler, TransportState } from '../../common/transport.ts';
import { systemScheduler } from '../system-scheduler.ts';

export interface ReconnectPolicy {
  initialMs: number;
  maxMs: number;
}

export interface SerialTransportOptions {
  /** Device path (`/dev/ttyUSB0`, a pty link). Either this or vendorId + productId. */
  path?: string;
  /** USB ids as hex strings (`1a86`, `0x1A86`), matched against the binding's port list. */
  vendorId?: string;
  productId?: string;
  baudRate: number;
  /** false (the default) or the backoff for reopening a port that vanished. */
  reconnect?: false | ReconnectPolicy;
  openTimeoutMs?: number;
  writeTimeoutMs?: number;
  /**
   * How often to check that the device node still exists (false: never). Most vanished ports
   * fail their next read, but a pty whose other end closed before the first read reads as
   * endless end-of-file in serialport's Linux binding and would never report 'closed'.
   */
  presenceCheckMs?: number | false;
  /** The serialport binding; tests pass @serialport/binding-mock or a scripted one. */
  binding?: BindingInterface;
  scheduler?: Scheduler;
}

/**
 * serialport's binding interface (@serialport/bindings-interface), spelled out because that
 * package's types do not resolve under ESM. The system binding and @serialport/binding-mock
 * both satisfy it; tests script one.
 */
export interface PortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}
export interface BindingPort {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  close(): Promise<void>;
  update(options: { baudRate: number }): Promise<void>;
  set(options: Record<string, boolean>): Promise<void>;
  get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }>;
  getBaudRate(): Promise<{ baudRate: number }>;
  flush(): Promise<void>;
  drain(): Promise<void>;
}
export interface BindingInterface {
  list(): Promise<PortInfo[]>;
  open(options: { path: string; baudRate: number }): Promise<BindingPort>;
}

const DEFAULT_OPEN_TIMEOUT_MS = 5_000;
const DEFAULT_WRITE_TIMEOUT_MS = 5_000;
const DEFAULT_PRESENCE_CHECK_MS = 1_000;

/** `0x1A86` and `1a86` name the same id. */
function normaliseUsbId(id: string): string {
  return id.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
}

/** The path of the first port with these USB ids, or undefined. */
export function findPortByUsbId(ports: readonly PortInfo[], vendorId: string, productId: string): string | undefined {
  const vid = normaliseUsbId(vendorId);
  const pid = normaliseUsbId(productId);
  return ports.find((p) => p.vendorId !== undefined && p.productId !== undefined && normaliseUsbId(p.vendorId) === vid && normaliseUsbId(p.productId) === pid)?.path;
}

/** Backoff before reconnect attempt `attempt` (0-based): doubles from initialMs up to maxMs. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
}

export class SerialTransport implements ByteTransport {
  #state: TransportState = 'closed';
  #port: SerialPortStream | undefined;
  #closed = false;
  #reconnectTimer: unknown;
  #presenceTimer: unknown;
  #attempt = 0;
  readonly #dataListeners = new Set<(bytes: Uint8Array) => void>();
  readonly #stateListeners = new Set<(state: TransportState) => void>();
  readonly #binding: BindingInterface;
  readonly #scheduler: Scheduler;

  private constructor(private readonly options: SerialTransportOptions) {
    if (!options.path && !(options.vendorId && options.productId)) {
      throw new TransportError('open-failed', 'a serial transport needs a path or a USB vendorId and productId');
    }
    this.#binding = options.binding ?? (SerialPort.binding as BindingInterface);
    this.#scheduler = options.scheduler ?? systemScheduler;
  }

  /** Opens the port; rejects with a TransportError ('open-failed' or 'timeout') if it cannot. */
  static async open(options: SerialTransportOptions): Promise<SerialTransport> {
    const transport = new SerialTransport(options);
    await transport.#connect();
    return transport;
  }

  /**
   * Tries to open once; if the device is not there yet the transport comes back 'closed' and
   * keeps trying with the reconnect policy, turning 'open' when it appears. For a device
   * manager that must start without its devices.
   */
  static async openPersistent(options: SerialTransportOptions & { reconnect: ReconnectPolicy }): Promise<SerialTransport> {
    const transport = new SerialTransport(options);
    await transport.#connect().catch(() => transport.#scheduleReconnect());
    return transport;
  }

  get state(): TransportState {
    return this.#state;
  }

  /** The path currently (or last) opened, for diagnostics. */
  get path(): string | undefined {
    return this.#port?.path;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  onState(listener: (state: TransportState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (this.#state !== 'open' || !port) throw new TransportError('not-open', 'the serial port is not open');
    const timeoutMs = this.options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const timer = this.#scheduler.setTimeout(() => {
        if (done) return;
        done = true;
        reject(new TransportError('timeout', `write of ${bytes.length} bytes timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      port.write(Buffer.from(bytes), (err) => {
        if (done) return;
        done = true;
        this.#scheduler.clearTimeout(timer);
        if (err) reject(new TransportError('write-failed', `write failed: ${err.message}`));
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer !== undefined) this.#scheduler.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#stopPresenceCheck();
    const port = this.#port;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners('data');
    this.#setState('closed');
    this.#dataListeners.clear();
    this.#stateListeners.clear();
  }

  async #resolvePath(): Promise<string> {
    const { path, vendorId, productId } = this.options;
    if (path) return path;
    let ports: PortInfo[];
    try {
      ports = await this.#binding.list();
    } catch (e) {
      throw new TransportError('open-failed', `cannot list serial ports: ${(e as Error).message}`);
    }
    const found = findPortByUsbId(ports, vendorId!, productId!);
    if (!found) throw new TransportError('open-failed', `no serial port with USB id ${vendorId}:${productId}`);
    return found;
  }

  async #connect(): Promise<void> {
    const path = await this.#resolvePath();
    const port = new SerialPortStream({ binding: this.#binding, path, baudRate: this.options.baudRate, autoOpen: false });
    // A serialport stream emits 'error' for failures nobody awaited; they are reported through
    // state changes and rejected writes instead, so an unhandled 'error' must not crash the host.
    port.on('error', () => {});
    const timeoutMs = this.options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const timer = this.#scheduler.setTimeout(() => {
        if (done) return;
        done = true;
        reject(new TransportError('timeout', `opening ${path} timed out after ${timeoutMs} ms`));
        // If the open completes after all, release the port rather than leak it.
        port.once('open', () => port.close());
      }, timeoutMs);
      port.open((err) => {
        if (done) return;
        done = true;
        this.#scheduler.clearTimeout(timer);
        if (err) reject(new TransportError('open-failed', `cannot open ${path}: ${err.message}`));
        else resolve();
      });
    });
    if (this.#closed) {
      // close() was called while opening.
      await new Promise<void>((resolve) => port.close(() => resolve()));
      throw new TransportError('closed', 'the transport was closed while opening');
    }
    this.#port = port;
    this.#attempt = 0;
    port.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const listener of this.#dataListeners) listener(bytes);
    });
    port.once('close', () => {
      port.removeAllListeners('data');
      this.#stopPresenceCheck();
      if (this.#closed) return;
      this.#setState('closed');
      this.#scheduleReconnect();
    });
    this.#setState('open');
    this.#checkPresence(port, path);
  }

  /** Closes the port once its device node is gone (see presenceCheckMs). */
  #checkPresence(port: SerialPortStream, path: string): void {
    const every = this.options.presenceCheckMs ?? DEFAULT_PRESENCE_CHECK_MS;
    if (every === false || !path.startsWith('/')) return;
    this.#presenceTimer = this.#scheduler.setTimeout(() => {
      this.#presenceTimer = undefined;
      if (this.#closed || this.#port !== port || !port.isOpen) return;
      if (existsSync(path)) this.#checkPresence(port, path);
      else port.close();
    }, every);
  }

  #stopPresenceCheck(): void {
    if (this.#presenceTimer !== undefined) this.#scheduler.clearTimeout(this.#presenceTimer);
    this.#presenceTimer = undefined;
  }

  #scheduleReconnect(): void {
    const policy = this.options.reconnect;
    if (!policy || this.#closed) return;
    const delay = backoffDelay(policy, this.#attempt++);
    this.#reconnectTimer = this.#scheduler.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closed) return;
      this.#connect().catch(() => this.#scheduleReconnect());
    }, delay);
  }

  #setState(state: TransportState): void {
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}
