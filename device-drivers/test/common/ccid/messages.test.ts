import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardPresence, decodeSlotChanges, decodeSlotStatus, encodeSlotStatus, notifySlotChange } from '../../../src/common/ccid/messages.ts';

describe('CCID reply status', () => {
  it('decodes bStatus 00 as a present, active card and a successful command', () => {
    expect(decodeSlotStatus(0x00, 0x00)).toEqual({ icc: 'active', command: 'ok' });
  });

  it('decodes 42 FE (command failed, no ICC) as an absent card', () => {
    const status = decodeSlotStatus(0x42, 0xfe);
    expect(status).toEqual({ icc: 'absent', command: 'failed', error: 'icc-mute' });
    expect(cardPresence(status)).toBe('absent');
  });

  it('decodes 41 FE (card present, not answering) as a mute card', () => {
    expect(cardPresence(decodeSlotStatus(0x41, 0xfe))).toBe('mute');
  });

  it('decodes bStatus 80 as a request for more time', () => {
    expect(decodeSlotStatus(0x80, 0x01).command).toBe('time-extension');
  });

  it('names an unknown bError as unknown rather than failing', () => {
    expect(decodeSlotStatus(0x40, 0x42).error).toBe('unknown');
  });

  it('round-trips status through encode and decode', () => {
    for (const icc of ['active', 'inactive', 'absent'] as const) {
      for (const s of [{ icc, command: 'ok' as const }, { icc, command: 'failed' as const, error: 'hw-error' as const }]) {
        const [b, e] = encodeSlotStatus(s);
        expect(decodeSlotStatus(b, e)).toEqual(s);
      }
    }
  });

  it('decodes any status byte pair without throwing', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (b, e) => void decodeSlotStatus(b, e)));
  });
});

describe('NotifySlotChange', () => {
  it('carries two bits per slot: card in slot 0 just removed, PSAM present in slot 1', () => {
    const m = notifySlotChange([
      { present: false, changed: true },
      { present: true, changed: false },
    ]);
    expect(m.type).toBe(0x50);
    expect([...m.payload]).toEqual([0b01_10]);
    expect(decodeSlotChanges(m.payload).slice(0, 2)).toEqual([
      { slot: 0, present: false, changed: true },
      { slot: 1, present: true, changed: false },
    ]);
  });
});
