/**
 * A CardAuthenticator for 3.00 cards that uses a PSAM (the terminal's secure access module,
 * usually in the reader's second slot). The kiosk never holds a key: the card and the PSAM
 * prove themselves to each other and the host only carries challenges and cryptograms.
 *
 * The user-card side (GET CHALLENGE, INTERNAL AUTHENTICATE `00 88 00 00 10`, EXTERNAL
 * AUTHENTICATE `00 82 00 0A 10`) follows ISO 7816-4 and protocols.md. The PSAM's own command
 * set differs between PSAM issuers; the one below is the one our simulator models and is kept
 * in PSAM_COMMANDS so a field PSAM's manual can replace it in one place.
 */
import { encodeCommandApdu, type CommandApdu } from '../apdu/apdu.ts';
import type { ApduExchanger } from '../apdu/exchanger.ts';
import { swHex } from '../apdu/status-words.ts';
import { SocialSecurityCardError } from './errors.ts';
import type { CardAuthenticator } from './social-security-card.ts';

const CHALLENGE_LENGTH = 16;

export const CARD_AUTH_COMMANDS = {
  getChallenge: (): CommandApdu => ({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: CHALLENGE_LENGTH }),
  internalAuthenticate: (challenge: Uint8Array): CommandApdu => ({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge }),
  /** P2 0A: the external-authentication key of the SSSE application. */
  externalAuthenticate: (cryptogram: Uint8Array): CommandApdu => ({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x0a, data: cryptogram }),
} as const;

export const PSAM_COMMANDS = {
  getChallenge: (): CommandApdu => ({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: CHALLENGE_LENGTH }),
  /** Derives the card's keys from its 16-character identification code. */
  diversify: (cardIdentificationCode: Uint8Array): CommandApdu => ({ cla: 0x80, ins: 0x1a, p1: 0x45, p2: 0x01, data: cardIdentificationCode }),
  /** Checks the card's answer to the PSAM's challenge: data = challenge | cryptogram. */
  verifyCard: (challengeAndCryptogram: Uint8Array): CommandApdu => ({ cla: 0x80, ins: 0xfa, p1: 0x01, p2: 0x00, data: challengeAndCryptogram }),
  /** Answers the card's challenge with the terminal's cryptogram. */
  signChallenge: (challenge: Uint8Array): CommandApdu => ({ cla: 0x80, ins: 0xfa, p1: 0x00, p2: 0x00, data: challenge, le: CHALLENGE_LENGTH }),
} as const;

export class PsamAuthenticator implements CardAuthenticator {
  /** Powered once and kept: a PSAM stays in the reader; any PSAM failure powers it afresh next time. */
  private psam: ApduExchanger | undefined;

  /** `openPsam` powers the PSAM up and returns a channel to it; errors mean "unavailable". */
  constructor(private readonly openPsam: () => Promise<ApduExchanger>) {}

  async authenticate(card: ApduExchanger, context: { readonly cardIdentificationCode: string }): Promise<void> {
    try {
      await this.run(card, context.cardIdentificationCode);
    } catch (e) {
      if (e instanceof SocialSecurityCardError && e.code === 'authenticator-unavailable') this.psam = undefined;
      throw e;
    }
  }

  private async run(card: ApduExchanger, cardIdentificationCode: string): Promise<void> {
    const psam = (this.psam ??= await this.psamStep(() => this.openPsam(), 'power on the PSAM'));
    await this.psamCommand(psam, PSAM_COMMANDS.diversify(ascii(cardIdentificationCode)), 'diversify');

    const psamChallenge = await this.psamCommand(psam, PSAM_COMMANDS.getChallenge(), 'PSAM challenge');
    const cardProof = await cardCommand(card, CARD_AUTH_COMMANDS.internalAuthenticate(psamChallenge), 'INTERNAL AUTHENTICATE');
    await this.psamCommand(psam, PSAM_COMMANDS.verifyCard(concat(psamChallenge, cardProof)), 'card verification', 'authentication-failed');

    const cardChallenge = await cardCommand(card, CARD_AUTH_COMMANDS.getChallenge(), 'card challenge');
    const terminalProof = await this.psamCommand(psam, PSAM_COMMANDS.signChallenge(cardChallenge), 'terminal cryptogram');
    await cardCommand(card, CARD_AUTH_COMMANDS.externalAuthenticate(terminalProof), 'EXTERNAL AUTHENTICATE');
  }

  private async psamCommand(psam: ApduExchanger, command: CommandApdu, what: string, failure: 'authenticator-unavailable' | 'authentication-failed' = 'authenticator-unavailable'): Promise<Uint8Array> {
    const r = await this.psamStep(() => psam.exchange(command), what);
    if (r.sw !== 0x9000) throw new SocialSecurityCardError(failure, `PSAM ${what} (${hexHead(command)}) answered ${swHex(r.sw)}`);
    return r.data;
  }

  /** Any failure talking to the PSAM is the authenticator's, never the user card's. */
  private async psamStep<T>(step: () => Promise<T>, what: string): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof SocialSecurityCardError) throw e;
      throw new SocialSecurityCardError('authenticator-unavailable', `PSAM: cannot ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function cardCommand(card: ApduExchanger, command: CommandApdu, what: string): Promise<Uint8Array> {
  const r = await card.exchange(command);
  if (r.sw !== 0x9000) throw new SocialSecurityCardError('authentication-failed', `${what} answered ${swHex(r.sw)}`);
  return r.data;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function hexHead(command: CommandApdu): string {
  return Array.from(encodeCommandApdu(command).subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
