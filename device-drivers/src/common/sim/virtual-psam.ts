/**
 * A simulated PSAM answering the command set in PSAM_COMMANDS: key diversification by card
 * identification code, a challenge, verification of the card's cryptogram and the terminal's
 * cryptogram for EXTERNAL AUTHENTICATE.
 */
import { ApduError, decodeCommandApdu, encodeResponseApdu, type CommandApdu } from '../apdu/apdu.ts';
import { buildAtr } from '../apdu/atr.ts';
import { invert } from './virtual-ssse-card.ts';
import { ChallengeSource, sameBytes, toyCryptogram, type VirtualCard } from './virtual-card.ts';

const EMPTY = new Uint8Array(0);

export class VirtualPsam implements VirtualCard {
  readonly id = 'psam';
  readonly description = 'terminal PSAM holding the social-security master key';
  readonly atr = buildAtr(1, Uint8Array.from([0x50, 0x53, 0x41, 0x4d]));
  private readonly challenges = new ChallengeSource(0x5053414d);
  private cardKey: Uint8Array | undefined;
  private challenge: Uint8Array | undefined;

  constructor(private readonly masterKey: Uint8Array) {}

  reset(): void {
    this.cardKey = undefined;
    this.challenge = undefined;
  }

  handle(apdu: Uint8Array): Uint8Array {
    let c: CommandApdu;
    try {
      c = decodeCommandApdu(apdu);
    } catch (e) {
      if (e instanceof ApduError) return encodeResponseApdu(EMPTY, 0x6700);
      throw e;
    }
    const [data, status] = this.execute(c);
    return encodeResponseApdu(data, status);
  }

  private execute(c: CommandApdu): [Uint8Array, number] {
    const data = c.data ?? EMPTY;
    if (c.cla === 0x00 && c.ins === 0x84) {
      this.challenge = this.challenges.next(c.le ?? 16);
      return [this.challenge, 0x9000];
    }
    if (c.cla === 0x80 && c.ins === 0x1a) {
      if (data.length !== 16) return [EMPTY, 0x6700];
      this.cardKey = toyCryptogram(this.masterKey, data);
      return [EMPTY, 0x9000];
    }
    if (c.cla === 0x80 && c.ins === 0xfa) {
      if (!this.cardKey) return [EMPTY, 0x6985];
      if (c.p1 === 0x01) {
        const [challenge, proof] = [data.subarray(0, 16), data.subarray(16)];
        const expected = this.challenge;
        this.challenge = undefined;
        const ok = expected !== undefined && sameBytes(challenge, expected) && sameBytes(proof, toyCryptogram(this.cardKey, challenge));
        return [EMPTY, ok ? 0x9000 : 0x6988];
      }
      if (c.p1 === 0x00) return [toyCryptogram(this.cardKey, invert(data)), 0x9000];
      return [EMPTY, 0x6a86];
    }
    return [EMPTY, 0x6d00];
  }
}
