/**
 * A virtual USB-serial barcode scanner. Control: `scan { code, symbology? }` sends the code as
 * a CR LF line, prefixed with the AIM id when a symbology is given (as a scanner set to
 * transmit AIM ids does).
 */
import { utf8Encode } from '../escpos/text-codec.ts';
import { aimIdFor, SYMBOLOGIES, type Symbology } from '../scanner/symbology.ts';
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../simulated-device.ts';

export class VirtualScanner implements SimulatedDevice {
  private output: (bytes: Uint8Array) => void = () => undefined;

  connect(output: (bytes: Uint8Array) => void): void {
    this.output = output;
  }

  /** A scanner ignores what the host sends it. */
  receive(): void {}

  control(command: SimulatorCommand): SimulatorCommandResult {
    if (command.action !== 'scan') return { ok: false, error: `unknown action '${command.action}'` };
    const { code, symbology } = command;
    if (typeof code !== 'string' || code.length === 0 || /[\r\n]/.test(code)) return { ok: false, error: 'code must be a non-empty string without line breaks' };
    if (symbology !== undefined && !SYMBOLOGIES.includes(symbology as Exclude<Symbology, 'unknown'>)) {
      return { ok: false, error: `symbology must be one of ${SYMBOLOGIES.join(', ')}` };
    }
    const prefix = symbology === undefined ? '' : (aimIdFor(symbology as Symbology) ?? '');
    this.output(utf8Encode(`${prefix}${code}\r\n`));
    return { ok: true };
  }
}
