/**
 * Host → printer bytes back into what would be printed: the virtual printer's half of the
 * codec. Streaming (any chunking), bounded memory, and bad input becomes an error event
 * rather than an exception, as a real printer skips a command it does not know.
 */
import { ALIGN_BY_CODE, DLE, EOT, ESC, FS, GS, LF, type Align, type StatusKind } from './commands.ts';
import type { GbTextDecoder } from './text-codec.ts';
import { utf8Decode } from './text-codec.ts';

export type DecodedBlock =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: number }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number };

export class EscPosDecodeError extends Error {
  override readonly name = 'EscPosDecodeError';
  constructor(
    readonly code: 'unknown-command' | 'bad-argument',
    message: string,
  ) {
    super(message);
  }
}

export type EscPosEvent =
  | { type: 'block'; block: DecodedBlock }
  | { type: 'cut' }
  | { type: 'initialise' }
  | { type: 'status-request'; kind: StatusKind }
  | { type: 'auto-status-back'; mask: number }
  | { type: 'error'; error: EscPosDecodeError };

/** Longest text run kept before it is printed as a line anyway, as a printer's line buffer. */
const MAX_LINE_BYTES = 1024;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * How many bytes the command at the start of `p` needs in total, or 'more' when that is not
 * known yet, or 'unknown' when the prefix is no command this decoder knows.
 */
function commandLength(p: readonly number[]): number | 'more' | 'unknown' {
  if (p.length < 2) return 'more';
  const [lead, c] = p as [number, number];
  if (lead === ESC) {
    if (c === 0x40) return 2;
    return c === 0x61 || c === 0x45 || c === 0x64 || c === 0x21 ? 3 : 'unknown';
  }
  if (lead === FS) return c === 0x26 || c === 0x2e ? 2 : 'unknown';
  if (lead === DLE) return c === EOT ? 3 : 'unknown';
  // GS
  if (c === 0x21 || c === 0x61) return 3;
  if (c === 0x56) {
    if (p.length < 3) return 'more';
    return p[2] === 0x41 || p[2] === 0x42 ? 4 : 3;
  }
  if (c === 0x28) {
    if (p.length < 5) return 'more';
    return 5 + (p[3] as number) + 256 * (p[4] as number);
  }
  return 'unknown';
}

export class EscPosDecoder {
  private pending: number[] = [];
  private line: number[] = [];
  private lineAttrs: { align: Align; bold: boolean; size: number } | undefined;
  private align: Align = 'left';
  private bold = false;
  private size = 1;
  private qrData: Uint8Array | undefined;

  constructor(private readonly text: GbTextDecoder) {}

  receive(bytes: Uint8Array): EscPosEvent[] {
    const events: EscPosEvent[] = [];
    for (const b of bytes) {
      if (this.pending.length > 0) {
        this.pending.push(b);
        this.tryCommand(events);
      } else if (b === ESC || b === GS || b === FS || b === DLE) {
        this.pending.push(b);
      } else if (b === LF) {
        this.endLine(events);
      } else if (b >= 0x20) {
        this.lineAttrs ??= { align: this.align, bold: this.bold, size: this.size };
        this.line.push(b);
        if (this.line.length >= MAX_LINE_BYTES) this.endLine(events);
      }
      // Other control bytes (CR, HT, NUL...) do nothing on a receipt.
    }
    return events;
  }

  private tryCommand(events: EscPosEvent[]): void {
    const len = commandLength(this.pending);
    if (len === 'more') return;
    if (len === 'unknown') {
      const [lead, c] = this.pending as [number, number];
      events.push({ type: 'error', error: new EscPosDecodeError('unknown-command', `unknown command ${hex(lead)} ${hex(c)}`) });
      this.pending = [];
      return;
    }
    if (this.pending.length < len) return;
    const command = this.pending;
    this.pending = [];
    this.execute(command, events);
  }

  private execute(p: readonly number[], events: EscPosEvent[]): void {
    const [lead, c] = p as [number, number];
    const arg = p[2] ?? 0;
    if (lead === ESC && c === 0x40) {
      this.align = 'left';
      this.bold = false;
      this.size = 1;
      events.push({ type: 'initialise' });
    } else if (lead === ESC && c === 0x61) {
      // ESC a accepts both 0-2 and the ASCII digits '0'-'2'.
      const a = ALIGN_BY_CODE[arg >= 0x30 ? arg - 0x30 : arg];
      if (a) this.align = a;
      else events.push({ type: 'error', error: new EscPosDecodeError('bad-argument', `ESC a ${hex(arg)}`) });
    } else if (lead === ESC && c === 0x45) {
      this.bold = (arg & 1) === 1;
    } else if (lead === ESC && c === 0x21) {
      this.bold = (arg & 0x08) !== 0;
    } else if (lead === ESC && c === 0x64) {
      this.flushLine(events);
      events.push({ type: 'block', block: { kind: 'feed', lines: arg } });
    } else if (lead === GS && c === 0x21) {
      this.size = (arg >> 4) + 1;
    } else if (lead === GS && c === 0x61) {
      events.push({ type: 'auto-status-back', mask: arg });
    } else if (lead === GS && c === 0x56) {
      this.flushLine(events);
      events.push({ type: 'cut' });
    } else if (lead === GS && c === 0x28) {
      this.qr(p, events);
    } else if (lead === DLE) {
      if (arg >= 1 && arg <= 4) events.push({ type: 'status-request', kind: arg as StatusKind });
      else events.push({ type: 'error', error: new EscPosDecodeError('bad-argument', `DLE EOT ${hex(arg)}`) });
    }
    // FS & / FS .: text is decoded as GB18030 either way (it is ASCII-compatible).
  }

  /** GS ( k: only store (31 50 30) and print (31 51 30) change what comes out. */
  private qr(p: readonly number[], events: EscPosEvent[]): void {
    if (p[2] !== 0x6b || p[5] !== 0x31) return;
    if (p[6] === 0x50 && p[7] === 0x30) this.qrData = Uint8Array.from(p.slice(8));
    else if (p[6] === 0x51 && p[7] === 0x30 && this.qrData) {
      this.flushLine(events);
      events.push({ type: 'block', block: { kind: 'qr', data: utf8Decode(this.qrData) } });
    }
  }

  /** LF prints the line buffer, an empty one as a blank line. */
  private endLine(events: EscPosEvent[]): void {
    const attrs = this.lineAttrs ?? { align: this.align, bold: this.bold, size: this.size };
    const text = this.text.decode(Uint8Array.from(this.line));
    this.line = [];
    this.lineAttrs = undefined;
    events.push({ type: 'block', block: { kind: 'text', text, ...attrs } });
  }

  /** Feed, cut and QR print a pending partial line first, as a printer does. */
  private flushLine(events: EscPosEvent[]): void {
    if (this.line.length > 0) this.endLine(events);
  }
}
