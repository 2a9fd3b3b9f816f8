/**
 * The few runtime facilities content code needs, typed here because the common layer is
 * compiled without DOM or Node types: UTF-8 codecs and WebCrypto's SubtleCrypto (present in
 * Node 20, Electron and every current browser as `globalThis.crypto.subtle`).
 */

declare const TextDecoder: new (label: string, opts: { fatal: boolean }) => { decode(b: Uint8Array): string };
declare const TextEncoder: new () => { encode(s: string): Uint8Array };

/** Decode strict UTF-8; throws a TypeError on invalid bytes. */
export function utf8Decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Lower-case hex only; returns undefined for anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** An opaque WebCrypto key. */
export type CryptoKeyLike = object;

/** The part of SubtleCrypto used here (Ed25519 for manifests and requests, HMAC for card authentication). */
export interface SubtleLike {
  digest(alg: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  importKey(format: 'raw' | 'pkcs8', key: Uint8Array<ArrayBuffer>, alg: { name: 'Ed25519' } | { name: 'HMAC'; hash: 'SHA-256' }, extractable: boolean, usages: ('sign' | 'verify')[]): Promise<CryptoKeyLike>;
  sign(alg: { name: 'Ed25519' } | 'HMAC', key: CryptoKeyLike, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  verify(alg: { name: 'Ed25519' }, key: CryptoKeyLike, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>;
}

export function subtle(): SubtleLike {
  const c = (globalThis as unknown as { crypto?: { subtle?: SubtleLike } }).crypto;
  if (!c?.subtle) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime');
  return c.subtle;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return toHex(new Uint8Array(await subtle().digest('SHA-256', copy)));
}
