import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { canonicalJson } from '../src/common/canonical-json.ts';
import {
  BadSignatureError,
  contentKeyId,
  ContentVerificationError,
  encodeManifest,
  FileMismatchError,
  missingFiles,
  releaseApplies,
  signManifest,
  TamperedManifestError,
  verifyFile,
  verifyManifest,
  type ContentPublicKey,
  type UnsignedManifest,
} from '../src/common/content-manifest.ts';
import { sha256Hex, toHex } from '../src/common/content-bytes.ts';

interface TestKey { pkcs8: Uint8Array; pub: ContentPublicKey }
async function newKey(): Promise<TestKey> {
  const k = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', k.publicKey));
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', k.privateKey));
  return { pkcs8, pub: { keyId: await contentKeyId(raw), alg: 'Ed25519', publicKey: toHex(raw) } };
}

const enc = (s: string) => new TextEncoder().encode(s);
let key: TestKey;
let other: TestKey;
let base: UnsignedManifest;
beforeAll(async () => {
  key = await newKey();
  other = await newKey();
  const index = enc('{"schemaVersion":1,"files":{}}');
  base = {
    schemaVersion: 1,
    releaseId: 'r-2025-001',
    createdAt: '2025-11-20T08:00:00.000Z',
    targets: ['all'],
    files: [{ path: 'index.json', sha256: await sha256Hex(index), size: index.byteLength, type: 'application/json' }],
  };
});

const fileArb = fc.record({
  path: fc.stringMatching(/^[a-z0-9]{1,12}\/[a-z0-9]{1,12}\.json$/),
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  size: fc.nat({ max: 10_000_000 }),
  type: fc.constantFrom('application/json' as const, 'image/png' as const),
});

describe('manifest signing and verification', () => {
  it('verifies what it signed, with the kiosk seeing the same manifest', async () => {
    const signed = await signManifest({ ...base, schedule: { notBefore: '2025-12-01T00:00:00.000Z' }, targets: ['lobby', 'street'] }, key.pkcs8, key.pub.keyId);
    const back = await verifyManifest(encodeManifest(signed), [key.pub]);
    expect(back).toEqual(signed);
  });

  it('refuses a manifest signed by an untrusted key', async () => {
    const signed = await signManifest(base, other.pkcs8, other.pub.keyId);
    await expect(verifyManifest(encodeManifest(signed), [key.pub])).rejects.toMatchObject({ code: 'manifest-unknown-key' });
    const forged = await signManifest(base, other.pkcs8, key.pub.keyId);
    await expect(verifyManifest(encodeManifest(forged), [key.pub])).rejects.toBeInstanceOf(BadSignatureError);
  });

  it('detects a changed file hash even when the JSON stays valid', async () => {
    const signed = await signManifest(base, key.pkcs8, key.pub.keyId);
    const tampered = { ...signed, files: [{ ...signed.files[0]!, sha256: 'b'.repeat(64) }] };
    await expect(verifyManifest(enc(canonicalJson(tampered)), [key.pub])).rejects.toMatchObject({ code: 'manifest-bad-signature' });
  });

  it('refuses re-formatted (non-canonical) bytes', async () => {
    const signed = await signManifest(base, key.pkcs8, key.pub.keyId);
    await expect(verifyManifest(enc(JSON.stringify(signed, null, 2)), [key.pub])).rejects.toMatchObject({ code: 'manifest-not-canonical' });
  });

  it('refuses an oversized manifest before parsing it', async () => {
    await expect(verifyManifest(new Uint8Array(2 * 1024 * 1024), [key.pub])).rejects.toMatchObject({ code: 'manifest-oversized' });
  });

  it('property: changing any byte of a signed manifest gives a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { maxLength: 5 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (extra, pos, delta) => {
        const paths = new Set(['index.json']);
        const files = [...base.files, ...extra.filter((f) => !paths.has(f.path) && paths.add(f.path))];
        const bytes = encodeManifest(await signManifest({ ...base, files }, key.pkcs8, key.pub.keyId));
        const i = pos % bytes.length;
        bytes[i] = (bytes[i]! + delta) % 256;
        const err = await verifyManifest(bytes, [key.pub]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ContentVerificationError);
      }),
      { numRuns: 150 },
    );
  });

  it('property: arbitrary bytes or JSON never crash the verifier', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.json().map(enc)), async (bytes) => {
        const err = await verifyManifest(bytes, [key.pub]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(TamperedManifestError);
      }),
    );
  });
});

describe('file verification', () => {
  it('accepts the right bytes and names the problem for wrong ones', async () => {
    const data = enc('hello');
    const entry = { path: 'a.json', sha256: await sha256Hex(data), size: 5, type: 'application/json' as const };
    await expect(verifyFile(entry, data)).resolves.toBeUndefined();
    await expect(verifyFile(entry, enc('hellO'))).rejects.toMatchObject({ code: 'content-hash-mismatch', path: 'a.json' });
    await expect(verifyFile(entry, enc('hell'))).rejects.toMatchObject({ code: 'content-size-mismatch' });
    await expect(verifyFile(entry, enc('hello!'))).rejects.toBeInstanceOf(FileMismatchError);
    await expect(verifyFile(entry, enc('hello!'))).rejects.toMatchObject({ code: 'content-oversized' });
  });

  it('property: any single-byte change of a file is detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (data, pos, delta) => {
        const entry = { path: 'f.json', sha256: await sha256Hex(data), size: data.length, type: 'application/json' as const };
        const copy = data.slice();
        copy[pos % copy.length] = (copy[pos % copy.length]! + delta) % 256;
        await expect(verifyFile(entry, copy)).rejects.toMatchObject({ code: 'content-hash-mismatch' });
      }),
      { numRuns: 100 },
    );
  });
});

describe('release selection', () => {
  it('fetches only files whose hash the terminal lacks, once each', () => {
    const f = (path: string, sha: string) => ({ path, sha256: sha.repeat(64), size: 1, type: 'application/json' as const });
    const next = { files: [f('index.json', 'a'), f('b.json', 'b'), f('c.json', 'c'), f('c2.json', 'c')] };
    expect(missingFiles(next, new Set(['a'.repeat(64)])).map((x) => x.path)).toEqual(['b.json', 'c.json']);
  });

  it('applies by target group and schedule', () => {
    const m = { targets: ['lobby'], schedule: { notBefore: '2025-12-01T00:00:00Z' } };
    expect(releaseApplies(m, ['lobby'], Date.parse('2025-11-30T00:00:00Z'))).toBe(false);
    expect(releaseApplies(m, ['lobby'], Date.parse('2025-12-01T00:00:00Z'))).toBe(true);
    expect(releaseApplies(m, ['street'], Date.parse('2025-12-02T00:00:00Z'))).toBe(false);
    expect(releaseApplies({ targets: ['all'] }, [], 0)).toBe(true);
  });
});
