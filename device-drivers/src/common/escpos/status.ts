/**
 * Printer → host bytes: DLE EOT real-time status replies and automatic status back (ASB).
 *
 * Every DLE EOT reply byte matches 0xx1xx10. The first ASB byte matches 0xx1xx00 and the three
 * after it 0xx0xxxx (the fixed bits are from Epson's ESC/POS reference; protocols.md §5 lists
 * the flag bits). The two patterns differ, so one stream carries both without ambiguity.
 */
import type { StatusKind } from './commands.ts';

export type EscPosStatusErrorCode = 'not-a-status-byte' | 'garbage' | 'truncated-asb';

export class EscPosStatusError extends Error {
  override readonly name = 'EscPosStatusError';
  constructor(
    readonly code: EscPosStatusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export const isStatusReplyByte = (b: number): boolean => (b & 0x93) === 0x12;
const isAsbFirstByte = (b: number): boolean => (b & 0x93) === 0x10;
const isAsbFollowByte = (b: number): boolean => (b & 0x90) === 0x00;

function checkReply(b: number): void {
  if (!isStatusReplyByte(b)) throw new EscPosStatusError('not-a-status-byte', `0x${b.toString(16).padStart(2, '0')} is not a DLE EOT reply (0xx1xx10)`);
}

export interface PrinterStatusBits {
  offline: boolean;
}
export interface OfflineCauseBits {
  coverOpen: boolean;
  paperEndStop: boolean;
  error: boolean;
}
export interface ErrorCauseBits {
  cutterError: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}
export interface PaperSensorBits {
  nearEnd: boolean;
  out: boolean;
}

export const decodeStatusReply = {
  1: (b: number): PrinterStatusBits => (checkReply(b), { offline: bit(b, 3) }),
  2: (b: number): OfflineCauseBits => (checkReply(b), { coverOpen: bit(b, 2), paperEndStop: bit(b, 5), error: bit(b, 6) }),
  3: (b: number): ErrorCauseBits => (checkReply(b), { cutterError: bit(b, 3), unrecoverable: bit(b, 5), autoRecoverable: bit(b, 6) }),
  4: (b: number): PaperSensorBits => (checkReply(b), { nearEnd: (b & 0x0c) !== 0, out: (b & 0x60) !== 0 }),
} satisfies Record<StatusKind, (b: number) => unknown>;

/** The four DLE EOT answers taken together: what the driver and the CLI report. */
export interface PrinterStatus {
  online: boolean;
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  error: boolean;
}

export interface AsbStatus {
  offline: boolean;
  coverOpen: boolean;
  cutterError: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
}

export function decodeAsb(bytes: Uint8Array | readonly number[]): AsbStatus {
  if (bytes.length !== 4) throw new EscPosStatusError('truncated-asb', `ASB is 4 bytes, got ${bytes.length}`);
  const [b1, b2, b3, b4] = bytes as [number, number, number, number];
  if (!isAsbFirstByte(b1) || !isAsbFollowByte(b2) || !isAsbFollowByte(b3) || !isAsbFollowByte(b4)) {
    throw new EscPosStatusError('garbage', 'bytes do not have the ASB pattern');
  }
  return {
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    cutterError: bit(b2, 3),
    unrecoverable: bit(b2, 5),
    autoRecoverable: bit(b2, 6),
    paperNearEnd: (b3 & 0x03) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
  };
}

export function printerStatusFromAsb(asb: AsbStatus): PrinterStatus {
  return {
    online: !asb.offline,
    paper: asb.paperOut ? 'out' : asb.paperNearEnd ? 'near-end' : 'ok',
    coverOpen: asb.coverOpen,
    error: asb.cutterError || asb.unrecoverable || asb.autoRecoverable,
  };
}

export function printerStatusFromReplies(r: {
  printer: PrinterStatusBits;
  offline: OfflineCauseBits;
  error: ErrorCauseBits;
  paper: PaperSensorBits;
}): PrinterStatus {
  return {
    online: !r.printer.offline,
    paper: r.paper.out || r.offline.paperEndStop ? 'out' : r.paper.nearEnd ? 'near-end' : 'ok',
    coverOpen: r.offline.coverOpen,
    error: r.offline.error || r.error.cutterError || r.error.unrecoverable || r.error.autoRecoverable,
  };
}

export type StatusStreamEvent =
  | { type: 'reply'; byte: number }
  | { type: 'asb'; status: AsbStatus }
  | { type: 'error'; error: EscPosStatusError };

/**
 * Splits the printer's output into DLE EOT replies and ASB blocks, across any chunking.
 * Garbage becomes an error event and the parser resynchronises on the next valid byte.
 */
export class StatusStreamParser {
  private asb: number[] = [];

  receive(bytes: Uint8Array): StatusStreamEvent[] {
    const events: StatusStreamEvent[] = [];
    for (const b of bytes) {
      if (this.asb.length > 0) {
        if (isAsbFollowByte(b)) {
          this.asb.push(b);
          if (this.asb.length === 4) {
            events.push({ type: 'asb', status: decodeAsb(this.asb) });
            this.asb = [];
          }
          continue;
        }
        events.push({ type: 'error', error: new EscPosStatusError('truncated-asb', `ASB cut short after ${this.asb.length} bytes`) });
        this.asb = [];
      }
      if (isStatusReplyByte(b)) events.push({ type: 'reply', byte: b });
      else if (isAsbFirstByte(b)) this.asb.push(b);
      else events.push({ type: 'error', error: new EscPosStatusError('garbage', `unexpected byte 0x${b.toString(16).padStart(2, '0')}`) });
    }
    return events;
  }

  /** Forgets a block cut short: the line was closed and reopened. */
  clear(): void {
    this.asb = [];
  }
}
