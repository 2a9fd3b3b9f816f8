/**
 * What the device layer hands to its users (the CLI, the kiosk's privileged side, the UI via
 * the bridge): plain data and typed failure codes, never exceptions across the boundary.
 */
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';

export interface SocialSecurityCardData {
  kind: 'social-security';
  cardNumber: string;
  citizenId: string;
  name: string;
  /** As on the card: "1" male, "2" female (GB/T 2261.1). */
  sex: string;
  birthDate: string;
  issueDate: string;
  expiryDate: string;
  /** First 6 digits of the card identification code. */
  regionCode: string;
  version: string;
  /**
   * The card's INTERNAL AUTHENTICATE answer (lower-case hex) over the challenge the read was
   * given, after VERIFY in the same card session; absent without a challenge or from a 2.00 card.
   */
  cryptogram?: string;
}

export interface IdCardData {
  kind: 'id-card' | 'residence-permit' | 'foreign-permanent-residence';
  name: string;
  sex: string;
  ethnicity: string;
  birthDate: string;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

/**
 * `card-mute`: a card that never answered its reset (upside down, dirty or dead chip);
 * `not-social-security-card`: a card that answers but has no social-security application (a bank
 * card); `unreadable`: a card or document whose data could not be read or made no sense.
 */
export type CardErrorCode = 'no-card' | 'card-removed' | 'card-mute' | 'not-social-security-card' | 'wrong-pin' | 'pin-blocked' | 'unreadable' | 'reader-absent';
export type CardReadResult<T> = { ok: true; card: T } | { ok: false; error: CardErrorCode; triesLeft?: number };

export type PrintErrorCode = 'paper-out' | 'cover-open' | 'offline' | 'printer-absent' | 'failed';
export type PrintResult = { ok: true } | { ok: false; error: PrintErrorCode };

export interface SelfTestResult {
  device: DeviceKind;
  ok: boolean;
  detail: string;
}
