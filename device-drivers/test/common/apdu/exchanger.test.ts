import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduError, decodeCommandApdu, fromHex, hex } from '../../../src/common/apdu/apdu.ts';
import { ApduExchanger, type ApduChannel } from '../../../src/common/apdu/exchanger.ts';
import { findTlv, parseTlv, TlvError } from '../../../src/common/apdu/tlv.ts';

/** A channel answering from a script and recording what was sent and whether it was marked idempotent. */
function scripted(answers: string[]): ApduChannel & { sent: string[]; idempotent: boolean[] } {
  const sent: string[] = [];
  const idempotent: boolean[] = [];
  return {
    sent,
    idempotent,
    async transmit(apdu, options) {
      sent.push(hex(apdu));
      idempotent.push(options.idempotent);
      const next = answers.shift();
      if (next === undefined) throw new Error('script ran out');
      return fromHex(next);
    },
  };
}

describe('APDU exchanger', () => {
  it('follows 61 xx with GET RESPONSE and joins the data (T=0 SELECT)', async () => {
    const channel = scripted(['61 04', '6F 02 84 00 90 00']);
    const r = await new ApduExchanger(channel).exchange({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('01 02') });
    expect(channel.sent).toEqual(['00 a4 04 00 02 01 02', '00 c0 00 00 04']);
    expect(r.sw).toBe(0x9000);
    expect(hex(r.data)).toBe('6f 02 84 00');
  });

  it('keeps asking while the card says 61 xx and concatenates every part', async () => {
    const channel = scripted(['AA 61 02', 'BB CC 61 01', 'DD 90 00']);
    const r = await new ApduExchanger(channel).exchange({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 });
    expect(hex(r.data)).toBe('aa bb cc dd');
  });

  it('re-sends with the Le the card asked for after 6C xx', async () => {
    const channel = scripted(['6C 0C', '01 0A 31 32 33 34 35 36 37 38 39 30 90 00']);
    const r = await new ApduExchanger(channel).exchange({ cla: 0, ins: 0xb2, p1: 4, p2: 0, le: 14 });
    expect(channel.sent).toEqual(['00 b2 04 00 0e', '00 b2 04 00 0c']);
    expect(r.data.length).toBe(12);
  });

  it('marks reads as safe to repeat and VERIFY as not', async () => {
    const channel = scripted(['90 00', '90 00']);
    const x = new ApduExchanger(channel);
    await x.exchange({ cla: 0, ins: 0xb2, p1: 1, p2: 0, le: 18 });
    await x.exchange({ cla: 0, ins: 0x20, p1: 0, p2: 0, data: fromHex('12 34 56') });
    expect(channel.idempotent).toEqual([true, false]);
  });

  it('gives up with a typed error on a card that never stops saying 61 xx', async () => {
    const endless: ApduChannel = { transmit: async () => fromHex('00 61 01') };
    await expect(new ApduExchanger(endless).exchange({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 })).rejects.toMatchObject({ code: 'endless-response' });
  });

  it('returns or throws ApduError, whatever the card answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 20 }), { minLength: 70, maxLength: 70 }), async (answers) => {
        let i = 0;
        const channel: ApduChannel = {
          transmit: async (apdu) => {
            decodeCommandApdu(apdu);
            return answers[i++ % answers.length]!;
          },
        };
        try {
          await new ApduExchanger(channel).exchange({ cla: 0, ins: 0xb2, p1: 1, p2: 0, le: 20 });
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

const concatBytes = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);

describe('BER-TLV', () => {
  it('finds 9F0C inside the FCI template', () => {
    const fci = fromHex('6F 0A 84 02 AA BB A5 04 9F 0C 01 03');
    expect(hex(findTlv(parseTlv(fci), 0x9f0c)!.value)).toBe('03');
  });

  it('refuses the indefinite length form 80 instead of reading it as 128 bytes', () => {
    const indefinite = concatBytes(fromHex('A5 80'), new Uint8Array(130));
    expect(() => parseTlv(indefinite)).toThrow(TlvError);
  });

  it('refuses a three-byte tag instead of misreading its last byte as the length', () => {
    // Tag DF 81 02, length 01, value AA: read as tag DF 81 it would "parse" as length 02, value 01 AA.
    expect(() => parseTlv(fromHex('DF 81 02 01 AA'))).toThrow(TlvError);
  });

  it('throws only TlvError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        try {
          parseTlv(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(TlvError);
        }
      }),
    );
  });
});

