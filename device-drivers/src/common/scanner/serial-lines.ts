/**
 * USB-serial (CDC) scanners send each code as a line ending in CR or CR LF, optionally with
 * an AIM symbology prefix. Lines may arrive split across any number of chunks.
 */
import { utf8Decode } from '../escpos/text-codec.ts';
import { ScannerError, splitAimPrefix, type ScannedCode } from './symbology.ts';

const CR = 0x0d;
const LF = 0x0a;

export type ScanLineEvent = { type: 'code'; scan: ScannedCode } | { type: 'error'; error: ScannerError };

export class ScanLineDecoder {
  private line: number[] = [];
  private afterCr = false;
  private overflowed = false;

  constructor(private readonly maxLineBytes = 4096) {}

  receive(bytes: Uint8Array): ScanLineEvent[] {
    const events: ScanLineEvent[] = [];
    for (const b of bytes) {
      const skipLf = this.afterCr && b === LF;
      this.afterCr = b === CR;
      if (skipLf) continue;
      // A lone LF also ends a code: some scanners are set to LF-only suffixes.
      if (b === CR || b === LF) {
        if (!this.overflowed && this.line.length > 0) events.push({ type: 'code', scan: splitAimPrefix(utf8Decode(Uint8Array.from(this.line))) });
        this.line = [];
        this.overflowed = false;
      } else if (this.line.length >= this.maxLineBytes) {
        if (!this.overflowed) events.push({ type: 'error', error: new ScannerError('line-too-long', `code longer than ${this.maxLineBytes} bytes dropped`) });
        this.overflowed = true;
      } else {
        this.line.push(b);
      }
    }
    return events;
  }
}
