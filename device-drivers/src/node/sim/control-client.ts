/**
 * A typed client for the simulator control channel, for tests and the `sim-control` command.
 *
 *   const control = await SimulatorControl.connect(sims.control);
 *   await control.send('card-reader', { action: 'insert-card', card: 'ssc-v2' });
 *   await control.close();
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import type { SimulatorCommand, SimulatorCommandResult } from '../../common/simulated-device.ts';

export type SimulatorControlErrorCode = 'unreachable' | 'closed' | 'timeout' | 'bad-reply';

export class SimulatorControlError extends Error {
  override readonly name = 'SimulatorControlError';
  constructor(
    readonly code: SimulatorControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(result: SimulatorCommandResult): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class SimulatorControl {
  readonly #pending: Pending[] = [];
  #buffer = '';
  #closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      for (const p of this.#pending.splice(0)) {
        clearTimeout(p.timer);
        p.reject(new SimulatorControlError('closed', 'the simulator control channel closed'));
      }
    });
  }

  static connect(socketPath: string, options: { timeoutMs?: number } = {}): Promise<SimulatorControl> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new SimulatorControl(socket, options.timeoutMs ?? 5_000));
      });
      const onError = (e: Error) => reject(new SimulatorControlError('unreachable', `cannot reach the simulators at ${socketPath}: ${e.message}`));
      socket.once('error', onError);
    });
  }

  send(device: DeviceKind, command: SimulatorCommand): Promise<SimulatorCommandResult> {
    if (this.#closed) return Promise.reject(new SimulatorControlError('closed', 'the simulator control channel is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#pending.indexOf(pending);
        // Replies come in order: after a lost one the channel cannot be trusted.
        if (i >= 0) this.socket.destroy();
        reject(new SimulatorControlError('timeout', `no answer from the simulators within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const pending: Pending = { resolve, reject, timer };
      this.#pending.push(pending);
      this.socket.write(`${JSON.stringify({ ...command, device })}\n`);
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    let newline: number;
    while ((newline = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      const pending = this.#pending.shift();
      if (!pending) continue;
      clearTimeout(pending.timer);
      try {
        pending.resolve(JSON.parse(line) as SimulatorCommandResult);
      } catch {
        pending.reject(new SimulatorControlError('bad-reply', 'the simulators sent a line that is not JSON'));
      }
    }
  }
}

/** One request on a fresh connection. */
export async function sendSimulatorCommand(socketPath: string, device: DeviceKind, command: SimulatorCommand): Promise<SimulatorCommandResult> {
  const control = await SimulatorControl.connect(socketPath);
  try {
    return await control.send(device, command);
  } finally {
    await control.close();
  }
}
