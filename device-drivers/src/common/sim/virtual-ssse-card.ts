/**
 * A simulated social-security card: the SSSE application with EF05/EF06, a PIN that counts wrong
 * tries and blocks, T=0 transport behaviour (61 xx, 6C xx) when asked, and for 3.00 cards the
 * mutual authentication a PSAM must complete before the holder file opens, and card
 * authentication towards the back office: INTERNAL AUTHENTICATE with the issuer's key reference
 * over the server's challenge, answered only after VERIFY succeeded in the same card session.
 */
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, ISSUER_AUTH_KEY_REFERENCE, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { HOLDER_CHALLENGE_BYTES } from '@civic-kiosk/protocol/gateway';
import { ApduError, decodeCommandApdu, encodeResponseApdu, type CommandApdu } from '../apdu/apdu.ts';
import { buildAtr } from '../apdu/atr.ts';
import { encodeBcd } from '../social-security-card/encoding.ts';
import { SSSE_AID, SSSE_FIELDS, SSSE_FILE_ID, type SsseField, type SsseFile } from '../social-security-card/fields.ts';
import { needsAuthentication } from '../social-security-card/social-security-card.ts';
import type { DemoSocialSecurityHolder } from './demo-people.ts';
import { encodeGbk } from './gbk.ts';
import { ChallengeSource, sameBytes, toyCryptogram, type VirtualCard } from './virtual-card.ts';

export interface VirtualSsseCardOptions {
  readonly id: string;
  readonly description: string;
  readonly holder: DemoSocialSecurityHolder;
  readonly pin: string;
  readonly maxTries?: number;
  /** Starts blocked (no tries left). */
  readonly blocked?: boolean;
  readonly protocol: 0 | 1;
  /** The PSAM master key the card's key is diversified from (3.00 cards). */
  readonly masterKey: Uint8Array;
  /** The issuer master key its card-authentication key is diversified from (3.00 cards); default: the public demo key. */
  readonly issuerMasterKey?: Uint8Array;
}

const SW = { ok: 0x9000, wrongLength: 0x6700, notFound: 0x6a82, recordNotFound: 0x6a83, security: 0x6982, blocked: 0x6983, authFailed: 0x6988, conditions: 0x6985, unsupported: 0x6a81, wrongP1P2: 0x6a86, ins: 0x6d00 } as const;
const EMPTY = new Uint8Array(0);
const DEMO_ISSUER_KEY = parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX);

type Answer = [data: Uint8Array, status: number];

export class VirtualSsseCard implements VirtualCard {
  readonly id: string;
  readonly description: string;
  readonly atr: Uint8Array;
  private readonly records: Map<SsseFile, Map<number, Uint8Array>>;
  private readonly key: Uint8Array;
  private readonly challenges: ChallengeSource;
  private readonly maxTries: number;
  private triesLeft: number;
  private appSelected = false;
  private file: SsseFile | undefined;
  private authenticated = false;
  /** VERIFY succeeded since the last reset or application selection. */
  private pinVerified = false;
  private challenge: Uint8Array | undefined;
  /** T=0: response data waiting for GET RESPONSE. */
  private waiting: Uint8Array | undefined;

  constructor(private readonly options: VirtualSsseCardOptions) {
    this.id = options.id;
    this.description = options.description;
    this.atr = buildAtr(options.protocol, Uint8Array.from([0x53, 0x53, 0x53, 0x45]));
    this.records = buildRecords(options.holder, options.protocol === 0);
    this.key = toyCryptogram(options.masterKey, ascii(options.holder.cardIdentificationCode));
    this.challenges = new ChallengeSource(Number.parseInt(options.holder.citizenId.slice(10, 17), 10));
    this.maxTries = options.maxTries ?? 3;
    this.triesLeft = options.blocked ? 0 : this.maxTries;
  }

  reset(): void {
    this.appSelected = false;
    this.file = undefined;
    this.authenticated = false;
    this.pinVerified = false;
    this.challenge = undefined;
    this.waiting = undefined;
  }

  /** Synchronous except for issuer card authentication, which runs on WebCrypto. */
  handle(apdu: Uint8Array): Uint8Array | Promise<Uint8Array> {
    let command: CommandApdu;
    try {
      command = decodeCommandApdu(apdu);
    } catch (e) {
      if (e instanceof ApduError) return sw(SW.wrongLength);
      throw e;
    }
    if (command.ins === 0xc0) return this.getResponse(command);
    this.waiting = undefined;
    const answer = this.execute(command);
    return answer instanceof Promise ? answer.then((a) => this.respond(command, a)) : this.respond(command, answer);
  }

  private respond(command: CommandApdu, [data, status]: Answer): Uint8Array {
    if (this.options.protocol === 1 || status !== SW.ok || data.length === 0) return encodeResponseApdu(data, status);
    // T=0: a command that carried data cannot also carry Le, so the card says 61 xx.
    if (command.data) {
      this.waiting = data;
      return sw(0x6100 | (data.length & 0xff));
    }
    if (command.le !== undefined && command.le !== data.length) return sw(0x6c00 | (data.length & 0xff));
    return encodeResponseApdu(data, status);
  }

  private execute(c: CommandApdu): Answer | Promise<Answer> {
    switch (c.ins) {
      case 0xa4:
        return this.select(c);
      case 0xb2:
        return this.readRecord(c);
      case 0x20:
        return [EMPTY, this.verify(c.data ?? EMPTY)];
      case 0x84:
        this.challenge = this.challenges.next(c.le ?? 16);
        return [this.challenge, SW.ok];
      case 0x88:
        if (c.p2 === ISSUER_AUTH_KEY_REFERENCE) return this.issuerAuthenticate(c.data ?? EMPTY);
        if (!this.appSelected || !c.data) return [EMPTY, SW.conditions];
        return [toyCryptogram(this.key, c.data), SW.ok];
      case 0x82:
        return [EMPTY, this.externalAuthenticate(c.data ?? EMPTY)];
      default:
        return [EMPTY, SW.ins];
    }
  }

  private select(c: CommandApdu): [Uint8Array, number] {
    const data = c.data ?? EMPTY;
    if (c.p1 === 0x04) {
      if (!sameBytes(data, SSSE_AID)) return [EMPTY, SW.notFound];
      this.reset();
      this.appSelected = true;
      return [fci(needsAuthentication(this.options.holder.version) ? 0x03 : 0x01), SW.ok];
    }
    if (c.p1 !== 0x02) return [EMPTY, SW.wrongP1P2];
    const file = (Object.keys(SSSE_FILE_ID) as SsseFile[]).find((f) => sameBytes(SSSE_FILE_ID[f], data));
    if (!this.appSelected || !file) return [EMPTY, SW.notFound];
    this.file = file;
    return [EMPTY, SW.ok];
  }

  private readRecord(c: CommandApdu): [Uint8Array, number] {
    if (!this.file) return [EMPTY, SW.conditions];
    if (this.file === 'EF06' && needsAuthentication(this.options.holder.version) && !this.authenticated) return [EMPTY, SW.security];
    const value = this.records.get(this.file)?.get(c.p1);
    if (!value) return [EMPTY, SW.recordNotFound];
    return [Uint8Array.from([c.p1, value.length, ...value]), SW.ok];
  }

  private verify(packedPin: Uint8Array): number {
    if (this.triesLeft === 0) return SW.blocked;
    if (sameBytes(packedPin, encodeBcd(this.options.pin, 3))) {
      this.triesLeft = this.maxTries;
      this.pinVerified = true;
      return SW.ok;
    }
    this.triesLeft--;
    return 0x63c0 | this.triesLeft;
  }

  /** 2.00 cards have no card-authentication key; a 3.00 card signs only for a holder who gave the PIN. */
  private issuerAuthenticate(challenge: Uint8Array): Answer | Promise<Answer> {
    if (!needsAuthentication(this.options.holder.version)) return [EMPTY, SW.unsupported];
    if (!this.appSelected) return [EMPTY, SW.conditions];
    if (!this.pinVerified) return [EMPTY, SW.security];
    if (challenge.length !== HOLDER_CHALLENGE_BYTES) return [EMPTY, SW.wrongLength];
    const issuerKey = this.options.issuerMasterKey ?? DEMO_ISSUER_KEY;
    return diversifyCardKey(issuerKey, this.options.holder.cardNumber)
      .then((key) => cardCryptogram(key, challenge))
      .then((cryptogram): Answer => [cryptogram, SW.ok]);
  }

  private externalAuthenticate(cryptogram: Uint8Array): number {
    const challenge = this.challenge;
    this.challenge = undefined;
    if (!challenge) return SW.conditions;
    if (!sameBytes(cryptogram, toyCryptogram(this.key, invert(challenge)))) return SW.authFailed;
    this.authenticated = true;
    return SW.ok;
  }

  private getResponse(c: CommandApdu): Uint8Array {
    const waiting = this.waiting;
    if (!waiting) return sw(SW.conditions);
    const n = Math.min(c.le ?? 256, waiting.length);
    const rest = waiting.subarray(n);
    this.waiting = rest.length > 0 ? rest : undefined;
    return encodeResponseApdu(waiting.subarray(0, n), rest.length > 0 ? 0x6100 | Math.min(rest.length, 0xff) : SW.ok);
  }
}

/** The terminal's answer to a card challenge, as the PSAM computes it. */
export function invert(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => b ^ 0xff);
}

function buildRecords(h: DemoSocialSecurityHolder, shortIssuer: boolean): Map<SsseFile, Map<number, Uint8Array>> {
  const values: [SsseField, Uint8Array][] = [
    [SSSE_FIELDS.cardIdentificationCode, ascii(h.cardIdentificationCode)],
    [SSSE_FIELDS.cardType, Uint8Array.of(h.cardType)],
    [SSSE_FIELDS.version, ascii(h.version)],
    // Some cards store a shorter issuer number; on T=0 that exercises the 6C xx re-send.
    [SSSE_FIELDS.issuer, ascii(shortIssuer ? h.issuer.slice(0, 10) : h.issuer)],
    [SSSE_FIELDS.issueDate, encodeBcd(h.issueDate.replaceAll('-', ''), 4)],
    [SSSE_FIELDS.expiryDate, encodeBcd(h.expiryDate.replaceAll('-', ''), 4)],
    [SSSE_FIELDS.cardNumber, ascii(h.cardNumber)],
    [SSSE_FIELDS.citizenId, ascii(h.citizenId)],
    [SSSE_FIELDS.name, encodeGbk(h.name, SSSE_FIELDS.name.length)],
    [SSSE_FIELDS.sex, ascii(h.sex)],
    [SSSE_FIELDS.ethnicity, encodeBcd(h.ethnicity, 1)],
    [SSSE_FIELDS.birthplace, encodeBcd(h.birthplace, 3)],
    [SSSE_FIELDS.birthDate, encodeBcd(h.birthDate.replaceAll('-', ''), 4)],
  ];
  const files = new Map<SsseFile, Map<number, Uint8Array>>([
    ['EF05', new Map()],
    ['EF06', new Map()],
  ]);
  for (const [field, value] of values) files.get(field.file)!.set(field.tag, value);
  return files;
}

/** FCI template: 6F { 84 AID, A5 { 9F0C algorithm } }. */
function fci(algorithm: number): Uint8Array {
  const proprietary = [0x9f, 0x0c, 0x01, algorithm];
  const body = [0x84, SSSE_AID.length, ...SSSE_AID, 0xa5, proprietary.length, ...proprietary];
  return Uint8Array.from([0x6f, body.length, ...body]);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function sw(status: number): Uint8Array {
  return encodeResponseApdu(EMPTY, status);
}
