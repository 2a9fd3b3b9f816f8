import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduError, decodeCommandApdu, decodeResponseApdu, encodeCommandApdu, fromHex, hex } from '../../../src/common/apdu/apdu.ts';
import { pinTriesLeft, statusCode } from '../../../src/common/apdu/status-words.ts';
import { commandApdu } from '../../support/arbitraries.ts';

describe('command APDUs', () => {
  it('encodes case 3 (data, no Le): SELECT EF05', () => {
    expect(hex(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 2, p2: 0, data: fromHex('EF05') }))).toBe('00 a4 02 00 02 ef 05');
  });

  it('encodes case 2 (Le only): READ RECORD of the 18-byte citizen ID', () => {
    expect(hex(encodeCommandApdu({ cla: 0, ins: 0xb2, p1: 0x08, p2: 0, le: 20 }))).toBe('00 b2 08 00 14');
  });

  it('encodes Le 256 as 00', () => {
    expect(hex(encodeCommandApdu({ cla: 0, ins: 0xc0, p1: 0, p2: 0, le: 256 }))).toBe('00 c0 00 00 00');
  });

  it('rejects data longer than a short APDU carries', () => {
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) })).toThrow(ApduError);
  });

  it('decodes what it encodes, for every case', () => {
    fc.assert(
      fc.property(commandApdu, (c) => {
        const decoded = decodeCommandApdu(encodeCommandApdu(c));
        expect(decoded).toEqual(Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
      }),
    );
  });

  it('throws only ApduError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeCommandApdu(bytes);
          decodeResponseApdu(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
    );
  });
});

describe('response APDUs and status words', () => {
  it('splits data and SW1 SW2', () => {
    const r = decodeResponseApdu(fromHex('08 12 33 90 00'));
    expect(r).toEqual({ data: fromHex('08 12 33'), sw1: 0x90, sw2: 0x00, sw: 0x9000 });
  });

  it('names the status words of protocols.md section 2', () => {
    expect(statusCode(0x9000)).toBe('ok');
    expect(statusCode(0x6110)).toBe('more-data');
    expect(statusCode(0x6c12)).toBe('wrong-le');
    expect(statusCode(0x6a82)).toBe('file-not-found');
    expect(statusCode(0x6a83)).toBe('record-not-found');
    expect(statusCode(0x6982)).toBe('security-not-satisfied');
    expect(statusCode(0x6983)).toBe('pin-blocked');
    expect(statusCode(0x63c2)).toBe('wrong-pin');
    expect(statusCode(0x9303)).toBe('app-locked');
    expect(statusCode(0x1234)).toBe('unknown');
  });

  it('reads the tries left from 63 Cx only', () => {
    expect(pinTriesLeft(0x63c2)).toBe(2);
    expect(pinTriesLeft(0x63c0)).toBe(0);
    expect(pinTriesLeft(0x6983)).toBeUndefined();
  });
});
