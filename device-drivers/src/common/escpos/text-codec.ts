/**
 * GB18030 is injected: common code cannot load a codec package, so the node layer supplies
 * one built on iconv-lite (src/node/gb18030.ts). Decoding uses the runtime's TextDecoder,
 * which every JS runtime the kiosk targets (Node, Chromium) ships with GB18030 support.
 */
export interface GbTextEncoder {
  encode(text: string): Uint8Array;
}

export interface GbTextDecoder {
  decode(bytes: Uint8Array): string;
}

type DecoderCtor = new (label: string) => { decode(bytes: Uint8Array): string };
type EncoderCtor = new () => { encode(text: string): Uint8Array };

function runtimeGlobal<T>(name: string): T {
  const value = (globalThis as Record<string, unknown>)[name];
  if (typeof value !== 'function') throw new Error(`this runtime has no ${name}`);
  return value as T;
}

/** The runtime's GB18030 decoder (WHATWG TextDecoder). */
export function runtimeGb18030Decoder(): GbTextDecoder {
  const Decoder = runtimeGlobal<DecoderCtor>('TextDecoder');
  return new Decoder('gb18030');
}

/** QR payloads and scanned codes travel as UTF-8. */
export function utf8Encode(text: string): Uint8Array {
  const Encoder = runtimeGlobal<EncoderCtor>('TextEncoder');
  return new Encoder().encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  const Decoder = runtimeGlobal<DecoderCtor>('TextDecoder');
  return new Decoder('utf-8').decode(bytes);
}
