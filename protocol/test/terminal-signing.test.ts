import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnrolRequest, HeartbeatRequest } from '../src/common/terminal-api.ts';
import { canonicalRequest, fromBase64Url, generateTerminalKeyPair, importTerminalPublicKey, signRequest, toBase64Url, verifyRequest } from '../src/common/terminal-signing.ts';
import type { SignedRequestParts } from '../src/common/terminal-signing.ts';

const enc = new TextEncoder();

function parts(overrides: Partial<SignedRequestParts> = {}): SignedRequestParts {
  return {
    method: 'POST',
    pathWithQuery: '/api/terminal/v1/heartbeat',
    terminalId: '8d1f6c1e-terminal',
    timestamp: 1_764_000_000_000,
    nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
    body: enc.encode('{"appVersion":"1.4.0"}'),
    ...overrides,
  };
}

describe('base64url', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('decodes any string to bytes that encode back to it, or refuses it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const bytes = fromBase64Url(text);
        if (bytes !== undefined) expect(toBase64Url(bytes)).toBe(text);
      }),
    );
  });
});

describe('request signatures', () => {
  it('verifies what it signed and nothing else', async () => {
    const keys = await generateTerminalKeyPair();
    const publicKey = await importTerminalPublicKey(keys.publicKeyText);
    const base = parts();
    const headers = await signRequest(base, keys.privateKey);
    const signature = headers['x-ck-signature']!;
    expect(await verifyRequest(base, signature, publicKey)).toBe(true);
    const changed: Partial<SignedRequestParts>[] = [
      { method: 'PUT' },
      { pathWithQuery: '/api/terminal/v1/heartbeat?a=1' },
      { terminalId: 'another' },
      { timestamp: base.timestamp + 1 },
      { nonce: 'bm9uY2Utbm9uY2Utbm9uY2X' },
      { body: enc.encode('{"appVersion":"1.4.1"}') },
    ];
    for (const c of changed) expect(await verifyRequest(parts(c), signature, publicKey)).toBe(false);
    const other = await generateTerminalKeyPair();
    expect(await verifyRequest(base, signature, await importTerminalPublicKey(other.publicKeyText))).toBe(false);
  });

  it('puts each field on its own line so fields cannot run into each other', () => {
    expect(canonicalRequest(parts(), 'ab12')).toBe('CK1-ED25519\nPOST\n/api/terminal/v1/heartbeat\n8d1f6c1e-terminal\n1764000000000\nbm9uY2Utbm9uY2Utbm9uY2U\nab12');
  });

  it('answers false, never throws, for any garbage signature', async () => {
    const keys = await generateTerminalKeyPair();
    const publicKey = await importTerminalPublicKey(keys.publicKeyText);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (signature) => {
        expect(await verifyRequest(parts(), signature, publicKey)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses public keys that are not 32 bytes with a clear error', async () => {
    await expect(importTerminalPublicKey('AAAA')).rejects.toThrow(/32 bytes/);
  });
});

describe('wire schemas', () => {
  it('accept a typical heartbeat and refuse unknown device kinds and screen modes', () => {
    const hb = { appVersion: '1.4.0', contentVersion: null, devices: { 'receipt-printer': { state: 'degraded', reasons: ['paper-near-end'] } }, screen: { mode: 'session', service: 'bills' }, uptimeSeconds: 10, freeDiskBytes: 1 };
    expect(HeartbeatRequest.safeParse(hb).success).toBe(true);
    expect(HeartbeatRequest.safeParse({ ...hb, devices: { toaster: { state: 'ready' } } }).success).toBe(false);
    expect(HeartbeatRequest.safeParse({ ...hb, screen: { mode: 'dancing' } }).success).toBe(false);
  });

  it('accept only well-formed enrolment codes and 32-byte keys', () => {
    const key = toBase64Url(new Uint8Array(32));
    expect(EnrolRequest.safeParse({ code: 'AB2C-DE3F-GH4J-KL5M', publicKey: key, appVersion: '1' }).success).toBe(true);
    expect(EnrolRequest.safeParse({ code: 'AB0C-DE3F-GH4J-KL5M', publicKey: key, appVersion: '1' }).success).toBe(false);
    expect(EnrolRequest.safeParse({ code: 'AB2C-DE3F-GH4J-KL5M', publicKey: key.slice(1), appVersion: '1' }).success).toBe(false);
  });
});
