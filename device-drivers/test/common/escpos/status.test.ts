import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAsb, decodeStatusReply, EscPosStatusError, printerStatusFromAsb, StatusStreamParser } from '../../../src/common/escpos/status.ts';

describe('DLE EOT replies', () => {
  it('decodes the printer, offline-cause, error-cause and paper-sensor bits', () => {
    expect(decodeStatusReply[1](0x16)).toEqual({ offline: false });
    expect(decodeStatusReply[1](0x1e)).toEqual({ offline: true });
    expect(decodeStatusReply[2](0x16)).toEqual({ coverOpen: true, paperEndStop: false, error: false });
    expect(decodeStatusReply[2](0x72)).toEqual({ coverOpen: false, paperEndStop: true, error: true });
    expect(decodeStatusReply[3](0x1a)).toEqual({ cutterError: true, unrecoverable: false, autoRecoverable: false });
    expect(decodeStatusReply[3](0x72)).toEqual({ cutterError: false, unrecoverable: true, autoRecoverable: true });
    expect(decodeStatusReply[4](0x12)).toEqual({ nearEnd: false, out: false });
    expect(decodeStatusReply[4](0x1e)).toEqual({ nearEnd: true, out: false });
    expect(decodeStatusReply[4](0x72)).toEqual({ nearEnd: false, out: true });
  });

  it('rejects a byte without the 0xx1xx10 pattern with a typed error', () => {
    expect(() => decodeStatusReply[1](0x00)).toThrow(EscPosStatusError);
    expect(() => decodeStatusReply[4](0x93)).toThrowError(expect.objectContaining({ code: 'not-a-status-byte' }));
  });

  it('property: every byte either decodes or throws EscPosStatusError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.constantFrom(1, 2, 3, 4) , (b, n) => {
        try {
          decodeStatusReply[n as 1 | 2 | 3 | 4](b);
          expect(b & 0x93).toBe(0x12);
        } catch (e) {
          expect(e).toBeInstanceOf(EscPosStatusError);
        }
      }),
    );
  });
});

describe('automatic status back', () => {
  it('decodes cover open, paper near end and paper out', () => {
    expect(printerStatusFromAsb(decodeAsb([0x10, 0, 0, 0]))).toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
    expect(printerStatusFromAsb(decodeAsb([0x38, 0, 0, 0]))).toEqual({ online: false, paper: 'ok', coverOpen: true, error: false });
    expect(printerStatusFromAsb(decodeAsb([0x10, 0, 0x03, 0]))).toMatchObject({ paper: 'near-end' });
    expect(printerStatusFromAsb(decodeAsb([0x18, 0, 0x0f, 0]))).toMatchObject({ paper: 'out', online: false });
    expect(printerStatusFromAsb(decodeAsb([0x10, 0x08, 0, 0]))).toMatchObject({ error: true });
    expect(() => decodeAsb([0x10, 0, 0])).toThrowError(expect.objectContaining({ code: 'truncated-asb' }));
  });

  it('parses ASB split across chunks and interleaved with DLE EOT replies', () => {
    const p = new StatusStreamParser();
    expect(p.receive(Uint8Array.of(0x16, 0x18))).toEqual([{ type: 'reply', byte: 0x16 }]);
    expect(p.receive(Uint8Array.of(0x00, 0x0c))).toEqual([]);
    const [event] = p.receive(Uint8Array.of(0x00));
    expect(event).toMatchObject({ type: 'asb', status: { offline: true, paperOut: true } });
  });

  it('reports garbage as typed error events and resynchronises', () => {
    const p = new StatusStreamParser();
    const events = p.receive(Uint8Array.of(0xff, 0x10, 0x00, 0x92, 0x12));
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['garbage', 'truncated-asb', 'garbage', 'reply']);
  });

  it('property: random bytes in random chunks give the same events as one chunk, and only typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 50 }), (bytes, cuts) => {
        const whole = new StatusStreamParser().receive(bytes);
        const split = new StatusStreamParser();
        const events = [];
        let at = 0;
        for (const c of [...cuts, bytes.length]) {
          events.push(...split.receive(bytes.subarray(at, at + c)));
          at += c;
          if (at >= bytes.length) break;
        }
        expect(events).toEqual(whole);
        for (const e of whole) if (e.type === 'error') expect(e.error).toBeInstanceOf(EscPosStatusError);
      }),
    );
  });
});
