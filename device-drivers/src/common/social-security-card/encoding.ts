/** Decoders (and, for the simulator, encoders) of the SSSE field encodings. */

import { isoDateOf } from '../citizen-id.ts';

/** TextDecoder is a global of every runtime the common layer targets (Node, Chromium, Electron). */
declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };

export type FieldDecodeErrorCode = 'bad-bcd' | 'bad-date' | 'bad-text';

export class FieldDecodeError extends Error {
  override readonly name = 'FieldDecodeError';
  constructor(
    readonly code: FieldDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Packed BCD digits; an F nibble pads the end. */
export function decodeBcd(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    for (const nibble of [b >> 4, b & 0x0f]) {
      if (nibble === 0x0f) return out;
      if (nibble > 9) throw new FieldDecodeError('bad-bcd', `nibble ${nibble.toString(16)} is not a BCD digit`);
      out += String(nibble);
    }
  }
  return out;
}

export function encodeBcd(digits: string, length: number): Uint8Array {
  if (!/^\d*$/.test(digits) || digits.length > length * 2) throw new FieldDecodeError('bad-bcd', `cannot pack "${digits}" into ${length} BCD bytes`);
  const padded = digits.padEnd(length * 2, 'F');
  return Uint8Array.from({ length }, (_, i) => parseInt(padded.slice(i * 2, i * 2 + 2), 16));
}

/** BCD YYYYMMDD to YYYY-MM-DD. */
export function decodeBcdDate(bytes: Uint8Array): string {
  const digits = decodeBcd(bytes);
  const iso = isoDateOf(digits);
  if (!iso) throw new FieldDecodeError('bad-date', `"${digits}" is not a YYYYMMDD date`);
  return iso;
}

/** Zero- or space-padded ASCII; anything outside printable ASCII is an error. */
export function decodeAscii(bytes: Uint8Array): string {
  const end = trimmedEnd(bytes);
  let out = '';
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) throw new FieldDecodeError('bad-text', `byte ${b.toString(16)} is not printable ASCII`);
    out += String.fromCharCode(b);
  }
  return out.trim();
}

const gbk = new TextDecoder('gb18030', { fatal: true });

/** GBK (decoded as GB18030, its superset), zero-padded. */
export function decodeGbk(bytes: Uint8Array): string {
  try {
    return gbk.decode(bytes.subarray(0, trimmedEnd(bytes))).trim();
  } catch {
    throw new FieldDecodeError('bad-text', 'field is not valid GBK text');
  }
}

function trimmedEnd(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0xff)) end--;
  return end;
}
