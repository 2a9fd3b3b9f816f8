import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCcidFrame } from '../../../src/common/ccid/frame.ts';
import { createVirtualCardReader, createVirtualIdReader } from '../../../src/common/sim/index.ts';

describe('virtual card reader control', () => {
  it('lists its cards and which one is inserted', () => {
    const sim = createVirtualCardReader();
    const r = sim.control({ action: 'list-cards' });
    expect(r).toMatchObject({ ok: true, inserted: 'ssc-v2' });
    expect((r as unknown as { cards: { id: string }[] }).cards.map((c) => c.id)).toEqual(['ssc-v2', 'ssc-v3-zhang', 'ssc-v3', 'ssc-blocked', 'ssc-mute', 'bank-card']);
  });

  it('inserts and removes cards and rejects unknown ones with a helpful error', () => {
    const sim = createVirtualCardReader({ initialCard: null });
    expect(sim.control({ action: 'insert-card', card: 'ssc-v3' })).toEqual({ ok: true, inserted: 'ssc-v3' });
    expect(sim.control({ action: 'list-cards' })).toMatchObject({ inserted: 'ssc-v3' });
    expect(sim.control({ action: 'remove-card' })).toEqual({ ok: true });
    expect(sim.control({ action: 'insert-card', card: 'nope' })).toMatchObject({ ok: false });
    expect(sim.control({ action: 'explode' })).toMatchObject({ ok: false });
  });

  it('announces insertion and removal with NotifySlotChange frames', () => {
    const sim = createVirtualCardReader({ initialCard: null });
    const out: Uint8Array[] = [];
    sim.connect((b) => out.push(b));
    sim.control({ action: 'insert-card', card: 'ssc-v2' });
    sim.control({ action: 'remove-card' });
    expect(out.map((f) => [f[1], f[11]])).toEqual([
      [0x50, 0b0111],
      [0x50, 0b0110],
    ]);
  });

  it('never throws on random bytes from the host and answers only whole frames', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 10 }), (chunks) => {
        const sim = createVirtualCardReader();
        sim.connect(() => undefined);
        for (const c of chunks) sim.receive(c, 0);
      }),
    );
  });

  it('answers any well-framed command without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 40 }), (type, slot, payload) => {
        const sim = createVirtualCardReader();
        const out: Uint8Array[] = [];
        sim.connect((b) => out.push(b));
        sim.receive(encodeCcidFrame({ type: 0x62, slot: 0, seq: 0, params: [0, 0, 0], payload: new Uint8Array(0) }), 0);
        sim.receive(encodeCcidFrame({ type, slot, seq: 1, params: [0, 0, 0], payload }), 0);
        expect(out.length).toBe(2);
      }),
    );
  });
});

describe('virtual ID reader control', () => {
  it('places each document, removes it and lists them', () => {
    const sim = createVirtualIdReader({ initialCard: null });
    expect(sim.control({ action: 'list-cards' })).toEqual({ ok: true, cards: ['id-card', 'residence-permit', 'foreign-permanent-residence'], placed: null });
    expect(sim.control({ action: 'place-card', card: 'residence-permit' })).toEqual({ ok: true, placed: 'residence-permit' });
    expect(sim.control({ action: 'remove-card' })).toEqual({ ok: true });
    expect(sim.control({ action: 'place-card', card: 'passport' })).toMatchObject({ ok: false });
  });

  it('never throws on random bytes from the host', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 10 }), (chunks) => {
        const sim = createVirtualIdReader();
        sim.connect(() => undefined);
        for (const c of chunks) sim.receive(c, 0);
      }),
    );
  });
});
