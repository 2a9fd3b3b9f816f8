/**
 * Input shapes for the fuzz campaign: raw noise, valid encodings, valid encodings with a few
 * bytes changed, inserted, deleted or cut off, and byte streams split into arbitrary chunks.
 * Mutated valid input reaches deep into a parser; noise alone mostly tests its first check.
 */
import fc from 'fast-check';

type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'set') {
      if (out.length === 0) continue;
      out = out.slice();
      out[at % out.length] = m.value;
    } else if (m.kind === 'insert') out = concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
    else if (m.kind === 'delete') out = concat([out.subarray(0, at), out.subarray(at + m.count)]);
    else out = out.slice(0, at);
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A valid encoding with one to four byte-level changes. */
export const mutated = (valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([bytes, ms]) => mutate(bytes, ms));

/** A valid fixed-size encoding with one to four bytes overwritten (its length kept). */
export const overwritten = (valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([bytes, sets]) => {
    const out = bytes.slice();
    for (const [at, value] of sets) if (out.length > 0) out[at % out.length] = value;
    return out;
  });

/** Noise, valid encodings and mutated ones, in equal parts. */
export const bytesAround = (valid: fc.Arbitrary<Uint8Array>, noiseMaxLength = 64): fc.Arbitrary<Uint8Array> =>
  fc.oneof(fc.uint8Array({ maxLength: noiseMaxLength }), valid, mutated(valid));

/** Pieces joined into one stream and cut at arbitrary points, as a serial line delivers them. */
export const chunked = (piece: fc.Arbitrary<Uint8Array>, maxPieces = 6): fc.Arbitrary<Uint8Array[]> =>
  fc.tuple(fc.array(piece, { maxLength: maxPieces }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 })).map(([pieces, cuts]) => {
    const stream = concat(pieces);
    const chunks: Uint8Array[] = [];
    for (let at = 0, i = 0; at < stream.length; i++) {
      const size = cuts[i % cuts.length]!;
      chunks.push(stream.slice(at, at + size));
      at += size;
    }
    return chunks;
  });

export const hex = (bytes: Uint8Array, max = 160): string => {
  const text = Buffer.from(bytes.subarray(0, max)).toString('hex');
  return bytes.length > max ? `${text}... (${bytes.length} bytes)` : text;
};

export const hexChunks = (chunks: readonly Uint8Array[]): string => chunks.map((c) => hex(c, 64)).join(' | ');
