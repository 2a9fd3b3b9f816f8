/**
 * A simulated device is pure protocol logic: it takes the host's bytes and emits the bytes a
 * real device would send back (replies and unsolicited reports). Serving it on a pty, pacing
 * it at a baud rate and scripting it are the host's job (device-drivers/src/node/sim).
 */
export interface SimulatedDevice {
  /** Bytes written by the host. `now` is the host's clock in ms. */
  receive(bytes: Uint8Array, now: number): void;
  /** Where the device's outgoing bytes go; set by whoever serves it. */
  connect(output: (bytes: Uint8Array) => void): void;
  /** Script hooks a test or the control CLI can call (insert card, paper out, scan ...). */
  control(command: SimulatorCommand): SimulatorCommandResult;
}

export type SimulatorCommand = { readonly action: string; readonly [key: string]: unknown };
export type SimulatorCommandResult = { ok: true; [key: string]: unknown } | { ok: false; error: string };
