import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HidPosAssembler } from '../../../src/common/scanner/hid-pos.ts';
import { ScanLineDecoder } from '../../../src/common/scanner/serial-lines.ts';
import { ScannerError, symbologyFromAimId } from '../../../src/common/scanner/symbology.ts';
import { KeyboardWedgeAssembler } from '../../../src/common/scanner/wedge.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** A 63-byte HID POS report without the report id: length, AIM id, data, padding, flag. */
function report(aim: string, data: string, more: boolean): Uint8Array {
  const r = new Uint8Array(63);
  r.set([data.length, ...ascii(aim), ...ascii(data)]);
  r[62] = more ? 1 : 0;
  return r;
}

describe('symbology ids', () => {
  it('maps AIM ids to names', () => {
    expect(symbologyFromAimId(']C0')).toBe('code128');
    expect(symbologyFromAimId(']C1')).toBe('gs1-128');
    expect(symbologyFromAimId(']E0')).toBe('ean13');
    expect(symbologyFromAimId(']E4')).toBe('ean8');
    expect(symbologyFromAimId(']Q1')).toBe('qr');
    expect(symbologyFromAimId(']d2')).toBe('data-matrix');
    expect(symbologyFromAimId('abc')).toBe('unknown');
  });
});

describe('HID POS reports', () => {
  it('assembles a code split over reports (report id stripped by the OS)', () => {
    const a = new HidPosAssembler({ reportIdInData: false });
    expect(a.receive(report(']Q1', 'https://pay.example', true))).toBeUndefined();
    expect(a.receive(report(']Q1', '.cn/t/1', false))).toEqual({ code: 'https://pay.example.cn/t/1', symbology: 'qr' });
  });

  it('shifts offsets when node-hid puts the report id in data[0], and rejects other report ids', () => {
    const a = new HidPosAssembler({ reportIdInData: true });
    expect(a.receive(Uint8Array.from([0x02, ...report(']E0', '6901234567892', false)]))).toEqual({ code: '6901234567892', symbology: 'ean13' });
    expect(() => a.receive(Uint8Array.from([0x01, ...report(']E0', '1', false)]))).toThrowError(expect.objectContaining({ code: 'bad-report' }));
  });

  it('rejects a length that does not fit the report, and starts clean afterwards', () => {
    const a = new HidPosAssembler({ reportIdInData: false });
    const bad = report(']C0', 'X', true);
    a.receive(report(']C0', 'LOST', true));
    bad[0] = 200;
    expect(() => a.receive(bad)).toThrow(ScannerError);
    expect(a.receive(report(']C0', 'OK', false))).toEqual({ code: 'OK', symbology: 'code128' });
  });

  it('bounds a code whose more-reports flag never clears', () => {
    const a = new HidPosAssembler({ reportIdInData: false, maxCodeBytes: 100 });
    const more = report(']C0', 'x'.repeat(58), true);
    a.receive(more);
    expect(() => a.receive(more)).toThrowError(expect.objectContaining({ code: 'code-too-long' }));
  });

  it('property: random reports only ever give codes or ScannerError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 30 }), fc.boolean(), (reports, withId) => {
        const a = new HidPosAssembler({ reportIdInData: withId, maxCodeBytes: 500 });
        for (const r of reports) {
          try {
            const scan = a.receive(r);
            if (scan) expect(typeof scan.code).toBe('string');
          } catch (e) {
            expect(e).toBeInstanceOf(ScannerError);
          }
        }
      }),
    );
  });
});

describe('serial line mode', () => {
  it('splits codes on CR and CR LF across chunks and reads AIM prefixes', () => {
    const d = new ScanLineDecoder();
    const events = [
      ...d.receive(Uint8Array.from(ascii(']E069012345'))),
      ...d.receive(Uint8Array.from(ascii('67892\r'))),
      ...d.receive(Uint8Array.from(ascii('\nKSK-0042\r'))),
      ...d.receive(Uint8Array.from(ascii('\n\r\n'))),
    ];
    expect(events).toEqual([
      { type: 'code', scan: { code: '6901234567892', symbology: 'ean13' } },
      { type: 'code', scan: { code: 'KSK-0042', symbology: 'unknown' } },
    ]);
  });

  it('drops an endless line with one typed error and goes on', () => {
    const d = new ScanLineDecoder(16);
    const events = d.receive(Uint8Array.from([...ascii('x'.repeat(40)), 0x0d, ...ascii('OK'), 0x0d]));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'line-too-long' }) },
      { type: 'code', scan: { code: 'OK', symbology: 'unknown' } },
    ]);
  });

  it('property: chunking never changes the codes, and random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 40 }), (bytes, cuts) => {
        const whole = new ScanLineDecoder(64).receive(bytes);
        const d = new ScanLineDecoder(64);
        const events = [];
        let at = 0;
        for (const c of [...cuts, bytes.length]) {
          events.push(...d.receive(bytes.subarray(at, at + c)));
          at += c;
          if (at >= bytes.length) break;
        }
        expect(events).toEqual(whole);
      }),
    );
  });
});

describe('keyboard wedge', () => {
  const type = (w: KeyboardWedgeAssembler, keys: string[], start: number, gap: number) => keys.map((k, i) => w.key(k, start + i * gap)).filter((x) => x !== undefined);

  it('turns a fast burst ending in Enter into one code', () => {
    const w = new KeyboardWedgeAssembler();
    expect(type(w, [...'6901234567892', 'Enter'], 1000, 4)).toEqual([{ code: '6901234567892', symbology: 'unknown' }]);
  });

  it('leaves human typing alone, even when a person presses Enter', () => {
    const w = new KeyboardWedgeAssembler();
    expect(type(w, [...'12345', 'Enter'], 1000, 180)).toEqual([]);
  });

  it('ignores slow keys typed before a scan and modifier keys inside it', () => {
    const w = new KeyboardWedgeAssembler();
    w.key('a', 0);
    w.key('b', 400);
    expect(type(w, [']', 'Shift', 'Q', '1', ...'TX-0001', 'Enter'], 2000, 3)).toEqual([{ code: 'TX-0001', symbology: 'qr' }]);
  });

  it('property: arbitrary key streams never throw, and a code typed fast always comes out whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', '1', 'Enter', 'Shift', 'Tab', ' '), fc.integer({ min: 0, max: 500 })), { maxLength: 50 }),
        fc.string({ unit: fc.constantFrom('A', '7', '-', '.'), minLength: 4, maxLength: 40 }),
        (noise, code) => {
          const w = new KeyboardWedgeAssembler();
          let t = 0;
          for (const [k, dt] of noise) w.key(k, (t += dt));
          t += 1000;
          const out = type(w, [...code, 'Enter'], t, 5);
          expect(out).toEqual([{ code, symbology: 'unknown' }]);
        },
      ),
    );
  });
});
