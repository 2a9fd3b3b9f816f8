/**
 * How a simulated social-security card proves itself to the back office: INTERNAL AUTHENTICATE
 * over the server's challenge, answered with a cryptogram under a card key diversified from
 * the issuer's master key by card number. The virtual card (device-drivers) computes it and the
 * social-security simulator (admin-web) checks it; this module is the one place both read.
 *
 * This is the SIMULATED issuer's scheme (HMAC-SHA256 on WebCrypto). A field card uses its
 * issuer's scheme (SM4 or 3DES) inside the chip, and only the issuer's back office holds the
 * master key; a kiosk never does.
 */
import { fromHex, subtle, utf8Encode } from './content-bytes.ts';
import { HOLDER_CHALLENGE_BYTES } from './gateway.ts';

/**
 * The demo issuer master key. PUBLIC AND DEMO-ONLY: it is in the source, so anything it
 * signs proves nothing outside a demo. The server reads its own copy from configuration.
 */
export const DEMO_CARD_ISSUER_KEY_HEX = '6369766963206b696f736b2064656d6f206973737565722c206e6f7420666f72';

/** Bytes of the cryptogram a simulated card returns (a truncated HMAC-SHA256). */
export const CARD_CRYPTOGRAM_BYTES = 16;

/** P2 of INTERNAL AUTHENTICATE naming the issuer's card-authentication key (the PSAM flow uses 00). */
export const ISSUER_AUTH_KEY_REFERENCE = 0x01;

const DIVERSIFY_LABEL = 'civic-kiosk card authentication v1 / card ';

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', copy(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, copy(data)));
}

/** The card's own key: HMAC-SHA256(master key, label | card number). */
export function diversifyCardKey(issuerMasterKey: Uint8Array, cardNumber: string): Promise<Uint8Array> {
  return hmac(issuerMasterKey, utf8Encode(DIVERSIFY_LABEL + cardNumber));
}

/** The card's answer to a challenge: the first CARD_CRYPTOGRAM_BYTES of HMAC-SHA256(card key, challenge). */
export async function cardCryptogram(cardKey: Uint8Array, challenge: Uint8Array): Promise<Uint8Array> {
  if (challenge.length !== HOLDER_CHALLENGE_BYTES) throw new RangeError(`a challenge is ${HOLDER_CHALLENGE_BYTES} bytes`);
  return (await hmac(cardKey, challenge)).slice(0, CARD_CRYPTOGRAM_BYTES);
}

/** Parses an issuer master key given as hex (configuration); at least 16 bytes. */
export function parseIssuerKey(hex: string): Uint8Array {
  const key = fromHex(hex.trim().toLowerCase());
  if (!key || key.length < 16) throw new RangeError('an issuer master key is at least 16 bytes of hex');
  return key;
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}
