/**
 * AIM symbology identifiers (ISO/IEC 15424): "]" + code character + modifier, sent before the
 * data by HID POS scanners and by serial scanners configured to prefix them.
 */
export type Symbology =
  | 'code128'
  | 'gs1-128'
  | 'ean13'
  | 'ean8'
  | 'upc-e'
  | 'code39'
  | 'code93'
  | 'codabar'
  | 'itf'
  | 'qr'
  | 'data-matrix'
  | 'pdf417'
  | 'aztec'
  | 'gs1-databar'
  | 'unknown';

/** By full id first (modifiers that change the meaning), then by code character. */
const BY_ID: Readonly<Record<string, Symbology>> = { ']C1': 'gs1-128', ']E4': 'ean8' };
const BY_CODE: Readonly<Record<string, Symbology>> = {
  C: 'code128',
  E: 'ean13',
  A: 'code39',
  G: 'code93',
  F: 'codabar',
  I: 'itf',
  Q: 'qr',
  d: 'data-matrix',
  L: 'pdf417',
  z: 'aztec',
  e: 'gs1-databar',
};
const PREFERRED_ID: Readonly<Record<Exclude<Symbology, 'unknown'>, string>> = {
  code128: ']C0',
  'gs1-128': ']C1',
  ean13: ']E0',
  ean8: ']E4',
  'upc-e': ']E0',
  code39: ']A0',
  code93: ']G0',
  codabar: ']F0',
  itf: ']I0',
  qr: ']Q1',
  'data-matrix': ']d1',
  pdf417: ']L0',
  aztec: ']z0',
  'gs1-databar': ']e0',
};

const AIM_ID = /^\][A-Za-z][0-9A-Za-z]$/;

export function isAimId(id: string): boolean {
  return AIM_ID.test(id);
}

export function symbologyFromAimId(id: string): Symbology {
  if (!isAimId(id)) return 'unknown';
  return BY_ID[id] ?? BY_CODE[id[1] as string] ?? 'unknown';
}

export function aimIdFor(symbology: Symbology): string | undefined {
  return symbology === 'unknown' ? undefined : PREFERRED_ID[symbology];
}

export const SYMBOLOGIES = Object.keys(PREFERRED_ID) as Exclude<Symbology, 'unknown'>[];

export interface ScannedCode {
  code: string;
  symbology: Symbology;
}

export class ScannerError extends Error {
  override readonly name = 'ScannerError';
  constructor(
    readonly code: 'bad-report' | 'line-too-long' | 'code-too-long',
    message: string,
  ) {
    super(message);
  }
}

/** A code as it arrives on a serial line or from a wedge, with or without an AIM prefix. */
export function splitAimPrefix(text: string): ScannedCode {
  const id = text.slice(0, 3);
  if (text.length > 3 && isAimId(id)) return { code: text.slice(3), symbology: symbologyFromAimId(id) };
  return { code: text, symbology: 'unknown' };
}
