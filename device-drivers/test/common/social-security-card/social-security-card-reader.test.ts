import { describe, expect, it } from 'vitest';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
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

  it('reports an empty slot as no-card and a mute card as card-mute', async () => {
    const { sim, reader } = setup({ initialCard: null });
    expect(await reader.read()).toEqual({ ok: false, error: 'no-card' });
    sim.control({ action: 'insert-card', card: 'ssc-mute' });
    expect(await reader.read({ pin: '123456' })).toEqual({ ok: false, error: 'card-mute' });
  });

  it('reports a card without the social-security application as not-social-security-card, before any PIN is sent', async () => {
    const { sim, transport, reader } = setup({ initialCard: null });
    sim.control({ action: 'insert-card', card: 'bank-card' });
    expect(await reader.read({ pin: '123456' })).toEqual({ ok: false, error: 'not-social-security-card' });
    // The INS byte of every APDU sent to slot 0 (XfrBlock payload starts at byte 11): SELECT
    // went out, VERIFY did not, so the PIN is never offered to a foreign card.
    const instructions = transport.written.filter((w) => w[1] === 0x6f && w[6] === 0).map((w) => w[12]);
    expect(instructions).toContain(0xa4);
    expect(instructions).not.toContain(0x20);
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

  describe('with a holder challenge', () => {
    const challenge = Uint8Array.from({ length: 16 }, (_, i) => i * 11);
    const expectedHex = async (cardNumber: string) =>
      Buffer.from(await cardCryptogram(await diversifyCardKey(parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX), cardNumber), challenge)).toString('hex');
    /** XfrBlock frames (type 6F) whose APDU starts with these bytes. */
    const apdus = (written: Uint8Array[], ...head: number[]) => written.filter((w) => w[1] === 0x6f && head.every((b, i) => w[11 + i] === b));

    it("returns a 3.00 card's cryptogram over the challenge, computed after VERIFY in the same card session", async () => {
      const { sim, transport, reader } = setup();
      sim.control({ action: 'insert-card', card: 'ssc-v3-zhang' });
      const r = await reader.read({ pin: '123456', challenge });
      const h = DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeimingV3;
      expect(r).toMatchObject({ ok: true, card: { citizenId: h.citizenId, cardNumber: h.cardNumber, version: '3.00', cryptogram: await expectedHex(h.cardNumber) } });
      const verify = transport.written.indexOf(apdus(transport.written, 0x00, 0x20)[0]!);
      const authenticate = transport.written.indexOf(apdus(transport.written, 0x00, 0x88, 0x00, 0x01)[0]!);
      const powerOffs = transport.written.map((w, i) => (w[1] === 0x63 && w[6] === 0 ? i : -1)).filter((i) => i >= 0);
      expect(verify).toBeGreaterThan(0);
      expect(authenticate).toBeGreaterThan(verify);
      expect(powerOffs.every((i) => i < verify || i > authenticate)).toBe(true);
    });

    it('returns no cryptogram from a 2.00 card, which has no card authentication', async () => {
      const { reader } = setup();
      const r = await reader.read({ pin: '123456', challenge });
      expect(r.ok && r.card.version).toBe('2.00');
      expect(r.ok && 'cryptogram' in r.card).toBe(false);
    });

    it('sends VERIFY once and no INTERNAL AUTHENTICATE when the PIN is wrong', async () => {
      const { sim, transport, reader } = setup();
      sim.control({ action: 'insert-card', card: 'ssc-v3-zhang' });
      expect(await reader.read({ pin: '000000', challenge })).toMatchObject({ ok: false, error: 'wrong-pin', triesLeft: 2 });
      expect(apdus(transport.written, 0x00, 0x20)).toHaveLength(1);
      expect(apdus(transport.written, 0x00, 0x88, 0x00, 0x01)).toHaveLength(0);
    });

    it('refuses a challenge without a PIN: the card signs only for a holder who gave it', () => {
      const { reader } = setup();
      expect(() => reader.read({ challenge })).toThrow(TypeError);
    });

    it('powers the card down when the session ends', async () => {
      const { transport, reader } = setup();
      await reader.endSession();
      const last = transport.written.at(-1)!;
      expect([last[1], last[6]]).toEqual([0x63, 0]);
    });
  });
});
