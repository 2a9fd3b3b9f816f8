/**
 * Content release manifests: schema, canonical form, Ed25519 signing and verification.
 * The server signs with this code and the kiosk verifies with the same code.
 *
 * A manifest's wire form IS its canonical JSON (keys sorted, no whitespace, JSON.stringify
 * escaping), and the signature covers the canonical JSON of the manifest without its
 * `signature` field, prefixed by a domain string. The verifier refuses non-canonical bytes,
 * so changing any byte of a signed manifest yields a typed error, never a different valid
 * manifest. Files are content-addressed: a file verifies when its size and sha256 match.
 */
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { fromHex, sha256Hex, subtle, toHex, utf8Decode, utf8Encode } from './content-bytes.ts';
import { CONTENT_INDEX_PATH, FileHash, IsoDateTime } from './content.ts';

/** Domain separation: a manifest signature can never be mistaken for another signed object. */
const SIGNING_CONTEXT = 'civic-kiosk/content-manifest/v1\n';

/** Limits a terminal enforces before it downloads or parses anything big. */
export const MANIFEST_LIMITS = {
  manifestBytes: 1024 * 1024,
  files: 5000,
  fileBytes: 512 * 1024 * 1024,
} as const;

export const ReleaseId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'release id of letters, digits, dot, dash, underscore');
export const GroupName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'group name of lower-case letters, digits and dashes');

export const ManifestFile = z.strictObject({
  /** Logical path inside the release, e.g. `guides.json`, `images/winter.svg`. */
  path: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._/-]{0,199}$/, 'relative lower-case path')
    .refine((p) => !p.split('/').some((s) => s === '..' || s === '.' || s === ''), 'no empty, . or .. segments'),
  sha256: FileHash,
  size: z.number().int().min(0).max(MANIFEST_LIMITS.fileBytes),
  /** Media type: application/json, image/svg+xml, image/png, image/jpeg, image/webp, video/mp4, video/webm. */
  type: z.enum(['application/json', 'image/svg+xml', 'image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm']),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const ManifestSignature = z.strictObject({
  alg: z.literal('Ed25519'),
  /** Which server key signed: first 16 hex digits of the sha256 of the raw public key. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** 64-byte signature as 128 lower-case hex digits (hex, not base64: one spelling per value). */
  value: z.string().regex(/^[0-9a-f]{128}$/),
});
export type ManifestSignature = z.infer<typeof ManifestSignature>;

const UnsignedShape = {
  schemaVersion: z.literal(1),
  releaseId: ReleaseId,
  createdAt: IsoDateTime,
  /** The release may not be shown before `notBefore`. */
  schedule: z.strictObject({ notBefore: IsoDateTime.optional() }).optional(),
  /** Terminal groups the release is for; `all` targets every terminal. */
  targets: z.array(GroupName).min(1).max(100),
  files: z
    .array(ManifestFile)
    .min(1)
    .max(MANIFEST_LIMITS.files)
    .refine((fs) => new Set(fs.map((f) => f.path)).size === fs.length, 'duplicate path')
    .refine((fs) => fs.some((f) => f.path === CONTENT_INDEX_PATH), `no ${CONTENT_INDEX_PATH}`),
};
export const UnsignedManifest = z.strictObject(UnsignedShape);
export type UnsignedManifest = z.infer<typeof UnsignedManifest>;
export const ContentManifest = z.strictObject({ ...UnsignedShape, signature: ManifestSignature });
export type ContentManifest = z.infer<typeof ContentManifest>;

// ---- typed errors ----------------------------------------------------------------------

export type ContentErrorCode =
  | 'manifest-oversized'
  | 'manifest-malformed'
  | 'manifest-not-canonical'
  | 'manifest-unknown-key'
  | 'manifest-bad-signature'
  | 'content-oversized'
  | 'content-size-mismatch'
  | 'content-hash-mismatch';

/** Base of every content verification error. */
export class ContentVerificationError extends Error {
  constructor(
    readonly code: ContentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContentVerificationError';
  }
}
/** The manifest bytes are not a well-formed, canonical manifest (tampered or corrupted). */
export class TamperedManifestError extends ContentVerificationError {}
/** The manifest is well-formed but not signed by a trusted key. */
export class BadSignatureError extends ContentVerificationError {}
/** A file's bytes do not match its manifest entry. */
export class FileMismatchError extends ContentVerificationError {
  constructor(
    code: 'content-oversized' | 'content-size-mismatch' | 'content-hash-mismatch',
    readonly path: string,
    message: string,
  ) {
    super(code, message);
  }
}

function signingBytes(m: UnsignedManifest): Uint8Array<ArrayBuffer> {
  return utf8Encode(SIGNING_CONTEXT + canonicalJson(m));
}

// ---- keys ------------------------------------------------------------------------------

/** A public key a terminal trusts, as the server publishes it. */
export const ContentPublicKey = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  alg: z.literal('Ed25519'),
  /** Raw 32-byte public key as 64 hex digits. */
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ContentPublicKey = z.infer<typeof ContentPublicKey>;

// ---- routes ----------------------------------------------------------------------------

/** Where a terminal gets its releases (signed request) and their files (public, content-addressed, with Range). */
export const CONTENT_PATHS = {
  manifest: '/api/terminal/content/manifest',
  file: (sha256: string) => `/api/content/files/${sha256}`,
} as const;

/**
 * The answer of CONTENT_PATHS.manifest: the release the terminal should show now and the next
 * one scheduled for its group, and the keys that sign releases.
 */
export const ContentManifestAnswer = z.object({ current: ContentManifest.nullable(), upcoming: ContentManifest.nullable(), keys: z.array(ContentPublicKey) });
export type ContentManifestAnswer = z.infer<typeof ContentManifestAnswer>;

/** keyId of a raw Ed25519 public key. */
export async function contentKeyId(rawPublicKey: Uint8Array): Promise<string> {
  return (await sha256Hex(rawPublicKey)).slice(0, 16);
}

/** Sign a manifest with a PKCS#8-encoded Ed25519 private key. */
export async function signManifest(manifest: UnsignedManifest, privateKeyPkcs8: Uint8Array, keyId: string): Promise<ContentManifest> {
  const unsigned = UnsignedManifest.parse(manifest);
  const key = await subtle().importKey('pkcs8', new Uint8Array(privateKeyPkcs8), { name: 'Ed25519' }, false, ['sign']);
  const sig = await subtle().sign({ name: 'Ed25519' }, key, signingBytes(unsigned));
  return { ...unsigned, signature: { alg: 'Ed25519', keyId, value: toHex(new Uint8Array(sig)) } };
}

/** The bytes a server sends and a terminal stores: the canonical JSON. */
export function encodeManifest(manifest: ContentManifest): Uint8Array<ArrayBuffer> {
  return utf8Encode(canonicalJson(manifest));
}

/**
 * Parse and verify signed manifest bytes against the trusted keys.
 * Throws TamperedManifestError or BadSignatureError (both ContentVerificationError), nothing else.
 */
export async function verifyManifest(bytes: Uint8Array, trusted: readonly ContentPublicKey[]): Promise<ContentManifest> {
  if (bytes.byteLength > MANIFEST_LIMITS.manifestBytes) {
    throw new TamperedManifestError('manifest-oversized', `manifest of ${bytes.byteLength} bytes exceeds ${MANIFEST_LIMITS.manifestBytes}`);
  }
  let text: string;
  let raw: unknown;
  try {
    text = utf8Decode(bytes);
    raw = JSON.parse(text);
  } catch (e) {
    throw new TamperedManifestError('manifest-malformed', `manifest is not UTF-8 JSON: ${(e as Error).message}`);
  }
  const parsed = ContentManifest.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new TamperedManifestError('manifest-malformed', `manifest invalid at ${first?.path.join('.')}: ${first?.message}`);
  }
  if (canonicalJson(raw) !== text) throw new TamperedManifestError('manifest-not-canonical', 'manifest bytes are not in canonical form');
  const { signature, ...unsigned } = parsed.data;
  const key = trusted.find((k) => k.keyId === signature.keyId);
  if (!key) throw new BadSignatureError('manifest-unknown-key', `manifest signed by unknown key ${signature.keyId}`);
  let ok = false;
  try {
    const pub = await subtle().importKey('raw', fromHex(key.publicKey) ?? new Uint8Array(0), { name: 'Ed25519' }, false, ['verify']);
    ok = await subtle().verify({ name: 'Ed25519' }, pub, fromHex(signature.value) ?? new Uint8Array(0), signingBytes(unsigned));
  } catch {
    ok = false;
  }
  if (!ok) throw new BadSignatureError('manifest-bad-signature', 'manifest signature does not verify');
  return parsed.data;
}

/** Stop a download early: throws once more bytes arrived than the manifest declares. */
export function assertWithinSize(entry: ManifestFile, receivedBytes: number): void {
  if (receivedBytes > entry.size) {
    throw new FileMismatchError('content-oversized', entry.path, `${entry.path}: received ${receivedBytes} bytes, manifest says ${entry.size}`);
  }
}

/** Verify a downloaded file against its manifest entry. Throws FileMismatchError. */
export async function verifyFile(entry: ManifestFile, bytes: Uint8Array): Promise<void> {
  assertWithinSize(entry, bytes.byteLength);
  if (bytes.byteLength !== entry.size) {
    throw new FileMismatchError('content-size-mismatch', entry.path, `${entry.path}: ${bytes.byteLength} bytes, manifest says ${entry.size}`);
  }
  const got = await sha256Hex(bytes);
  if (got !== entry.sha256) throw new FileMismatchError('content-hash-mismatch', entry.path, `${entry.path}: sha256 ${got} does not match the manifest`);
}

/**
 * Files of `next` a holder of `have` must still fetch, deduplicated by hash: a file whose
 * hash the terminal already has (under any path) is not downloaded again.
 */
export function missingFiles(next: Pick<ContentManifest, 'files'>, haveHashes: ReadonlySet<string>): ManifestFile[] {
  const seen = new Set<string>();
  return next.files.filter((f) => {
    if (haveHashes.has(f.sha256) || seen.has(f.sha256)) return false;
    seen.add(f.sha256);
    return true;
  });
}

/** Whether a terminal in `groups` should take the release at `nowMs`. */
export function releaseApplies(m: Pick<ContentManifest, 'targets' | 'schedule'>, groups: readonly string[], nowMs: number): boolean {
  const targeted = m.targets.includes('all') || m.targets.some((t) => groups.includes(t));
  const due = !m.schedule?.notBefore || Date.parse(m.schedule.notBefore) <= nowMs;
  return targeted && due;
}
