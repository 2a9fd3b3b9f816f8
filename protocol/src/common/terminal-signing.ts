import { TerminalHeaders } from './terminal-api.ts';

/**
 * Request signing for the terminal API with Ed25519 over WebCrypto, so the kiosk (Chromium or
 * Node) and the server run the same code. Pure: the caller passes time, nonce and keys in.
 */

/** The slice of WebCrypto's SubtleCrypto used here (the common layer has no DOM typings). */
export interface Subtle {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
  sign(algorithm: { name: string }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: { name: string }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  exportKey(format: 'raw', key: unknown): Promise<ArrayBuffer>;
  generateKey(algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
}

/** WebCrypto of the running platform (Node >= 20, Chromium). */
export function platformSubtle(): Subtle {
  const c = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (!c?.subtle) throw new Error('WebCrypto (crypto.subtle) is not available');
  return c.subtle;
}

const ED25519 = { name: 'Ed25519' };
const SIGNATURE_VERSION = 'CK1-ED25519';
const encoder = new TextEncoder();

export interface SignedRequestParts {
  method: string;
  /** Path and query exactly as sent on the request line, e.g. `/api/terminal/v1/push?x=1`. */
  pathWithQuery: string;
  terminalId: string;
  timestamp: number;
  nonce: string;
  /** The body bytes; empty for a request without one. */
  body: Uint8Array;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** Decodes base64url without padding; undefined for anything that is not. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of text) {
    const v = B64_INDEX.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  // Leftover bits must be zero, so every byte string has exactly one encoding.
  return acc === 0 ? out : undefined;
}

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export async function sha256Hex(subtle: Subtle, body: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle.digest('SHA-256', body)));
}

/** The exact string a terminal signs: one field per line, body as its SHA-256 digest. */
export function canonicalRequest(parts: Omit<SignedRequestParts, 'body'>, bodyDigestHex: string): string {
  return [SIGNATURE_VERSION, parts.method.toUpperCase(), parts.pathWithQuery, parts.terminalId, String(parts.timestamp), parts.nonce, bodyDigestHex].join('\n');
}

export interface TerminalKeyPair {
  privateKey: unknown;
  publicKey: unknown;
  /** Raw public key, base64url, as sent at enrolment. */
  publicKeyText: string;
}

export async function generateTerminalKeyPair(subtle: Subtle = platformSubtle(), extractable = false): Promise<TerminalKeyPair> {
  const pair = (await subtle.generateKey(ED25519, extractable, ['sign', 'verify'])) as { privateKey: unknown; publicKey: unknown };
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyText: toBase64Url(raw) };
}

export async function importTerminalPublicKey(publicKeyText: string, subtle: Subtle = platformSubtle()): Promise<unknown> {
  const raw = fromBase64Url(publicKeyText);
  if (!raw || raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return subtle.importKey('raw', raw, ED25519, false, ['verify']);
}

/** A fresh random nonce (16 bytes, base64url). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
  return toBase64Url(bytes);
}

/** Signs a request and returns the headers to send with it. */
export async function signRequest(parts: SignedRequestParts, privateKey: unknown, subtle: Subtle = platformSubtle()): Promise<Record<string, string>> {
  const digest = await sha256Hex(subtle, parts.body);
  const signature = new Uint8Array(await subtle.sign(ED25519, privateKey, encoder.encode(canonicalRequest(parts, digest))));
  return {
    [TerminalHeaders.terminalId]: parts.terminalId,
    [TerminalHeaders.timestamp]: String(parts.timestamp),
    [TerminalHeaders.nonce]: parts.nonce,
    [TerminalHeaders.signature]: toBase64Url(signature),
  };
}

/** True when `signatureText` is the terminal's signature over the request. */
export async function verifyRequest(parts: SignedRequestParts, signatureText: string, publicKey: unknown, subtle: Subtle = platformSubtle()): Promise<boolean> {
  const signature = fromBase64Url(signatureText);
  if (!signature || signature.length !== 64) return false;
  const digest = await sha256Hex(subtle, parts.body);
  return subtle.verify(ED25519, publicKey, signature, encoder.encode(canonicalRequest(parts, digest)));
}

/** Reads the signature headers; undefined when any is missing. */
export function readSignatureHeaders(headers: Record<string, string | string[] | undefined>):
  | { terminalId: string; timestamp: string; nonce: string; signature: string }
  | undefined {
  const get = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v.length > 0 ? v : undefined;
  };
  const terminalId = get(TerminalHeaders.terminalId);
  const timestamp = get(TerminalHeaders.timestamp);
  const nonce = get(TerminalHeaders.nonce);
  const signature = get(TerminalHeaders.signature);
  if (!terminalId || !timestamp || !nonce || !signature) return undefined;
  return { terminalId, timestamp, nonce, signature };
}
