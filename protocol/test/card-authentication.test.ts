import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '../src/common/card-authentication.ts';

const master = parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX);
const challenge = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('simulated card authentication', () => {
  it('is HMAC-SHA256 under a key diversified by card number, truncated to 16 bytes', async () => {
    const key = await diversifyCardKey(master, 'SH3308861');
    const expectedKey = createHmac('sha256', master).update('civic-kiosk card authentication v1 / card SH3308861').digest();
    expect(Buffer.from(key)).toEqual(expectedKey);
    const cryptogram = await cardCryptogram(key, challenge);
    expect(Buffer.from(cryptogram)).toEqual(createHmac('sha256', expectedKey).update(challenge).digest().subarray(0, 16));
  });

  it('gives another card, another challenge or another master key another cryptogram', async () => {
    const base = await cardCryptogram(await diversifyCardKey(master, 'SH3308861'), challenge);
    const otherCard = await cardCryptogram(await diversifyCardKey(master, 'SH3308862'), challenge);
    const otherChallenge = await cardCryptogram(await diversifyCardKey(master, 'SH3308861'), challenge.map((b) => b ^ 1));
    const otherMaster = await cardCryptogram(await diversifyCardKey(master.map((b) => b ^ 1), 'SH3308861'), challenge);
    for (const other of [otherCard, otherChallenge, otherMaster]) expect(Buffer.from(other)).not.toEqual(Buffer.from(base));
  });

  it('refuses a challenge of the wrong length and a short or malformed master key', async () => {
    await expect(cardCryptogram(master, new Uint8Array(8))).rejects.toThrow(RangeError);
    expect(() => parseIssuerKey('00ff')).toThrow(RangeError);
    expect(() => parseIssuerKey('zz'.repeat(16))).toThrow(RangeError);
  });
});
