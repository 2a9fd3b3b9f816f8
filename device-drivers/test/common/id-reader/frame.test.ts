import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../src/common/apdu/apdu.ts';
import { decodeIdReply, encodeIdCommand, encodeIdFrame, encodeIdReply, ID_COMMANDS, IdFrameError, IdFrameParser, type IdFrameEvent } from '../../../src/common/id-reader/frame.ts';

const bodies = (events: IdFrameEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [hex(e.body)] : []));
const errors = (events: IdFrameEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));

describe('ID reader frames', () => {
  it('encodes find card as AA AA AA 96 69 00 03 20 01 22', () => {
    expect(hex(encodeIdCommand(ID_COMMANDS.findCard))).toBe('aa aa aa 96 69 00 03 20 01 22');
  });

  it('encodes select card and read text+photo', () => {
    expect(hex(encodeIdCommand(ID_COMMANDS.selectCard))).toBe('aa aa aa 96 69 00 03 20 02 21');
    expect(hex(encodeIdCommand(ID_COMMANDS.readText))).toBe('aa aa aa 96 69 00 03 30 01 32');
  });

  it('decodes the four status words', () => {
    const status = (frame: Uint8Array) => decodeIdReply(bodyOf(frame)).status;
    expect(status(encodeIdReply('ok'))).toBe('ok');
    expect(status(encodeIdReply('card-found'))).toBe('card-found');
    expect(status(encodeIdReply('no-card'))).toBe('no-card');
    expect(status(encodeIdReply('select-failed'))).toBe('select-failed');
    expect(hex(encodeIdReply('card-found'))).toBe('aa aa aa 96 69 00 04 00 00 9f 9b');
  });

  it('skips garbage, reports a bad checksum and keeps the next frame', () => {
    const bad = encodeIdReply('ok');
    bad[bad.length - 1]! ^= 1;
    const events = new IdFrameParser().push(Uint8Array.from([0x01, 0xaa, ...bad, ...encodeIdReply('no-card')]));
    expect(errors(events)).toEqual(['garbage', 'bad-checksum', 'garbage']);
    expect(bodies(events)).toEqual(['00 00 80']);
  });

  it('keeps a preamble split across chunks', () => {
    const frame = encodeIdReply('ok');
    const parser = new IdFrameParser();
    const events = [...parser.push(frame.subarray(0, 3)), ...parser.push(frame.subarray(3))];
    expect(bodies(events)).toEqual(['00 00 90']);
    expect(errors(events)).toEqual([]);
  });

  it('throws only IdFrameError on random bytes and never loses a frame after noise without AA', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 10 }), fc.uint8Array({ maxLength: 30 }), (chunks, data) => {
        const parser = new IdFrameParser();
        const noise = chunks.map((c) => c.filter((b) => b !== 0xaa));
        const events = [...noise.flatMap((c) => parser.push(c)), ...parser.push(encodeIdReply('ok', data))];
        for (const e of events) if (e.type === 'error') expect(e.error).toBeInstanceOf(IdFrameError);
        expect(bodies(events).at(-1)).toBe(hex(Uint8Array.from([0, 0, 0x90, ...data])));
      }),
    );
  });

  it('round-trips any sequence of frames however the line splits them', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (frameBodies, cuts) => {
        const wire = Uint8Array.from(frameBodies.flatMap((b) => [...encodeIdFrame(b)]));
        const at = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
        const parser = new IdFrameParser();
        const events: IdFrameEvent[] = [];
        let prev = 0;
        for (const c of [...at, wire.length]) {
          events.push(...parser.push(wire.subarray(prev, c)));
          prev = c;
        }
        expect(bodies(events)).toEqual(frameBodies.map((b) => hex(b)));
        expect(errors(events)).toEqual([]);
      }),
    );
  });

  it('never throws on arbitrary bytes including preambles, and expiry empties it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.constant(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69))), { maxLength: 20 }), (chunks) => {
        const parser = new IdFrameParser();
        for (const c of chunks) parser.push(c);
        for (let i = 0; i < 200; i++) if (parser.expire().length === 0) return;
        throw new Error('parser did not drain');
      }),
    );
  });
});

function bodyOf(frame: Uint8Array): Uint8Array {
  const e = new IdFrameParser().push(frame)[0]!;
  if (e.type !== 'frame') throw new Error('not a frame');
  return e.body;
}
