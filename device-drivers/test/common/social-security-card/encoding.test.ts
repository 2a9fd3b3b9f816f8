import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/common/apdu/apdu.ts';
import { decodeAscii, decodeBcd, decodeBcdDate, decodeGbk, encodeBcd, FieldDecodeError } from '../../../src/common/social-security-card/encoding.ts';
import { encodeGbk } from '../../../src/common/sim/gbk.ts';

describe('SSSE field encodings', () => {
  it('decodes BCD dates to YYYY-MM-DD', () => {
    expect(decodeBcdDate(fromHex('19 85 03 12'))).toBe('1985-03-12');
  });

  it('stops BCD at F padding (birthplace region code)', () => {
    expect(decodeBcd(fromHex('31 01 04'))).toBe('310104');
    expect(decodeBcd(fromHex('31 0F FF'))).toBe('310');
  });

  it('rejects a date that is not one', () => {
    expect(() => decodeBcdDate(fromHex('19 85 13 01'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(() => decodeBcd(fromHex('1A'))).toThrow(expect.objectContaining({ code: 'bad-bcd' }));
  });

  it('rejects a day the calendar does not have', () => {
    expect(() => decodeBcdDate(fromHex('19 85 02 30'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(() => decodeBcdDate(fromHex('19 85 04 31'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(decodeBcdDate(fromHex('20 00 02 29'))).toBe('2000-02-29');
  });

  it('packs a PIN as BCD: 123456 is 12 34 56', () => {
    expect([...encodeBcd('123456', 3)]).toEqual([0x12, 0x34, 0x56]);
  });

  it('decodes zero-padded GBK names, including the application name bytes of protocols.md', () => {
    expect(decodeGbk(fromHex('C9 E7 BB E1 B1 A3 D5 CF 00 00'))).toBe('社会保障');
    expect(decodeGbk(encodeGbk('张伟明', 30))).toBe('张伟明');
  });

  it('trims ASCII padding and rejects control bytes', () => {
    expect(decodeAscii(fromHex('32 2E 30 30 00 00'))).toBe('2.00');
    expect(() => decodeAscii(fromHex('32 07 30'))).toThrow(FieldDecodeError);
  });

  it('throws only FieldDecodeError on random bytes, for every decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        for (const decode of [decodeAscii, decodeBcd, decodeBcdDate, decodeGbk]) {
          try {
            decode(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(FieldDecodeError);
          }
        }
      }),
    );
  });

  it('round-trips any GBK-encodable Chinese name', () => {
    const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(hanzi, { minLength: 1, maxLength: 15 }), (chars) => {
        const name = chars.join('');
        expect(decodeGbk(encodeGbk(name, 30))).toBe(name);
      }),
      { numRuns: 50 },
    );
  });
});
