import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmd } from '../../../src/common/escpos/commands.ts';
import { EscPosDecodeError, EscPosDecoder } from '../../../src/common/escpos/decoder.ts';
import { runtimeGb18030Decoder } from '../../../src/common/escpos/text-codec.ts';

const decoder = (): EscPosDecoder => new EscPosDecoder(runtimeGb18030Decoder());

describe('ESC/POS decoder (virtual printer)', () => {
  it('decodes text attributes, QR, feed, cut and status requests', () => {
    const bytes = Uint8Array.from([
      ...cmd.initialise(),
      ...cmd.align('right'),
      ...cmd.emphasis(true),
      ...cmd.size(2, 2),
      ...cmd.chineseOn(),
      0xbd, 0xc9, 0xb7, 0xd1,
      ...cmd.chineseOff(),
      0x0a,
      ...cmd.qrStoreHeader(2),
      0x41, 0x42,
      ...cmd.qrPrint(),
      ...cmd.statusRequest(2),
      ...cmd.feed(3),
      ...cmd.cutFull(),
    ]);
    const events = decoder().receive(bytes);
    expect(events).toEqual([
      { type: 'initialise' },
      { type: 'block', block: { kind: 'text', text: '缴费', align: 'right', bold: true, size: 2 } },
      { type: 'block', block: { kind: 'qr', data: 'AB' } },
      { type: 'status-request', kind: 2 },
      { type: 'block', block: { kind: 'feed', lines: 3 } },
      { type: 'cut' },
    ]);
  });

  it('skips an unknown command with a typed error event and goes on printing', () => {
    const events = decoder().receive(Uint8Array.from([0x1b, 0x7a, 0x41, 0x0a]));
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'unknown-command' } });
    expect(events[1]).toMatchObject({ type: 'block', block: { text: 'A' } });
  });

  it('property: random bytes never throw, and chunking does not change what is decoded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.constantFrom(...[cmd.initialise(), cmd.qrPrint(), cmd.statusRequest(1), cmd.size(2, 2), [0x1d, 0x28, 0x6b, 0x05, 0x00]].map((c) => Uint8Array.from(c)))), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }),
        (parts, cuts) => {
          const bytes = Uint8Array.from(parts.flatMap((p) => Array.from(p)));
          const whole = decoder().receive(bytes);
          const d = decoder();
          const events = [];
          let at = 0;
          for (const c of [...cuts, bytes.length]) {
            events.push(...d.receive(bytes.subarray(at, at + c)));
            at += c;
            if (at >= bytes.length) break;
          }
          expect(events).toEqual(whole);
          for (const e of whole) if (e.type === 'error') expect(e.error).toBeInstanceOf(EscPosDecodeError);
        },
      ),
    );
  });
});
