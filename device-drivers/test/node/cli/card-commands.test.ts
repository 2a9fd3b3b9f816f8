/** kiosk-devices read-card / read-id, spawned as an operator runs them, against simulators on ptys. */
import { describe, expect, it } from 'vitest';
import { DEMO_ID_DOCUMENTS, DEMO_SOCIAL_SECURITY_HOLDERS } from '../../../src/common/sim/demo-people.ts';
import { createVirtualCardReader, createVirtualIdReader } from '../../../src/common/sim/index.ts';
import { cleanupAfterEach, cli, expectNoStack, json, serve } from '../../support/cli.ts';
import { INDEPENDENT_HOLDER, IndependentSsseResponder } from '../../support/independent-ssse-responder.ts';

cleanupAfterEach();

// Each spawn starts tsx (seconds on a loaded machine): generous timeouts, no timing asserts.
describe('kiosk-devices read-card', { timeout: 120_000 }, () => {
  it('prints the social-security card of the inserted 2.00 card at 9600 baud', async () => {
    const port = await serve(createVirtualCardReader(), 9600);
    const r = await cli(['read-card', '--port', port, '--baud', '9600']);
    const h = DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming;
    expect(json(r)).toEqual({
      kind: 'social-security',
      cardNumber: h.cardNumber,
      citizenId: h.citizenId,
      name: h.name,
      sex: '1',
      birthDate: h.birthDate,
      issueDate: h.issueDate,
      expiryDate: h.expiryDate,
      regionCode: '310104',
      version: '2.00',
    });
    expect(r.code).toBe(0);
  });

  it('reads a 3.00 card through the PSAM after the right PIN', async () => {
    const sim = createVirtualCardReader({ initialCard: 'ssc-v3' });
    const r = await cli(['read-card', '--port', await serve(sim), '--baud', '115200', '--pin', '654321']);
    expect(json(r)).toMatchObject({ name: DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.name, version: '3.00', citizenId: DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.citizenId });
    expect(r.code).toBe(0);
  });

  it('exits 3 with the tries left on a wrong PIN, and pin-blocked once they run out', async () => {
    const port = await serve(createVirtualCardReader());
    const args = ['read-card', '--port', port, '--baud', '115200', '--pin', '999999'];
    const first = await cli(args);
    expect(json(first)).toEqual({ error: 'wrong-pin', triesLeft: 2 });
    expect(first.code).toBe(3);
    await cli(args);
    const third = await cli(args);
    expect(json(third)).toMatchObject({ error: 'pin-blocked' });
    expect(third.code).toBe(3);
    expectNoStack(third);
  });

  it('exits 3 with pin-blocked for a blocked card', async () => {
    const r = await cli(['read-card', '--port', await serve(createVirtualCardReader({ initialCard: 'ssc-blocked' })), '--baud', '115200', '--pin', '111111']);
    expect(json(r)).toMatchObject({ error: 'pin-blocked' });
    expect(r.code).toBe(3);
  });

  it.each([
    ['ssc-mute', 'card-mute'],
    ['bank-card', 'not-social-security-card'],
  ])('exits 1 naming the card kind for %s (%s)', async (card, error) => {
    const r = await cli(['read-card', '--port', await serve(createVirtualCardReader({ initialCard: card })), '--baud', '115200', '--pin', '123456']);
    expect(json(r)).toEqual({ error });
    expect(r.code).toBe(1);
  });

  it('exits 2 with no-card when the slot is empty', async () => {
    const r = await cli(['read-card', '--port', await serve(createVirtualCardReader({ initialCard: null })), '--baud', '115200']);
    expect(json(r)).toEqual({ error: 'no-card' });
    expect(r.code).toBe(2);
    expectNoStack(r);
  });

  it('reports a port that does not exist as reader-absent, without a stack trace', async () => {
    const r = await cli(['read-card', '--port', '/dev/does-not-exist-card']);
    expect(json(r)).toMatchObject({ error: 'reader-absent' });
    expect(r.code).toBe(1);
    expectNoStack(r);
  });

  it('rejects a malformed PIN as a usage error before touching the card', async () => {
    const r = await cli(['read-card', '--port', '/dev/null', '--pin', '12ab']);
    expect(json(r)).toMatchObject({ error: 'usage' });
    expect(r.code).toBe(64);
  });

  it('reads a card served by an independent implementation of the protocol', async () => {
    const responder = new IndependentSsseResponder();
    const port = await serve(responder);
    const r = await cli(['read-card', '--port', port, '--baud', '115200', '--pin', INDEPENDENT_HOLDER.pin]);
    expect(json(r)).toEqual({
      kind: 'social-security',
      cardNumber: INDEPENDENT_HOLDER.cardNumber,
      citizenId: INDEPENDENT_HOLDER.citizenId,
      name: INDEPENDENT_HOLDER.name,
      sex: '1',
      birthDate: '1990-11-11',
      issueDate: '2020-03-01',
      expiryDate: '2030-03-01',
      regionCode: '310107',
      version: '2.00',
    });
    const wrong = await cli(['read-card', '--port', port, '--baud', '115200', '--pin', '000000']);
    expect(json(wrong)).toEqual({ error: 'wrong-pin', triesLeft: 2 });
    responder.control({ action: 'remove-card' });
    const none = await cli(['read-card', '--port', port, '--baud', '115200']);
    expect(json(none)).toEqual({ error: 'no-card' });
  });
});

describe('kiosk-devices read-id', { timeout: 120_000 }, () => {
  it('prints each kind of document', async () => {
    const sim = createVirtualIdReader();
    const port = await serve(sim);
    for (const kind of ['id-card', 'residence-permit', 'foreign-permanent-residence'] as const) {
      sim.control({ action: 'place-card', card: kind });
      const r = await cli(['read-id', '--port', port]);
      expect(json(r)).toEqual(DEMO_ID_DOCUMENTS[kind]);
      expect(r.code).toBe(0);
    }
  });

  it('exits 2 with no-card when nothing lies on the reader', async () => {
    const r = await cli(['read-id', '--port', await serve(createVirtualIdReader({ initialCard: null }))]);
    expect(json(r)).toEqual({ error: 'no-card' });
    expect(r.code).toBe(2);
    expectNoStack(r);
  });
});
