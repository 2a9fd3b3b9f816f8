/** Answer-to-reset parsing (ISO 7816-3, section 8): convention, offered protocols, history. */

export type AtrErrorCode = 'too-short' | 'bad-ts' | 'truncated' | 'bad-tck' | 'too-long';

export class AtrError extends Error {
  override readonly name = 'AtrError';
  constructor(
    readonly code: AtrErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Atr {
  readonly convention: 'direct' | 'inverse';
  /** Protocols offered, in the order of the TD bytes; `[0]` when the ATR has no TD1. */
  readonly protocols: readonly number[];
  /** The protocol the card uses unless negotiated: the first one offered. */
  readonly protocol: number;
  readonly historical: Uint8Array;
}

const TS_DIRECT = 0x3b;
const TS_INVERSE = 0x3f;
const MAX_ATR_LENGTH = 33;

export function parseAtr(bytes: Uint8Array): Atr {
  if (bytes.length < 2) throw new AtrError('too-short', `ATR of ${bytes.length} bytes`);
  if (bytes.length > MAX_ATR_LENGTH) throw new AtrError('too-long', `ATR of ${bytes.length} bytes`);
  const ts = bytes[0]!;
  if (ts !== TS_DIRECT && ts !== TS_INVERSE) throw new AtrError('bad-ts', `TS ${ts.toString(16)} is neither 3B nor 3F`);
  const t0 = bytes[1]!;
  const historicalCount = t0 & 0x0f;
  const protocols: number[] = [];
  let y = t0 >> 4;
  let i = 2;
  for (;;) {
    // TA, TB, TC present per bits 4-6 of Y; TD per bit 7.
    i += ((y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1));
    if (!(y & 0x08)) break;
    if (i >= bytes.length) throw new AtrError('truncated', 'ATR ends inside its interface bytes');
    const td = bytes[i++]!;
    protocols.push(td & 0x0f);
    y = td >> 4;
  }
  const historicalEnd = i + historicalCount;
  const needsTck = protocols.some((p) => p !== 0);
  const expected = historicalEnd + (needsTck ? 1 : 0);
  if (bytes.length < expected) throw new AtrError('truncated', `ATR needs ${expected} bytes, has ${bytes.length}`);
  if (needsTck) {
    let x = 0;
    for (let k = 1; k < expected; k++) x ^= bytes[k]!;
    if (x !== 0) throw new AtrError('bad-tck', 'ATR check byte TCK does not match');
  }
  const offered = protocols.length > 0 ? protocols.filter((p) => p !== 15) : [0];
  return {
    convention: ts === TS_DIRECT ? 'direct' : 'inverse',
    protocols: offered.length > 0 ? offered : [0],
    protocol: offered[0] ?? 0,
    historical: bytes.slice(i, historicalEnd),
  };
}

/** Builds a minimal ATR offering `protocol` with the given history; simulators use it. */
export function buildAtr(protocol: 0 | 1, historical: Uint8Array): Uint8Array {
  if (historical.length > 15) throw new AtrError('too-long', 'at most 15 historical bytes');
  // T0: TD1 present, K history bytes. TD1: no further interface bytes, protocol T.
  const body = [0x80 | historical.length, protocol, ...historical];
  if (protocol === 0) return Uint8Array.from([TS_DIRECT, ...body]);
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([TS_DIRECT, ...body, tck]);
}
