/**
 * The terminal's identity: its id and name from enrolment, the server it belongs to, and its
 * Ed25519 private key, generated here and never sent anywhere. The key is stored PKCS#8 in
 * the data dir with mode 0600 and loaded back as a non-extractable WebCrypto key.
 */
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EnrolmentCode, EnrolResponse, TerminalApiPaths, ApiErrorBody } from '@civic-kiosk/protocol/terminal-api';
import { toBase64Url } from '@civic-kiosk/protocol/terminal-signing';
import { BridgeError } from '../../common/bridge-channels.ts';
import { readJsonFile, writeFileAtomic } from '../files.ts';

export const StoredIdentity = z.object({
  terminalId: z.string().min(1),
  name: z.string(),
  location: z.string().default(''),
  /** The terminal group, which decides the content releases it gets. */
  group: z.string().default('default'),
  serverUrl: z.url(),
  publicKey: z.string(),
  enrolledAt: z.number().int(),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type StoredIdentity = z.infer<typeof StoredIdentity>;

export interface TerminalIdentity extends StoredIdentity {
  privateKey: webcrypto.CryptoKey;
}

const ED25519 = { name: 'Ed25519' } as const;

export class TerminalIdentityStore {
  readonly #identityFile: string;
  readonly #keyFile: string;

  constructor(dataDir: string) {
    this.#identityFile = path.join(dataDir, 'terminal.json');
    this.#keyFile = path.join(dataDir, 'terminal-key.pk8');
  }

  /** The stored identity, or undefined before enrolment (or when the files are unusable). */
  async load(): Promise<TerminalIdentity | undefined> {
    const parsed = StoredIdentity.safeParse(await readJsonFile(this.#identityFile));
    if (!parsed.success) return undefined;
    let pkcs8: Buffer;
    try {
      pkcs8 = await readFile(this.#keyFile);
    } catch {
      return undefined;
    }
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']);
    return { ...parsed.data, privateKey };
  }

  /**
   * Enrols with a one-time code: makes a fresh key pair, sends the public half, and stores the
   * identity only when the server accepted it. Failures are `BridgeError('enrolment-failed')`
   * with the server's error code (or `server-unreachable`) as the reason.
   */
  async enrol(serverUrl: string, rawCode: string, appVersion: string, fetchImpl: typeof fetch = fetch): Promise<TerminalIdentity> {
    const code = EnrolmentCode.safeParse(rawCode.trim().toUpperCase());
    if (!code.success) throw new BridgeError('enrolment-failed', 'the enrolment code is not well-formed', 'enrolment-code-invalid');
    const pair = (await webcrypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const publicKey = toBase64Url(new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey)));
    let response: Response;
    try {
      response = await fetchImpl(new URL(TerminalApiPaths.enrol, serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.data, publicKey, appVersion }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new BridgeError('enrolment-failed', `server not reachable: ${(e as Error).message}`, 'server-unreachable');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const err = ApiErrorBody.safeParse(body);
      const reason = err.success ? err.data.error.code : `http-${response.status}`;
      throw new BridgeError('enrolment-failed', err.success ? err.data.error.message : `server answered ${response.status}`, reason);
    }
    const accepted = EnrolResponse.safeParse(body);
    if (!accepted.success) throw new BridgeError('enrolment-failed', 'the server answer is not an enrolment', 'bad-response');
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
    const stored: StoredIdentity = {
      terminalId: accepted.data.terminalId,
      name: accepted.data.name,
      location: accepted.data.location,
      group: accepted.data.group,
      serverUrl: new URL(serverUrl).origin,
      publicKey,
      enrolledAt: Date.now(),
      heartbeatIntervalMs: accepted.data.heartbeatIntervalMs,
    };
    // Key first: an identity file without its key would be an enrolment that cannot sign.
    await writeFileAtomic(this.#keyFile, pkcs8, 0o600);
    await writeFileAtomic(this.#identityFile, JSON.stringify(stored, null, 2), 0o600);
    const identity = await this.load();
    if (!identity) throw new BridgeError('internal', 'enrolment stored but could not be read back');
    return identity;
  }

  /** Keeps the interval the server asks for in later heartbeats. */
  async updateInterval(identity: TerminalIdentity, heartbeatIntervalMs: number): Promise<void> {
    if (identity.heartbeatIntervalMs === heartbeatIntervalMs) return;
    identity.heartbeatIntervalMs = heartbeatIntervalMs;
    const { privateKey: _key, ...stored } = identity;
    await writeFileAtomic(this.#identityFile, JSON.stringify(stored, null, 2), 0o600);
  }
}
