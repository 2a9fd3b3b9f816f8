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

export type CardErrorCode = 'no-card' | 'card-removed' | 'wrong-pin' | 'pin-blocked' | 'unreadable' | 'reader-absent';
export type CardReadResult<T> = { ok: true; card: T } | { ok: false; error: CardErrorCode; triesLeft?: number };

export type PrintErrorCode = 'paper-out' | 'cover-open' | 'offline' | 'printer-absent' | 'failed';
export type PrintResult = { ok: true } | { ok: false; error: PrintErrorCode };

export interface SelfTestResult {
  device: DeviceKind;
  ok: boolean;
  detail: string;
}
