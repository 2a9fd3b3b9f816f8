/**
 * A deliberately independent ESC/POS printer, written straight from shared/protocols.md §5
 * without the product's codec: it answers DLE EOT 1-4 from the bit table and pulls text lines
 * (GB18030) and the QR store payload out of what it receives. It proves the driver speaks the
 * documented protocol rather than agreeing with its own simulator.
 */
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../../src/common/simulated-device.ts';

export class IndependentEscPosPrinter implements SimulatedDevice {
  paperOut = false;
  paperNearEnd = false;
  coverOpen = false;
  readonly received: number[] = [];
  private out: (bytes: Uint8Array) => void = () => undefined;
  private seen = 0;

  connect(output: (bytes: Uint8Array) => void): void {
    this.out = output;
  }

  receive(bytes: Uint8Array): void {
    this.received.push(...bytes);
    // Look for DLE EOT n (10 04 n) in everything not yet examined, across chunk boundaries.
    while (this.seen + 3 <= this.received.length) {
      const i = this.seen;
      if (this.received[i] === 0x10 && this.received[i + 1] === 0x04) {
        this.out(Uint8Array.of(this.answer(this.received[i + 2]!)));
        this.seen += 3;
      } else this.seen += 1;
    }
  }

  control(command: SimulatorCommand): SimulatorCommandResult {
    return { ok: false, error: `no control '${command.action}'` };
  }

  /** Every answer matches 0xx1xx10: base 0x12. */
  private answer(n: number): number {
    const stopped = this.paperOut || this.coverOpen;
    if (n === 1) return 0x12 | (stopped ? 0x08 : 0); // bit 3 offline
    if (n === 2) return 0x12 | (this.coverOpen ? 0x04 : 0) | (this.paperOut ? 0x20 : 0); // bit 2 cover, bit 5 paper end
    if (n === 3) return 0x12;
    return 0x12 | (this.paperNearEnd ? 0x0c : 0) | (this.paperOut ? 0x60 : 0); // 0C near end, 60 out
  }

  /** Text lines and QR payloads found in the received bytes, commands skipped by the table's lengths. */
  printed(): { lines: string[]; qr: string[]; cut: boolean } {
    const b = this.received;
    const lines: string[] = [];
    const qr: string[] = [];
    let cut = false;
    let text: number[] = [];
    for (let i = 0; i < b.length; ) {
      const x = b[i]!;
      const y = b[i + 1];
      if (x === 0x1b) i += y === 0x40 ? 2 : 3; // ESC @ | ESC a/E/d n
      else if (x === 0x1c) i += 2; // FS & | FS .
      else if (x === 0x10) i += 3; // DLE EOT n
      else if (x === 0x1d && y === 0x28) {
        const len = b[i + 3]! + 256 * b[i + 4]!;
        if (b[i + 6] === 0x50) qr.push(Buffer.from(b.slice(i + 8, i + 5 + len)).toString('utf8'));
        i += 5 + len;
      } else if (x === 0x1d && y === 0x56) {
        cut = true;
        i += b[i + 2] === 0x42 ? 4 : 3;
      } else if (x === 0x1d) i += 3; // GS ! n | GS a n
      else if (x === 0x0a) {
        lines.push(new TextDecoder('gb18030').decode(Uint8Array.from(text)));
        text = [];
        i += 1;
      } else {
        text.push(x);
        i += 1;
      }
    }
    return { lines, qr, cut };
  }
}
