/**
 * A GBK encoder for the simulators, built once from the platform's GB18030 decoder (the common
 * layer has no iconv): every two-byte GBK code is decoded and the inverse map kept.
 */

declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };

let table: Map<string, number> | undefined;

function buildTable(): Map<string, number> {
  const map = new Map<string, number>();
  const decoder = new TextDecoder('gb18030');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const char = decoder.decode(pair);
      if (char.length === 1 && char !== '\ufffd' && !map.has(char)) map.set(char, (lead << 8) | trail);
    }
  }
  return map;
}

export class GbkEncodeError extends Error {
  override readonly name = 'GbkEncodeError';
  readonly code = 'not-gbk';
}

/** Encodes `text` as GBK, zero-padded to `length` bytes. */
export function encodeGbk(text: string, length: number): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code < 0x80) out.push(code);
    else {
      const gbk = table.get(char);
      if (gbk === undefined) throw new GbkEncodeError(`"${char}" has no GBK code`);
      out.push(gbk >> 8, gbk & 0xff);
    }
  }
  if (out.length > length) throw new GbkEncodeError(`"${text}" needs ${out.length} bytes, the field has ${length}`);
  const bytes = new Uint8Array(length);
  bytes.set(out);
  return bytes;
}
