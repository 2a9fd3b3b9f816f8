/**
 * The 256-byte text block of an ID card or residence permit: UCS-2 little-endian, fixed-width
 * fields right-padded with spaces (protocols.md section 4).
 */
import { isoDateOf } from '../citizen-id.ts';
import type { IdCardData } from '../device-results.ts';

export const TEXT_BLOCK_LENGTH = 256;

/** [start, end) byte offsets of each field. */
export const TEXT_FIELDS = {
  name: [0, 30],
  sex: [30, 32],
  ethnicity: [32, 36],
  birthDate: [36, 52],
  address: [52, 122],
  idNumber: [122, 158],
  issuer: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
  kindMarker: [248, 250],
} as const satisfies Record<string, readonly [number, number]>;

export type IdCardKind = IdCardData['kind'];

/**
 * The card-kind character at bytes 248-249. Widely reported but not confirmed, hence
 * configuration: pass another mapping to IdCardReader if a reader's manual says otherwise.
 */
export const DEFAULT_KIND_MARKERS: Readonly<Record<string, IdCardKind>> = { J: 'residence-permit', I: 'foreign-permanent-residence', ' ': 'id-card' };

const NUL = String.fromCharCode(0);

/** What the card says instead of a date on a document that never expires. */
const LONG_TERM = '长期';

export type IdTextErrorCode = 'bad-length' | 'bad-date' | 'unknown-kind' | 'missing-field';

export class IdTextError extends Error {
  override readonly name = 'IdTextError';
  constructor(
    readonly code: IdTextErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function decodeIdText(block: Uint8Array, kindMarkers: Readonly<Record<string, IdCardKind>> = DEFAULT_KIND_MARKERS): IdCardData {
  if (block.length !== TEXT_BLOCK_LENGTH) throw new IdTextError('bad-length', `text block of ${block.length} bytes, expected ${TEXT_BLOCK_LENGTH}`);
  const field = (name: keyof typeof TEXT_FIELDS) => ucs2(block.subarray(...TEXT_FIELDS[name])).replaceAll(NUL, ' ').trim();
  const rawMarker = ucs2(block.subarray(...TEXT_FIELDS.kindMarker));
  // An ID card leaves the reserved area blank, which some readers fill with NUL.
  const marker = rawMarker === NUL ? ' ' : rawMarker;
  const kind = kindMarkers[marker];
  if (!kind) throw new IdTextError('unknown-kind', `card-kind marker ${JSON.stringify(marker)} is not configured`);
  const required = (name: keyof typeof TEXT_FIELDS) => {
    const value = field(name);
    if (!value) throw new IdTextError('missing-field', `the ${name} field is empty`);
    return value;
  };
  const validTo = required('validTo');
  return {
    kind,
    name: required('name'),
    sex: required('sex'),
    ethnicity: field('ethnicity'),
    birthDate: date(required('birthDate')),
    address: field('address'),
    idNumber: required('idNumber'),
    issuer: field('issuer'),
    validFrom: date(required('validFrom')),
    validTo: validTo === LONG_TERM ? 'long-term' : date(validTo),
  };
}

/** Builds a text block; the simulator uses it. Fields longer than their width are cut. */
export function encodeIdText(data: IdCardData, kindMarkers: Readonly<Record<string, IdCardKind>> = DEFAULT_KIND_MARKERS): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  block.set(ucs2Encode(' '.repeat(TEXT_BLOCK_LENGTH / 2)));
  const put = (name: keyof typeof TEXT_FIELDS, text: string) => {
    const [start, end] = TEXT_FIELDS[name];
    block.set(ucs2Encode(text.slice(0, (end - start) / 2)), start);
  };
  const undash = (d: string) => d.replaceAll('-', '');
  put('name', data.name);
  put('sex', data.sex);
  put('ethnicity', data.ethnicity);
  put('birthDate', undash(data.birthDate));
  put('address', data.address);
  put('idNumber', data.idNumber);
  put('issuer', data.issuer);
  put('validFrom', undash(data.validFrom));
  put('validTo', data.validTo === 'long-term' ? LONG_TERM : undash(data.validTo));
  const marker = Object.entries(kindMarkers).find(([, kind]) => kind === data.kind)?.[0] ?? ' ';
  put('kindMarker', marker);
  return block;
}

function date(yyyymmdd: string): string {
  const iso = isoDateOf(yyyymmdd);
  if (!iso) throw new IdTextError('bad-date', `"${yyyymmdd}" is not a YYYYMMDD date`);
  return iso;
}

function ucs2(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

function ucs2Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2] = c & 0xff;
    out[i * 2 + 1] = c >> 8;
  }
  return out;
}
