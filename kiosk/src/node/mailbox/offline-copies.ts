/**
 * The encrypted offline copies of holders' mailboxes under `<data dir>/mailbox/copies/`: one
 * file per holder, named by a value derived from the card's answer (copy-keys.ts), sealed with
 * AES-256-GCM. Nothing on disk names a holder or holds a subject or body in plain text. A copy
 * that fails authentication (tampered, truncated, another key) is a MailboxCopyError and the
 * caller treats it as no copy. Sizes are capped per holder (oldest messages dropped) and in
 * total (least recently opened copies deleted, by file time); copies not opened for
 * `maxAgeDays` are deleted on start and daily.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MailMessage, MailReadVoucher } from '@civic-kiosk/protocol/gateway';
import { writeFileAtomic } from '../files.ts';
import type { CopyKeys } from './copy-keys.ts';

const MAGIC = Buffer.from('CKM1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = MAGIC.length + IV_BYTES + TAG_BYTES;
const SUFFIX = '.copy';
const DAY_MS = 86_400_000;

/** What a copy holds once opened. */
export const MailboxCopy = z.strictObject({
  /** When the server gave these messages (ISO). */
  asOf: z.iso.datetime(),
  /** Newest first. */
  messages: z.array(MailMessage),
  /** The server's opaque voucher for sending read marks made on this copy. */
  readVoucher: MailReadVoucher,
});
export type MailboxCopy = z.infer<typeof MailboxCopy>;

export interface CopyLimits {
  maxMessages: number;
  maxAgeDays: number;
  maxBytesPerHolder: number;
  maxBytesTotal: number;
}

/** `damaged`: the file is there but does not open under these keys (tampered, truncated, not this card's). */
export class MailboxCopyError extends Error {
  readonly code = 'damaged';
  constructor(message: string) {
    super(message);
    this.name = 'MailboxCopyError';
  }
}

export class OfflineCopies {
  constructor(
    private readonly dir: string,
    private readonly limits: () => CopyLimits,
    private readonly now: () => number,
  ) {}

  /**
   * Seals and writes the holder's copy: messages older than `maxAgeDays` and beyond
   * `maxMessages` are left out, then the oldest go until the file fits `maxBytesPerHolder`;
   * then least recently opened copies of others are deleted until all fit `maxBytesTotal`.
   */
  async write(keys: CopyKeys, copy: MailboxCopy): Promise<void> {
    const { maxMessages, maxBytesPerHolder } = this.limits();
    let messages = this.#fresh(copy.messages).slice(0, maxMessages);
    let sealed = this.#seal(keys, { ...copy, messages });
    while (sealed.length > maxBytesPerHolder && messages.length > 0) {
      messages = messages.slice(0, Math.floor(messages.length * 0.9));
      sealed = this.#seal(keys, { ...copy, messages });
    }
    await writeFileAtomic(this.#file(keys), sealed, 0o600);
    await this.#touch(keys);
    await this.#evict(keys.name);
  }

  /**
   * The holder's copy, or undefined when there is none; marks it recently used. Messages past
   * `maxAgeDays` are dropped. Throws MailboxCopyError for a file that does not open.
   */
  async read(keys: CopyKeys): Promise<MailboxCopy | undefined> {
    let raw: Buffer;
    try {
      raw = await readFile(this.#file(keys));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const copy = this.#open(keys, raw);
    await this.#touch(keys);
    return { ...copy, messages: this.#fresh(copy.messages) };
  }

  /** Deletes the holder's copy (a damaged one, say). */
  async remove(keys: CopyKeys): Promise<void> {
    await rm(this.#file(keys), { force: true });
  }

  /** Deletes copies not opened or written for `maxAgeDays`; answers how many went. */
  async purgeExpired(): Promise<number> {
    const cutoff = this.now() - this.limits().maxAgeDays * DAY_MS;
    let purged = 0;
    for (const f of await this.#files()) {
      if (f.mtimeMs < cutoff) {
        await rm(f.file, { force: true });
        purged++;
      }
    }
    return purged;
  }

  #fresh(messages: readonly MailMessage[]): MailMessage[] {
    const since = new Date(this.now() - this.limits().maxAgeDays * DAY_MS).toISOString();
    return messages.filter((m) => m.receivedAt >= since);
  }

  /** File times are this clock's: least recently used and expiry go by them. */
  async #touch(keys: CopyKeys): Promise<void> {
    const at = new Date(this.now());
    await utimes(this.#file(keys), at, at).catch(() => undefined);
  }

  #file(keys: CopyKeys): string {
    return path.join(this.dir, `${keys.name}${SUFFIX}`);
  }

  #seal(keys: CopyKeys, copy: MailboxCopy): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keys.key, iv);
    cipher.setAAD(Buffer.concat([MAGIC, Buffer.from(keys.name)]));
    const ct = Buffer.concat([cipher.update(JSON.stringify(copy), 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), ct]);
  }

  #open(keys: CopyKeys, raw: Buffer): MailboxCopy {
    if (raw.length < HEADER || !raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new MailboxCopyError('not a mailbox copy');
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys.key, raw.subarray(MAGIC.length, MAGIC.length + IV_BYTES));
      decipher.setAAD(Buffer.concat([MAGIC, Buffer.from(keys.name)]));
      decipher.setAuthTag(raw.subarray(MAGIC.length + IV_BYTES, HEADER));
      text = Buffer.concat([decipher.update(raw.subarray(HEADER)), decipher.final()]).toString('utf8');
    } catch {
      throw new MailboxCopyError('the copy does not authenticate');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new MailboxCopyError('the copy is not JSON');
    }
    const parsed = MailboxCopy.safeParse(json);
    if (!parsed.success) throw new MailboxCopyError('the copy is not a mailbox copy');
    return parsed.data;
  }

  async #files(): Promise<{ file: string; size: number; mtimeMs: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const files = await Promise.all(
      names
        .filter((n) => n.endsWith(SUFFIX))
        .map(async (n) => {
          const file = path.join(this.dir, n);
          const s = await stat(file).catch(() => undefined);
          return s ? { file, size: s.size, mtimeMs: s.mtimeMs } : undefined;
        }),
    );
    return files.filter((f) => f !== undefined);
  }

  async #evict(keep: string): Promise<void> {
    const files = (await this.#files()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    const { maxBytesTotal } = this.limits();
    for (const f of files) {
      if (total <= maxBytesTotal) break;
      if (path.basename(f.file) === `${keep}${SUFFIX}`) continue;
      await rm(f.file, { force: true });
      total -= f.size;
    }
  }
}
