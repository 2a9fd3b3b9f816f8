import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../src/common/apdu/apdu.ts';
import { CcidFrameError, CcidFrameParser, encodeCcidFrame, type CcidFrameEvent, type CcidMessage } from '../../../src/common/ccid/frame.ts';
import { getSlotStatus, xfrBlock } from '../../../src/common/ccid/messages.ts';

const messages = (events: CcidFrameEvent[]) => events.flatMap((e) => (e.type === 'message' ? [e.message] : []));
const errors = (events: CcidFrameEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));

describe('serial CCID framing', () => {
  it('encodes GetSlotStatus as 02 | header | LRC | 03 with LRC the XOR of the header', () => {
    expect(hex(encodeCcidFrame(getSlotStatus(0, 1)))).toBe('02 65 00 00 00 00 00 01 00 00 00 64 03');
  });

  it('encodes an XfrBlock carrying the SSSE SELECT APDU with a little-endian length', () => {
    const select = fromHex('00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF');
    const frame = encodeCcidFrame(xfrBlock(0, 7, select));
    expect(hex(frame.subarray(0, 11))).toBe('02 6f 14 00 00 00 00 07 00 00 00');
    expect(frame.subarray(11, 31)).toEqual(select);
    const lrc = frame.subarray(1, 31).reduce((x, b) => x ^ b, 0);
    expect(frame[31]).toBe(lrc);
    expect(frame[32]).toBe(0x03);
  });

  it('parses a reply split into single bytes', () => {
    const frame = encodeCcidFrame({ type: 0x80, slot: 0, seq: 9, params: [0, 0, 0], payload: fromHex('90 00') });
    const parser = new CcidFrameParser();
    const events = [...frame].flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(messages(events)).toEqual([{ type: 0x80, slot: 0, seq: 9, params: [0, 0, 0], payload: fromHex('90 00') }]);
    expect(errors(events)).toEqual([]);
  });

  it('skips garbage before STX and reports it', () => {
    const parser = new CcidFrameParser();
    const events = parser.push(Uint8Array.from([0xff, 0x13, ...encodeCcidFrame(getSlotStatus(1, 2))]));
    expect(errors(events)).toEqual(['garbage']);
    expect(messages(events).map((m) => [m.slot, m.seq])).toEqual([[1, 2]]);
  });

  it('reports a bad LRC and still delivers the good frame right behind it', () => {
    const bad = encodeCcidFrame(getSlotStatus(0, 1));
    bad[11]! ^= 0x55;
    const parser = new CcidFrameParser();
    const events = parser.push(Uint8Array.from([...bad, ...encodeCcidFrame(getSlotStatus(0, 2))]));
    expect(errors(events)).toContain('bad-lrc');
    expect(messages(events).map((m) => m.seq)).toEqual([2]);
  });

  it('reports a frame whose last byte is not ETX', () => {
    const bad = encodeCcidFrame(getSlotStatus(0, 1));
    bad[12] = 0x04;
    expect(errors(new CcidFrameParser().push(bad))).toContain('bad-etx');
  });

  it('rejects an impossible length instead of waiting for it', () => {
    const parser = new CcidFrameParser(300);
    const events = parser.push(fromHex('02 80 ff ff 00 00 00 00 00 00 00'));
    expect(errors(events)).toContain('oversize');
  });

  it('expires a truncated frame and recovers the frame hidden behind a stray STX', () => {
    const parser = new CcidFrameParser();
    const good = encodeCcidFrame(getSlotStatus(0, 5));
    // A stray 02 followed by bytes that claim a 3-byte payload swallows the start of the good frame.
    expect(messages(parser.push(Uint8Array.from([0x02, 0x80, 0x40, 0x00, 0x00, 0x00, ...good])))).toEqual([]);
    const events = parser.expire();
    expect(errors(events)[0]).toBe('truncated');
    expect(messages(events).map((m) => m.seq)).toEqual([5]);
  });

  it('refuses to encode a payload above the CCID maximum', () => {
    expect(() => encodeCcidFrame(xfrBlock(0, 0, new Uint8Array(70_000)))).toThrow(CcidFrameError);
  });
});

const messageArb: fc.Arbitrary<CcidMessage> = fc.record({
  type: fc.integer({ min: 0, max: 255 }),
  slot: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 255 }),
  params: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
  payload: fc.uint8Array({ maxLength: 300 }),
});

/** Cuts `bytes` at the given (sorted, deduplicated) positions. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

describe('serial CCID parser properties', () => {
  it('never throws on random bytes in random chunks, and only reports CcidFrameErrors', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const parser = new CcidFrameParser(512);
        const events = [...chunks.flatMap((c) => parser.push(c)), ...parser.expire()];
        for (const e of events) if (e.type === 'error') expect(e.error).toBeInstanceOf(CcidFrameError);
      }),
    );
  });

  it('round-trips any sequence of frames however the line splits them', () => {
    fc.assert(
      fc.property(fc.array(messageArb, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (msgs, cuts) => {
        const wire = Uint8Array.from(msgs.flatMap((m) => [...encodeCcidFrame(m)]));
        const parser = new CcidFrameParser();
        const events = split(wire, cuts).flatMap((c) => parser.push(c));
        expect(messages(events)).toEqual(msgs.map((m) => ({ ...m, params: [...m.params] })));
        expect(errors(events)).toEqual([]);
      }),
    );
  });

  it('finds every frame after garbage that contains no STX', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 20 }).map((g) => g.filter((b) => b !== 0x02)), messageArb), { maxLength: 5 }), (parts) => {
        const wire = Uint8Array.from(parts.flatMap(([g, m]) => [...g, ...encodeCcidFrame(m)]));
        const parser = new CcidFrameParser();
        expect(messages(parser.push(wire)).map((m) => m.seq)).toEqual(parts.map(([, m]) => m.seq));
      }),
    );
  });

  it('after any single corrupted byte, later good frames still arrive once the bad one expires', () => {
    fc.assert(
      fc.property(messageArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, where, flip) => {
        const bad = encodeCcidFrame(m);
        bad[where % bad.length]! ^= flip;
        const good = encodeCcidFrame({ ...m, seq: (m.seq + 1) & 0xff, payload: new Uint8Array(0) });
        const parser = new CcidFrameParser();
        const events = parser.push(Uint8Array.from([...bad, ...good]));
        // Each expiry is one host timeout; a stray 02 inside the payload can cost one more.
        for (let i = 0; i < bad.length && parser.pendingBytes > 0; i++) events.push(...parser.expire());
        const seqs = messages(events).map((x) => x.seq);
        expect(seqs).toContain((m.seq + 1) & 0xff);
      }),
    );
  });
});
