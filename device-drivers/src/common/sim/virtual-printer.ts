/**
 * A virtual ESC/POS receipt printer: decodes what the host sends back into receipts, answers
 * DLE EOT and automatic status back, and has switchable faults for tests and demos.
 *
 * Control actions: `paper-near-end`, `paper-out` (optional `afterLines`: runs out after that
 * many more printed lines), `cover-open`, `offline` (silent), `clear`, `receipts`.
 */
import { EscPosDecoder, type DecodedBlock, type EscPosEvent } from '../escpos/decoder.ts';
import { runtimeGb18030Decoder, type GbTextDecoder } from '../escpos/text-codec.ts';
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../simulated-device.ts';

export interface DecodedReceipt {
  blocks: DecodedBlock[];
  /** False for a receipt that stopped before its cut (paper out, cover opened). */
  cut: boolean;
}

interface Faults {
  paperNearEnd: boolean;
  paperOut: boolean;
  coverOpen: boolean;
  offline: boolean;
  paperOutAfterLines: number | undefined;
}

const NO_FAULTS: Faults = { paperNearEnd: false, paperOut: false, coverOpen: false, offline: false, paperOutAfterLines: undefined };

export class VirtualPrinter implements SimulatedDevice {
  private output: (bytes: Uint8Array) => void = () => undefined;
  private readonly decoder: EscPosDecoder;
  private faults: Faults = { ...NO_FAULTS };
  private asbMask = 0;
  private receipts: DecodedReceipt[] = [];
  private current: DecodedBlock[] = [];
  /** Bytes the host sent, in total: tests check that a refused receipt sent nothing. */
  private received = 0;

  constructor(textDecoder: GbTextDecoder = runtimeGb18030Decoder()) {
    this.decoder = new EscPosDecoder(textDecoder);
  }

  connect(output: (bytes: Uint8Array) => void): void {
    this.output = output;
  }

  receive(bytes: Uint8Array, _now: number): void {
    if (this.faults.offline) return;
    this.received += bytes.length;
    for (const event of this.decoder.receive(bytes)) this.handle(event);
  }

  control(command: SimulatorCommand): SimulatorCommandResult {
    switch (command.action) {
      case 'paper-near-end':
        return this.setFaults({ paperNearEnd: true });
      case 'paper-out': {
        const after = command['afterLines'];
        if (after === undefined) return this.setFaults({ paperOut: true });
        if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) return { ok: false, error: 'afterLines must be a non-negative integer' };
        if (after === 0) return this.setFaults({ paperOut: true });
        this.faults.paperOutAfterLines = after;
        return { ok: true };
      }
      case 'cover-open':
        return this.setFaults({ coverOpen: true });
      case 'offline':
        return this.setFaults({ offline: true });
      case 'clear':
        return this.setFaults({ ...NO_FAULTS });
      case 'receipts':
        return { ok: true, receipts: this.decodedReceipts(), bytesReceived: this.received };
      default:
        return { ok: false, error: `unknown action '${command.action}'` };
    }
  }

  /** Finished receipts, then the one in progress (uncut) if anything is on it. */
  decodedReceipts(): DecodedReceipt[] {
    const all = this.receipts.map((r) => ({ blocks: [...r.blocks], cut: r.cut }));
    if (this.current.length > 0) all.push({ blocks: [...this.current], cut: false });
    return all;
  }

  private setFaults(change: Partial<Faults>): SimulatorCommandResult {
    this.faults = { ...this.faults, ...change };
    if (this.asbMask !== 0 && !this.faults.offline) this.output(this.asb());
    return { ok: true };
  }

  private get stopped(): boolean {
    return this.faults.paperOut || this.faults.coverOpen;
  }

  private handle(event: EscPosEvent): void {
    switch (event.type) {
      case 'status-request':
        this.output(Uint8Array.of(this.statusByte(event.kind)));
        return;
      case 'auto-status-back':
        this.asbMask = event.mask;
        if (event.mask !== 0) this.output(this.asb());
        return;
      case 'block':
        if (this.stopped) return;
        this.current.push(event.block);
        if (event.block.kind === 'text' && this.faults.paperOutAfterLines !== undefined) {
          this.faults.paperOutAfterLines -= 1;
          if (this.faults.paperOutAfterLines <= 0) this.setFaults({ paperOut: true, paperOutAfterLines: undefined });
        }
        return;
      case 'cut':
        if (this.stopped) return;
        this.receipts.push({ blocks: this.current, cut: true });
        this.current = [];
        return;
      case 'initialise':
      case 'error':
        // A real printer skips commands it does not know; so does this one.
        return;
    }
  }

  /** DLE EOT n answers (pattern 0xx1xx10). */
  private statusByte(kind: 1 | 2 | 3 | 4): number {
    const f = this.faults;
    const base = 0x12;
    switch (kind) {
      case 1:
        return base | (this.stopped ? 0x08 : 0);
      case 2:
        return base | (f.coverOpen ? 0x04 : 0) | (f.paperOut ? 0x20 : 0);
      case 3:
        return base;
      case 4:
        return base | (f.paperNearEnd || f.paperOut ? 0x0c : 0) | (f.paperOut ? 0x60 : 0);
    }
  }

  /** The 4 automatic-status-back bytes. */
  private asb(): Uint8Array {
    const f = this.faults;
    const b1 = 0x10 | (this.stopped ? 0x08 : 0) | (f.coverOpen ? 0x20 : 0);
    const b3 = (f.paperNearEnd || f.paperOut ? 0x03 : 0) | (f.paperOut ? 0x0c : 0);
    return Uint8Array.of(b1, 0x00, b3, 0x00);
  }
}
