/** ISO 7816-4 short APDUs: `CLA INS P1 P2 [Lc data] [Le]` and `data SW1 SW2`. */

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  /** Expected response length, 1..256 (256 is encoded as 00). */
  readonly le?: number;
}

export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  readonly sw: number;
}

export type ApduErrorCode = 'too-short' | 'bad-length' | 'too-long' | 'endless-response';

export class ApduError extends Error {
  override readonly name = 'ApduError';
  constructor(
    readonly code: ApduErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function encodeCommandApdu(c: CommandApdu): Uint8Array {
  const data = c.data ?? new Uint8Array(0);
  if (data.length > 255) throw new ApduError('too-long', `short APDU data of ${data.length} bytes`);
  if (c.le !== undefined && (c.le < 1 || c.le > 256)) throw new ApduError('bad-length', `Le ${c.le} outside 1..256`);
  const out: number[] = [c.cla, c.ins, c.p1, c.p2];
  if (data.length > 0) out.push(data.length, ...data);
  if (c.le !== undefined) out.push(c.le & 0xff);
  return Uint8Array.from(out);
}

/** Parses a short command APDU (cases 1-4); a card or simulator uses this. */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduError('too-short', `command APDU of ${bytes.length} bytes`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (bytes.length === 4) return { cla, ins, p1, p2 };
  const b5 = bytes[4]!;
  if (bytes.length === 5) return { cla, ins, p1, p2, le: b5 === 0 ? 256 : b5 };
  if (b5 === 0) throw new ApduError('bad-length', 'extended APDUs are not supported');
  const data = bytes.slice(5, 5 + b5);
  if (bytes.length === 5 + b5) return { cla, ins, p1, p2, data };
  if (bytes.length === 6 + b5) {
    const le = bytes[5 + b5]!;
    return { cla, ins, p1, p2, data, le: le === 0 ? 256 : le };
  }
  throw new ApduError('bad-length', `Lc ${b5} does not match an APDU of ${bytes.length} bytes`);
}

export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduError('too-short', `response APDU of ${bytes.length} bytes`);
  const sw1 = bytes[bytes.length - 2]!;
  const sw2 = bytes[bytes.length - 1]!;
  return { data: bytes.slice(0, -2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

export function encodeResponseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new ApduError('bad-length', `not hex: ${text}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}
