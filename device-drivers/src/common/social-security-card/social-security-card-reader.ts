/**
 * Reads a social-security card in a CCID reader and hands back a CardReadResult: the one API
 * the CLI and the device manager use. Every failure becomes a CardErrorCode; nothing throws.
 */
import { toHex } from '@civic-kiosk/protocol/content-bytes';
import { ApduError } from '../apdu/apdu.ts';
import { AtrError, parseAtr } from '../apdu/atr.ts';
import { ApduExchanger } from '../apdu/exchanger.ts';
import { TlvError } from '../apdu/tlv.ts';
import type { CcidReader } from '../ccid/ccid-reader.ts';
import { CcidReaderError } from '../ccid/ccid-reader.ts';
import type { CardErrorCode, CardReadResult, SocialSecurityCardData } from '../device-results.ts';
import { SocialSecurityCardError, type SocialSecurityCardErrorCode } from './errors.ts';
import { PsamAuthenticator } from './psam-authenticator.ts';
import { SocialSecurityCard, type CardAuthenticator, type SocialSecurityCardRecord } from './social-security-card.ts';

export interface SocialSecurityCardReaderOptions {
  readonly slot?: number;
  readonly psamSlot?: number;
  /** Defaults to a PsamAuthenticator on `psamSlot`; a key service can be plugged in instead. */
  readonly authenticator?: CardAuthenticator;
}

const CARD_ERRORS: Record<SocialSecurityCardErrorCode, CardErrorCode> = {
  'not-ssse': 'not-social-security-card',
  unreadable: 'unreadable',
  'wrong-pin': 'wrong-pin',
  'pin-blocked': 'pin-blocked',
  'app-locked': 'pin-blocked',
  'authentication-required': 'unreadable',
  'authentication-failed': 'unreadable',
  'authenticator-unavailable': 'unreadable',
  'bad-citizen-id': 'unreadable',
};

/** Reader errors once the card has answered its reset: a vanished card was pulled out. */
const READER_ERRORS: Record<CcidReaderError['code'], CardErrorCode> = {
  timeout: 'reader-absent',
  'reader-absent': 'reader-absent',
  'no-card': 'card-removed',
  'card-removed': 'card-removed',
  'card-mute': 'card-removed',
  'command-failed': 'unreadable',
  'corrupt-reply': 'unreadable',
};

export interface SocialSecurityReadOptions {
  /** 6 digits; VERIFY is sent once. */
  readonly pin?: string;
  /** The back office's holder challenge (16 bytes), answered after VERIFY. */
  readonly challenge?: Uint8Array;
}

export class SocialSecurityCardReader {
  private readonly slot: number;
  private readonly authenticator: CardAuthenticator;
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reader: CcidReader,
    options: SocialSecurityCardReaderOptions = {},
  ) {
    this.slot = options.slot ?? 0;
    const psamSlot = options.psamSlot ?? 1;
    this.authenticator =
      options.authenticator ??
      new PsamAuthenticator(async () => {
        parseAtr(await reader.powerOn(psamSlot));
        return new ApduExchanger(reader.channel(psamSlot));
      });
  }

  /** Card insert/remove in this reader's slot. */
  onCardEvent(listener: (event: { type: 'card-inserted' | 'card-removed' }) => void): () => void {
    return this.reader.onEvent((e) => {
      if ((e.type === 'card-inserted' || e.type === 'card-removed') && e.slot === this.slot) listener({ type: e.type });
    });
  }

  /**
   * Powers the card, verifies `pin` if given, reads it and powers it off again. With a
   * `challenge` (which needs the PIN), the card then answers it with INTERNAL AUTHENTICATE in
   * the same card session and the result carries the cryptogram (none from a 2.00 card).
   * VERIFY is sent once, never retried. Reads run one after another: two interleaved sessions
   * would select files under each other's feet.
   */
  read(options: SocialSecurityReadOptions = {}): Promise<CardReadResult<SocialSecurityCardData>> {
    if (options.challenge && options.pin === undefined) throw new TypeError('card authentication needs the PIN verified in the same card session');
    const run = this.last.then(() => this.session(options));
    this.last = run.catch(() => undefined);
    return run;
  }

  /** Powers the card down, ending any card session (the kiosk's idle wipe). Never throws. */
  endSession(): Promise<void> {
    const run = this.last.then(() => this.reader.powerOff(this.slot)).catch(() => undefined);
    this.last = run;
    return run;
  }

  private async session(options: SocialSecurityReadOptions): Promise<CardReadResult<SocialSecurityCardData>> {
    try {
      parseAtr(await this.reader.powerOn(this.slot));
    } catch (e) {
      if (e instanceof CcidReaderError) {
        if (e.code === 'no-card') return { ok: false, error: 'no-card' };
        // No answer to the reset: told apart from a card that answers but is the wrong kind.
        if (e.code === 'card-mute') return { ok: false, error: 'card-mute' };
        return { ok: false, error: READER_ERRORS[e.code] };
      }
      return fail(e);
    }
    let result: CardReadResult<SocialSecurityCardData>;
    try {
      const card = new SocialSecurityCard(new ApduExchanger(this.reader.channel(this.slot)));
      await card.selectApplication();
      if (options.pin !== undefined) await card.verifyPin(options.pin);
      const data = toCardData(await card.read(this.authenticator));
      const cryptogram = options.challenge && (await card.issuerAuthenticate(options.challenge));
      result = { ok: true, card: cryptogram ? { ...data, cryptogram: toHex(cryptogram) } : data };
    } catch (e) {
      result = fail(e);
    }
    if (result.ok || (result.error !== 'reader-absent' && result.error !== 'card-removed')) {
      // Best effort: a card left powered is harmless, a failed power-off changes nothing.
      await this.reader.powerOff(this.slot).catch(() => undefined);
    }
    return result;
  }
}

function fail(e: unknown): { ok: false; error: CardErrorCode; triesLeft?: number } {
  if (e instanceof SocialSecurityCardError) {
    const error = CARD_ERRORS[e.code];
    return e.triesLeft !== undefined ? { ok: false, error, triesLeft: e.triesLeft } : { ok: false, error };
  }
  if (e instanceof CcidReaderError) return { ok: false, error: READER_ERRORS[e.code] };
  if (e instanceof ApduError || e instanceof AtrError || e instanceof TlvError) return { ok: false, error: 'unreadable' };
  throw e;
}

export function toCardData(record: SocialSecurityCardRecord): SocialSecurityCardData {
  return {
    kind: 'social-security',
    cardNumber: record.cardNumber,
    citizenId: record.citizenId,
    name: record.name,
    sex: record.sex,
    birthDate: record.birthDate,
    issueDate: record.issueDate,
    expiryDate: record.expiryDate,
    regionCode: record.cardIdentificationCode.slice(0, 6),
    version: record.version,
  };
}
