/**
 * Read marks a terminal made while offline reach the server after the holder has left, so no
 * holder session is there to carry them. The online offline-copy answer carries a voucher: the
 * citizen ID, the terminal and an expiry sealed with AES-256-GCM under a key only this server
 * has. It is opaque on the terminal's disk, good only for marking read, only from that terminal.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { HolderHasher } from '../personal-data/access-log.ts';

const Sealed = z.strictObject({ c: z.string(), t: z.string(), e: z.number() });

export class MailReadVouchers {
  constructor(
    /** 32 bytes. */
    private readonly key: Buffer,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  issue(citizenId: string, terminalId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify({ c: citizenId, t: terminalId, e: this.now() + this.ttlMs })), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
  }

  /** The citizen ID a voucher names, if it is this server's, for `terminalId`, and not expired. */
  open(voucher: string, terminalId: string): string {
    const raw = Buffer.from(voucher, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const v = Sealed.parse(JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')));
      if (v.t === terminalId && v.e > this.now()) return v.c;
    } catch {
      // Not ours, damaged or truncated: refused below like a foreign one.
    }
    throw new ApiError('mail-voucher-invalid', 403, 'the read voucher is unknown, expired or of another terminal');
  }
}

/** A voucher outlives the terminal's offline copy (30 days by default) by a day. */
const VOUCHER_TTL_MS = 31 * 86_400_000;

/** The vouchers, under a key derived from the holder-hash key (HMAC as the PRF): no new secret to configure. */
export function mailReadVouchers(hasher: HolderHasher, now: () => number): MailReadVouchers {
  return new MailReadVouchers(Buffer.from(hasher.hash('mailbox read voucher key v1'), 'hex'), now, VOUCHER_TTL_MS);
}
