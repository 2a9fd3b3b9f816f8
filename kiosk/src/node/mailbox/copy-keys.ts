/**
 * The keys of a holder's offline mailbox copy, made from what the terminal's disk does not
 * hold: the card's answer to INTERNAL AUTHENTICATE over a challenge fixed per terminal (the card
 * computes it with its own diversified key, only after VERIFY with the PIN) and the PIN. The
 * disk holds a random per-terminal salt only, so a copy taken with the disk cannot be opened
 * without the holder's card and PIN, and the file name (a value derived from the same keys)
 * does not say whose copy it is.
 *
 *   pinKey = PBKDF2-SHA256(PIN, salt, 50 000)
 *   okm    = HKDF-SHA256(ikm = card answer, salt = pinKey, info = "civic-kiosk mailbox copy v1")
 *   key    = okm[0..32] (AES-256-GCM), name = hex(okm[32..48])
 */
import { createHmac, hkdf, pbkdf2, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HOLDER_CHALLENGE_BYTES } from '@civic-kiosk/protocol/gateway';
import { writeFileAtomic } from '../files.ts';

const PIN_ITERATIONS = 50_000;
const SALT_BYTES = 32;
const INFO = 'civic-kiosk mailbox copy v1';

/** What opens one holder's copy; `wipe` zeroes the key when the person leaves. */
export interface CopyKeys {
  readonly key: Buffer;
  /** The copy's file name (hex): unlinkable to the holder without the card. */
  readonly name: string;
}

export function wipeKeys(keys: CopyKeys | undefined): void {
  keys?.key.fill(0);
}

export class CopyKeySource {
  #salt: Buffer | undefined;

  constructor(private readonly dir: string) {}

  /** Loads the terminal's salt, making one on first use. */
  async open(): Promise<void> {
    const file = path.join(this.dir, 'terminal-salt');
    let salt: Buffer | undefined;
    try {
      salt = await readFile(file);
    } catch {
      // First use (or lost): a new salt; copies made under the old one no longer open (treated as none).
    }
    if (salt?.length !== SALT_BYTES) {
      salt = randomBytes(SALT_BYTES);
      await writeFileAtomic(file, salt, 0o600);
    }
    this.#salt = salt;
  }

  get #opened(): Buffer {
    if (!this.#salt) throw new Error('CopyKeySource.open() first');
    return this.#salt;
  }

  /** The challenge the card answers for this terminal's copies: the same every time, so the card gives the same answer. */
  challengeHex(terminalId: string): string {
    return createHmac('sha256', this.#opened).update(`mailbox copy challenge\0${terminalId}`).digest().subarray(0, HOLDER_CHALLENGE_BYTES).toString('hex');
  }

  async derive(cardAnswerHex: string, pin: string): Promise<CopyKeys> {
    const pinKey = await promisify(pbkdf2)(pin, this.#opened, PIN_ITERATIONS, 32, 'sha256');
    const okm = Buffer.from(await promisify(hkdf)('sha256', Buffer.from(cardAnswerHex, 'hex'), pinKey, INFO, 48));
    pinKey.fill(0);
    const keys = { key: Buffer.from(okm.subarray(0, 32)), name: okm.subarray(32, 48).toString('hex') };
    okm.fill(0);
    return keys;
  }
}
