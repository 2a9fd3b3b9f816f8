import { describe, expect, it } from 'vitest';
import { CcidReader } from '../../../src/common/ccid/ccid-reader.ts';
import { SocialSecurityCardReader } from '../../../src/common/social-security-card/social-security-card-reader.ts';
import { DEMO_SOCIAL_SECURITY_HOLDERS } from '../../../src/common/sim/demo-people.ts';
import { VirtualCardReader, type VirtualCardReaderOptions } from '../../../src/common/sim/virtual-card-reader.ts';
import { FakeScheduler, settle } from '../../support/fake-scheduler.ts';
import { FakeTransport } from '../../support/fake-transport.ts';

function setup(options: VirtualCardReaderOptions = {}) {
  const sim = new VirtualCardReader(options);
  const transport = new FakeTransport().attach(sim);
  const scheduler = new FakeScheduler();
  const ccid = new CcidReader(transport, scheduler, { timeoutMs: 1000, retries: 1 });
  return { sim, transport, scheduler, ccid, reader: new SocialSecurityCardReader(ccid) };
}

describe('SocialSecurityCardReader', () => {
  it('reads a 2.00 T=0 card into the shared result type', async () => {
    const { reader } = setup();
    const h = DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming;
    expect(await reader.read()).toEqual({
      ok: true,
      card: {
        kind: 'social-security',
        cardNumber: h.cardNumber,
        citizenId: h.citizenId,
        name: h.name,
        sex: '1',
        birthDate: '1985-03-12',
        issueDate: '2019-06-18',
        expiryDate: '2029-06-18',
        regionCode: '310104',
        version: '2.00',
      },
    });
  });

  it('reads a 3.00 card through the PSAM in slot 1 after the right PIN', async () => {
    const { sim, reader } = setup();
    sim.control({ action: 'insert-card', card: 'ssc-v3' });
    const r = await reader.read({ pin: '654321' });
    expect(r).toMatchObject({ ok: true, card: { name: DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.name, version: '3.00', regionCode: '310106' } });
  });

  it('powers the PSAM once for many reads', async () => {
    const { sim, transport, reader } = setup();
    sim.control({ action: 'insert-card', card: 'ssc-v3' });
    for (let i = 0; i < 3; i++) expect(await reader.read()).toMatchObject({ ok: true });
    const psamPowerOns = transport.written.filter((w) => w[1] === 0x62 && w[6] === 1);
    expect(psamPowerOns).toHaveLength(1);
  });

  it('runs overlapping reads one after another, each complete', async () => {
    const { reader } = setup();
    const results = await Promise.all([reader.read(), reader.read({ pin: '123456' }), reader.read()]);
    for (const r of results) expect(r).toMatchObject({ ok: true, card: { name: DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming.name } });
  });

  it('cannot read a 3.00 card when the reader has no PSAM', async () => {
    const { sim, reader } = setup({ psam: false });
    sim.control({ action: 'insert-card', card: 'ssc-v3' });
    expect(await reader.read()).toEqual({ ok: false, error: 'unreadable' });
  });

  it('counts wrong PINs down and then reports the card blocked', async () => {
    const { reader } = setup();
    expect(await reader.read({ pin: '000000' })).toEqual({ ok: false, error: 'wrong-pin', triesLeft: 2 });
    expect(await reader.read({ pin: '000000' })).toEqual({ ok: false, error: 'wrong-pin', triesLeft: 1 });
    expect(await reader.read({ pin: '000000' })).toEqual({ ok: false, error: 'pin-blocked', triesLeft: 0 });
    expect(await reader.read({ pin: '123456' })).toMatchObject({ ok: false, error: 'pin-blocked' });
  });

  it('reports a blocked card as pin-blocked', async () => {
    const { sim, reader } = setup();
    sim.control({ action: 'insert-card', card: 'ssc-blocked' });
    expect(await reader.read({ pin: '111111' })).toMatchObject({ ok: false, error: 'pin-blocked' });
  });

  it('reports an empty slot as no-card and a mute card as unreadable', async () => {
    const { sim, reader } = setup({ initialCard: null });
    expect(await reader.read()).toEqual({ ok: false, error: 'no-card' });
    sim.control({ action: 'insert-card', card: 'ssc-mute' });
    expect(await reader.read()).toEqual({ ok: false, error: 'unreadable' });
  });

  it('reports card-removed when the card is yanked in the middle of the read', async () => {
    for (const afterApdus of [0, 3, 9, 14]) {
      const { sim, reader } = setup();
      sim.control({ action: 'remove-card', afterApdus });
      expect(await reader.read()).toEqual({ ok: false, error: 'card-removed' });
    }
  });

  it('reports reader-absent after the retries when the reader falls silent, without hanging', async () => {
    const { transport, scheduler, reader } = setup();
    transport.deviceOutput = () => [];
    const result = reader.read();
    for (let i = 0; i < 4; i++) await scheduler.advance(1000);
    expect(await result).toEqual({ ok: false, error: 'reader-absent' });
  });

  it('still reads when one reply is corrupted on the line', async () => {
    const { transport, reader } = setup();
    let n = 0;
    transport.deviceOutput = (bytes) => {
      if (++n === 6) {
        const bad = bytes.slice();
        bad[bad.length - 2]! ^= 0x20;
        return [bad];
      }
      return [bytes];
    };
    expect(await reader.read()).toMatchObject({ ok: true });
  });

  it('still reads when every reply arrives split into single bytes with noise in front', async () => {
    const { transport, reader } = setup();
    transport.deviceOutput = (bytes) => [Uint8Array.of(0xff), ...Array.from(bytes, (b) => Uint8Array.of(b))];
    expect(await reader.read()).toMatchObject({ ok: true });
  });

  it('tells its listener when a card is inserted or removed', async () => {
    const { sim, reader } = setup({ initialCard: null });
    const events: string[] = [];
    reader.onCardEvent((e) => events.push(e.type));
    sim.control({ action: 'insert-card', card: 'ssc-v2' });
    await settle();
    sim.control({ action: 'remove-card' });
    await settle();
    expect(events).toEqual(['card-inserted', 'card-removed']);
  });
});
