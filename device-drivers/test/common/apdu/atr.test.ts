import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/common/apdu/apdu.ts';
import { AtrError, buildAtr, parseAtr } from '../../../src/common/apdu/atr.ts';

describe('ATR', () => {
  it('treats an ATR without TD1 as a T=0 card', () => {
    const atr = parseAtr(fromHex('3B 02 14 50'));
    expect(atr).toMatchObject({ convention: 'direct', protocols: [0], protocol: 0 });
    expect([...atr.historical]).toEqual([0x14, 0x50]);
  });

  it('reads TD1 and TD2 and checks TCK (the PC/SC contactless storage-card ATR)', () => {
    const atr = parseAtr(fromHex('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A'));
    expect(atr.protocols).toEqual([0, 1]);
    expect(atr.historical.length).toBe(15);
  });

  it('detects a T=1-only card from TD1', () => {
    // T0 D5: TA1 TC1 TD1 and 5 historical bytes; TD1 31: T=1, then TA2 TB2.
    const body = [0xd5, 0x18, 0x81, 0x31, 0xfe, 0x45, 0x01, 0x02, 0x03, 0x04, 0x05];
    const atr = parseAtr(Uint8Array.from([0x3b, ...body, body.reduce((x, b) => x ^ b, 0)]));
    expect(atr).toMatchObject({ protocols: [1], protocol: 1 });
    expect([...atr.historical]).toEqual([1, 2, 3, 4, 5]);
  });

  it('lists T=0 and T=1 when a card offers both, T=0 first', () => {
    // TD1 = 80 (T=0, TD2 follows), TD2 = 01 (T=1); TCK makes the XOR zero.
    const body = [0x80, 0x80, 0x01];
    const atr = parseAtr(Uint8Array.from([0x3b, ...body, body.reduce((x, b) => x ^ b, 0)]));
    expect(atr.protocols).toEqual([0, 1]);
    expect(atr.protocol).toBe(0);
  });

  it('reports a wrong TCK, a bad TS and truncation as typed errors', () => {
    const t1 = buildAtr(1, fromHex('53 53 53 45'));
    t1[t1.length - 1]! ^= 1;
    expect(() => parseAtr(t1)).toThrow(expect.objectContaining({ code: 'bad-tck' }));
    expect(() => parseAtr(fromHex('12 00'))).toThrow(expect.objectContaining({ code: 'bad-ts' }));
    expect(() => parseAtr(fromHex('3B 8F 80'))).toThrow(expect.objectContaining({ code: 'truncated' }));
  });

  it('parses the ATRs it builds for both protocols', () => {
    expect(parseAtr(buildAtr(0, fromHex('01 02'))).protocol).toBe(0);
    expect(parseAtr(buildAtr(1, fromHex('01 02'))).protocol).toBe(1);
  });

  it('throws only AtrError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          parseAtr(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(AtrError);
        }
      }),
    );
  });
});
