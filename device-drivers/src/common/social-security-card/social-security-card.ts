/**
 * The SSSE application of a China social-security card, over any APDU channel: select the
 * application, verify the holder's PIN, authenticate a 3.00 card, and read EF05 and EF06 field
 * by field. Card logic only; which reader and slot is the caller's business.
 */
import { ISSUER_AUTH_KEY_REFERENCE } from '@civic-kiosk/protocol/card-authentication';
import { HOLDER_CHALLENGE_BYTES } from '@civic-kiosk/protocol/gateway';
import { hex, type CommandApdu, type ResponseApdu } from '../apdu/apdu.ts';
import type { ApduExchanger } from '../apdu/exchanger.ts';
import { pinTriesLeft, statusCode, swHex } from '../apdu/status-words.ts';
import { findTlv, parseTlv } from '../apdu/tlv.ts';
import { checkCitizenId } from '../citizen-id.ts';
import { decodeAscii, decodeBcd, decodeBcdDate, decodeGbk, FieldDecodeError, encodeBcd } from './encoding.ts';
import { SocialSecurityCardError } from './errors.ts';
import { FCI_ALGORITHM_TAG, SSSE_AID, SSSE_FIELDS, SSSE_FILE_ID, type SsseField, type SsseFieldName, type SsseFile } from './fields.ts';

/** Everything the two files hold, decoded. */
export interface SocialSecurityCardRecord {
  readonly cardIdentificationCode: string;
  readonly cardType: number;
  readonly version: string;
  readonly issuer: string;
  readonly issueDate: string;
  readonly expiryDate: string;
  readonly cardNumber: string;
  readonly citizenId: string;
  /** Name and, when the card has one, the name extension joined. */
  readonly name: string;
  readonly sex: string;
  readonly ethnicity: string;
  readonly birthplace: string;
  readonly birthDate: string;
}

/** Opens the holder file of a card that requires it (3.00 cards). */
export interface CardAuthenticator {
  authenticate(card: ApduExchanger, context: { readonly cardIdentificationCode: string; readonly version: string }): Promise<void>;
}

const SELECT_BY_NAME: CommandApdu = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: SSSE_AID };
const PIN_DIGITS = 6;

export function isValidPinFormat(pin: string): boolean {
  return new RegExp(`^\\d{${PIN_DIGITS}}$`).test(pin);
}

/** True for a card that needs a CardAuthenticator before its holder file opens. */
export function needsAuthentication(version: string): boolean {
  return /^3\./.test(version);
}

export class SocialSecurityCard {
  constructor(private readonly card: ApduExchanger) {}

  /** Selects the SSSE application; returns the algorithm identifier from the FCI, if any. */
  async selectApplication(): Promise<{ algorithm?: Uint8Array }> {
    const r = await this.card.exchange(SELECT_BY_NAME);
    if (r.sw !== 0x9000) {
      if (statusCode(r.sw) === 'app-locked') throw new SocialSecurityCardError('app-locked', 'the social-security application is permanently locked');
      throw new SocialSecurityCardError('not-ssse', `SELECT of the SSSE application answered ${swHex(r.sw)}`);
    }
    try {
      const algorithm = findTlv(parseTlv(r.data), FCI_ALGORITHM_TAG)?.value;
      return algorithm ? { algorithm } : {};
    } catch {
      // The FCI is informational; a card with a malformed one still reads.
      return {};
    }
  }

  /** VERIFY with the 6-digit PIN as packed BCD; the card counts wrong tries itself. */
  async verifyPin(pin: string): Promise<void> {
    if (!isValidPinFormat(pin)) throw new TypeError(`a PIN is ${PIN_DIGITS} digits`);
    const r = await this.card.exchange({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x00, data: encodeBcd(pin, PIN_DIGITS / 2) });
    if (r.sw === 0x9000) return;
    const tries = pinTriesLeft(r.sw);
    if (tries === 0 || statusCode(r.sw) === 'pin-blocked') throw new SocialSecurityCardError('pin-blocked', 'the PIN is blocked', 0);
    if (tries !== undefined) throw new SocialSecurityCardError('wrong-pin', `wrong PIN, ${tries} tries left`, tries);
    if (statusCode(r.sw) === 'app-locked') throw new SocialSecurityCardError('app-locked', 'the social-security application is permanently locked');
    throw new SocialSecurityCardError('unreadable', `VERIFY answered ${swHex(r.sw)}`);
  }

  /**
   * Card authentication towards the issuer's back office: INTERNAL AUTHENTICATE with the
   * issuer's key reference over the back office's challenge. Run it after a successful VERIFY
   * in the same card session (the card refuses otherwise). Undefined when the card has no such
   * key (2.00 cards): the back office then knows the holder by the PIN check alone.
   */
  async issuerAuthenticate(challenge: Uint8Array): Promise<Uint8Array | undefined> {
    if (challenge.length !== HOLDER_CHALLENGE_BYTES) throw new TypeError(`a challenge is ${HOLDER_CHALLENGE_BYTES} bytes`);
    const r = await this.card.exchange({ cla: 0x00, ins: 0x88, p1: 0x00, p2: ISSUER_AUTH_KEY_REFERENCE, data: challenge });
    if (r.sw === 0x9000) return r.data;
    if (r.sw === 0x6a81 || r.sw === 0x6a88 || r.sw === 0x6d00) return undefined;
    if (statusCode(r.sw) === 'security-not-satisfied') throw new SocialSecurityCardError('authentication-required', 'INTERNAL AUTHENTICATE needs the PIN verified first');
    throw new SocialSecurityCardError('authentication-failed', `INTERNAL AUTHENTICATE answered ${swHex(r.sw)}`);
  }

  /** Reads both files; a 3.00 card is authenticated between them. */
  async read(authenticator?: CardAuthenticator): Promise<SocialSecurityCardRecord> {
    await this.selectFile('EF05');
    const cardIdentificationCode = await this.readField('cardIdentificationCode');
    const cardType = (await this.readRaw(SSSE_FIELDS.cardType))[0] ?? 0;
    const version = await this.readField('version');
    const issuer = await this.readField('issuer');
    const issueDate = await this.readField('issueDate');
    const expiryDate = await this.readField('expiryDate');
    const cardNumber = await this.readField('cardNumber');
    if (needsAuthentication(version)) {
      if (!authenticator) throw new SocialSecurityCardError('authentication-required', `a ${version} card needs a card authenticator`);
      await authenticator.authenticate(this.card, { cardIdentificationCode, version });
    }
    await this.selectFile('EF06');
    const citizenId = await this.readField('citizenId');
    const check = checkCitizenId(citizenId);
    if (!check.ok) throw new SocialSecurityCardError('bad-citizen-id', `the citizen ID on the card fails its ${check.problem} check`);
    const name = (await this.readField('name')) + (await this.readField('nameExtension'));
    return {
      cardIdentificationCode,
      cardType,
      version,
      issuer,
      issueDate,
      expiryDate,
      cardNumber,
      citizenId,
      name,
      sex: await this.readField('sex'),
      ethnicity: await this.readField('ethnicity'),
      birthplace: await this.readField('birthplace'),
      birthDate: await this.readField('birthDate'),
    };
  }

  private async selectFile(file: SsseFile): Promise<void> {
    const r = await this.card.exchange({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x00, data: SSSE_FILE_ID[file] });
    if (r.sw === 0x9000) return;
    throw accessError(r, `SELECT ${file}`);
  }

  private async readField(name: SsseFieldName): Promise<string> {
    const field: SsseField = SSSE_FIELDS[name];
    const raw = await this.readRaw(field);
    try {
      switch (field.encoding) {
        case 'ascii':
          return decodeAscii(raw);
        case 'gbk':
          return decodeGbk(raw);
        case 'bcd':
          return decodeBcd(raw);
        case 'bcd-date':
          return decodeBcdDate(raw);
        case 'binary':
          return hex(raw);
      }
    } catch (e) {
      if (e instanceof FieldDecodeError) throw new SocialSecurityCardError('unreadable', `field ${name}: ${e.message}`);
      throw e;
    }
  }

  /** READ RECORD by tag; the answer is `tag length value`. */
  private async readRaw(field: SsseField): Promise<Uint8Array> {
    const r = await this.card.exchange({ cla: 0x00, ins: 0xb2, p1: field.tag, p2: 0x00, le: field.length + 2 });
    if (r.sw === 0x6a83 && field.optional) return new Uint8Array(0);
    if (r.sw !== 0x9000) throw accessError(r, `READ RECORD ${field.tag.toString(16)}`);
    const [tag, length] = [r.data[0], r.data[1]];
    if (tag !== field.tag || length === undefined || length > field.length || r.data.length < 2 + length) {
      throw new SocialSecurityCardError('unreadable', `record ${field.tag.toString(16)} is not a well-formed TLV`);
    }
    return r.data.slice(2, 2 + length);
  }
}

function accessError(r: ResponseApdu, what: string): SocialSecurityCardError {
  if (statusCode(r.sw) === 'security-not-satisfied') return new SocialSecurityCardError('authentication-required', `${what}: security status not satisfied`);
  return new SocialSecurityCardError('unreadable', `${what} answered ${swHex(r.sw)}`);
}
