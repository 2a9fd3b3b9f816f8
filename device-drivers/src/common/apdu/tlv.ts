/** BER-TLV as used in FCI templates: 1-2 byte tags, short or 81/82 long lengths, nesting. */

export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
  readonly children?: readonly Tlv[];
}

export class TlvError extends Error {
  override readonly name = 'TlvError';
  readonly code = 'bad-tlv';
}

const MAX_DEPTH = 8;

export function parseTlv(bytes: Uint8Array, depth = 0): Tlv[] {
  if (depth > MAX_DEPTH) throw new TlvError('TLV nested too deeply');
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    // 00 and FF are padding between objects.
    if (bytes[i] === 0x00 || bytes[i] === 0xff) {
      i++;
      continue;
    }
    const first = bytes[i++]!;
    let tag = first;
    if ((first & 0x1f) === 0x1f) {
      if (i >= bytes.length) throw new TlvError('TLV ends inside a tag');
      // Bit 8 set means a third tag byte follows: read as two, its last byte would pass for the length.
      if (bytes[i]! & 0x80) throw new TlvError('TLV tags longer than two bytes are not supported');
      tag = (first << 8) | bytes[i++]!;
    }
    if (i >= bytes.length) throw new TlvError('TLV ends before a length');
    let length = bytes[i++]!;
    if (length === 0x81 || length === 0x82) {
      const n = length - 0x80;
      if (i + n > bytes.length) throw new TlvError('TLV ends inside a length');
      length = n === 1 ? bytes[i]! : (bytes[i]! << 8) | bytes[i + 1]!;
      i += n;
    } else if (length >= 0x80) {
      // 80 is the indefinite form (BER, never ISO 7816-4), not a length of 128.
      throw new TlvError(`unsupported TLV length byte ${length.toString(16)}`);
    }
    if (i + length > bytes.length) throw new TlvError(`TLV value of ${length} bytes runs past the end`);
    const value = bytes.slice(i, i + length);
    i += length;
    const constructed = ((tag > 0xff ? tag >> 8 : tag) & 0x20) !== 0;
    out.push(constructed ? { tag, value, children: parseTlv(value, depth + 1) } : { tag, value });
  }
  return out;
}

/** Depth-first search for `tag`. */
export function findTlv(objects: readonly Tlv[], tag: number): Tlv | undefined {
  for (const o of objects) {
    if (o.tag === tag) return o;
    const inner = o.children && findTlv(o.children, tag);
    if (inner) return inner;
  }
  return undefined;
}
