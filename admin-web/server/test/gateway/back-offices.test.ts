import { describe, expect, it } from 'vitest';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { isValidCitizenId } from '@civic-kiosk/protocol/gateway';
import { configFromEnv } from '../../src/config.ts';
import { createGateway, defaultGatewayConfig } from '../../src/gateway/back-offices.ts';

const T0 = Date.parse('2025-11-26T02:00:00Z');
function setup() {
  let now = T0;
  const gw = createGateway(defaultGatewayConfig(), () => now);
  return { gw, sims: gw.simulators!, advance: (ms: number) => (now += ms) };
}

/** The gateway part of the server's configuration from the environment. */
const gatewayFromEnv = (env: NodeJS.ProcessEnv) => configFromEnv(env).gateway;

describe('simulated billers', () => {
  it('looks up a seeded account with masked holder and address', async () => {
    const { gw } = setup();
    const [bill] = await gw.backOffices.billers.water.lookup('20481234');
    expect(bill).toMatchObject({ period: '2025-10', amountFen: 8650, dueDate: '2025-11-20', holderMasked: '张*华', status: 'unpaid' });
    expect(bill!.addressMasked).toBe('上海市浦江区****');
  });

  it('pays exactly once per key and reports the second bill as paid', async () => {
    const { gw } = setup();
    const water = gw.backOffices.billers.water;
    const req = { key: 'k-0000000000000001', account: '20481234', period: '2025-10', amountFen: 8650 };
    const a = await water.pay(req);
    const b = await water.pay(req);
    expect(b.billerRef).toBe(a.billerRef);
    expect((await water.lookup('20481234'))[0]!.status).toBe('paid');
    await expect(water.pay({ ...req, key: 'k-0000000000000002' })).rejects.toMatchObject({ code: 'already-paid' });
    expect(await water.settlement('2025-11-26')).toHaveLength(1);
  });

  it('declines, goes down, and times out after applying the change', async () => {
    const { gw, sims } = setup();
    const power = gw.backOffices.billers.power;
    const req = { key: 'k-0000000000000003', account: '88001234', period: '2025-11', amountFen: 15620 };
    sims.fault('power').mode = 'decline';
    await expect(power.pay(req)).rejects.toMatchObject({ code: 'declined' });
    sims.fault('power').mode = 'down';
    await expect(power.lookup('88001234')).rejects.toMatchObject({ code: 'unavailable' });
    sims.fault('power').mode = 'timeout';
    await expect(power.pay(req)).rejects.toMatchObject({ code: 'timeout' });
    sims.fault('power').mode = 'normal';
    expect(await power.paymentByKey(req.key)).toMatchObject({ state: 'paid', amountFen: 15620 });
  });

  it('refuses a payment of the wrong amount and reverses a payment', async () => {
    const { gw } = setup();
    const gas = gw.backOffices.billers.gas;
    await expect(gas.pay({ key: 'k-0000000000000004', account: '5500123', period: '2025-10', amountFen: 1 })).rejects.toMatchObject({ code: 'amount-mismatch' });
    await gas.pay({ key: 'k-0000000000000005', account: '5500123', period: '2025-10', amountFen: 4321 });
    await gas.reverse('k-0000000000000005');
    expect((await gas.lookup('5500123'))[0]!.status).toBe('unpaid');
  });
});

describe('simulated payment provider', () => {
  it('issues one QR order per merchant ref and lets the payer complete, cancel or expire it', async () => {
    const { gw, sims, advance } = setup();
    const pay = gw.backOffices.payments;
    const o = await pay.createOrder({ merchantRef: 'm1', amountFen: 100, subject: 'water', ttlMs: 60_000 });
    expect((await pay.createOrder({ merchantRef: 'm1', amountFen: 100, subject: 'water', ttlMs: 60_000 })).orderId).toBe(o.orderId);
    expect(o.qrPayload).toContain(o.orderId);
    sims.payments.payer(o.orderId, 'complete');
    expect((await pay.queryOrder(o.orderId)).state).toBe('paid');
    const c = await pay.createOrder({ merchantRef: 'm2', amountFen: 100, subject: 'x', ttlMs: 60_000 });
    sims.payments.payer(c.orderId, 'cancel');
    expect((await pay.queryOrder(c.orderId)).state).toBe('cancelled');
    const e = await pay.createOrder({ merchantRef: 'm3', amountFen: 100, subject: 'x', ttlMs: 60_000 });
    advance(60_000);
    expect((await pay.queryOrder(e.orderId)).state).toBe('expired');
    expect(() => sims.payments.payer(e.orderId, 'complete')).toThrow(expect.objectContaining({ code: 'not-allowed' }));
  });
});

describe('simulated social security, residence permit and mailbox', () => {
  it('gives contribution records by month and type, and a medical account with recent entries', async () => {
    const { gw } = setup();
    const ss = gw.backOffices.socialSecurity;
    const recs = await ss.contributions('310115198503122042', '2025-01', '2025-03');
    expect(recs).toHaveLength(15);
    expect(new Set(recs.map((r) => r.insuranceType))).toEqual(new Set(['pension', 'medical', 'unemployment', 'work-injury', 'maternity']));
    const account = await ss.medicalAccount('310115198503122042');
    expect(account.balanceFen).toBeGreaterThan(0);
    expect(account.recentEntries.length).toBeGreaterThan(0);
  });

  it('answers for any valid citizen ID with the same plausible records every time; seeded people keep theirs', async () => {
    const anyone = '11010519491231002X';
    const a = setup().gw.backOffices;
    const b = setup().gw.backOffices;
    const recs = await a.socialSecurity.contributions(anyone, '2024-01', '2024-12');
    expect(recs).toHaveLength(60);
    expect(recs).toEqual(await b.socialSecurity.contributions(anyone, '2024-01', '2024-12'));
    expect(await a.socialSecurity.cardStatus(anyone)).toEqual(await b.socialSecurity.cardStatus(anyone));
    expect((await a.mailbox.list(anyone)).length).toBeGreaterThan(0);
    expect((await a.socialSecurity.cardStatus('310115198503122042')).cardNumberMasked).toBe('A******67');
    // Another person's ID gives other records.
    expect(await a.socialSecurity.contributions('310104198809180027', '2024-01', '2024-12')).not.toEqual(recs);
  });

  it('knows which cards are whose and which authenticate, and checks a 3.00 card cryptogram with the issuer key', async () => {
    const { gw } = setup();
    const ss = gw.backOffices.socialSecurity;
    const zhang = '310104198503122019';
    expect(await ss.identifyCard('SH0021547', zhang)).toEqual({ name: '张伟明', version: '2.00', authenticates: false });
    expect(await ss.identifyCard('SH5521547', zhang)).toEqual({ name: '张伟明', version: '3.00', authenticates: true });
    expect(await ss.identifyCard('SH5521547', '310106199207274023')).toBeUndefined();
    expect(await ss.identifyCard('ZZ9999999', zhang)).toBeUndefined();
    // A tester's own card (an ID the simulator did not seed) is taken as a 2.00 card.
    expect(await ss.identifyCard('ZZ9999999', '11010519491231002X')).toMatchObject({ version: '2.00', authenticates: false });
    const challenge = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    const right = await cardCryptogram(await diversifyCardKey(parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX), 'SH5521547'), challenge);
    expect(await ss.verifyCardCryptogram('SH5521547', challenge, right)).toBe(true);
    expect(await ss.verifyCardCryptogram('SH3308861', challenge, right)).toBe(false);
    expect(await ss.verifyCardCryptogram('SH5521547', challenge, right.subarray(0, 8))).toBe(false);
  });

  it('reports a card lost temporarily and cancels the report', async () => {
    const { gw } = setup();
    const ss = gw.backOffices.socialSecurity;
    expect((await ss.reportLoss('31010619920718153X', 'loss-key-000000001')).state).toBe('temporarily-lost');
    expect((await ss.reportLoss('31010619920718153X', 'loss-key-000000001')).state).toBe('temporarily-lost');
    expect((await ss.cancelLossReport('31010619920718153X')).state).toBe('active');
  });

  it('requests a residence permit endorsement once per key, with the first answer for a retry', async () => {
    const { gw } = setup();
    const rp = gw.backOffices.residencePermit;
    const status = await rp.status('350203197801053017');
    expect(status.endorsement).toMatchObject({ state: 'due', dueMonth: status.endorsement.dueBy.slice(0, 7) });
    const first = await rp.requestEndorsement('350203197801053017', 'endorse-key-00000001');
    expect(first).toMatchObject({ result: 'submitted', bring: [], status: { endorsement: { state: 'requested' } } });
    expect(first.status.applications).toHaveLength(1);
    expect(await rp.requestEndorsement('350203197801053017', 'endorse-key-00000001')).toEqual(first);
    await expect(rp.requestEndorsement('350203197801053017', 'endorse-key-00000002')).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('knows the permit of the residence permit on the simulated ID reader (陈嘉欣), due for endorsement', async () => {
    const { gw } = setup();
    const status = await gw.backOffices.residencePermit.status('810000199003150023');
    expect(status.endorsement.state).toBe('due');
  });

  it('derives permits from the ID: none for a Shanghai ID, a permit or an application in progress for others', async () => {
    const { gw } = setup();
    const rp = gw.backOffices.residencePermit;
    await expect(rp.status('310104198809180027')).rejects.toMatchObject({ code: 'not-found' });
    expect(await rp.applications('310104198809180027')).toEqual([]);
    const outsiders = ['11010519491231002X', '44010319800101001X', '320102199001011232', '510104198512120012', '42010219770707001X', '61010319990909001X', '230102198606060014', '430102198808080010'];
    expect(outsiders.every(isValidCitizenId)).toBe(true);
    let permits = 0;
    let applications = 0;
    for (const id of outsiders) {
      const st = await rp.status(id).catch(() => undefined);
      if (st) permits++;
      else if ((await rp.applications(id))[0]?.kind === 'permit-application') applications++;
    }
    expect(permits).toBeGreaterThan(0);
    expect(permits + applications).toBe(outsiders.length);
  });

  it('lists, reads and marks mailbox messages read', async () => {
    const { gw } = setup();
    const mb = gw.backOffices.mailbox;
    const list = await mb.list('310115198503122042');
    expect(list.some((m) => m.kind === 'bill-reminder' && !m.read)).toBe(true);
    const first = list.find((m) => !m.read)!;
    expect((await mb.read('310115198503122042', first.messageId)).body.length).toBeGreaterThan(10);
    expect(await mb.markRead('310115198503122042', [first.messageId], 'mark-000000000000001')).toEqual({ marked: 1 });
    expect((await mb.list('310115198503122042')).find((m) => m.messageId === first.messageId)!.read).toBe(true);
    // The same key answers its first outcome again, even with the back office down for writes.
    gw.simulators!.fault('mailbox').mode = 'down';
    expect(await mb.markRead('310115198503122042', [first.messageId], 'mark-000000000000001')).toEqual({ marked: 1 });
  });
});

describe('gateway configuration', () => {
  it('reads adapters and fault modes from the environment and refuses unknown ones', () => {
    const cfg = gatewayFromEnv({ SIMULATOR_FAULTS: 'water:timeout,payments:down' });
    expect(cfg.faults).toEqual({ water: 'timeout', payments: 'down' });
    const gw = createGateway(cfg, () => T0);
    expect(gw.simulators!.fault('water').mode).toBe('timeout');
    expect(() => gatewayFromEnv({ SIMULATOR_FAULTS: 'water:explode' })).toThrow(/SIMULATOR_FAULTS/);
    expect(gatewayFromEnv({ PAYMENT_QR_TTL_MS: '120000' }).paymentTtlMs).toBe(120_000);
    expect(() => gatewayFromEnv({ PAYMENT_QR_TTL_MS: 'soon' })).toThrow(/PAYMENT_QR_TTL_MS/);
    expect(() => gatewayFromEnv({ SIMULATOR_CARD_ISSUER_KEY: 'abcd' })).toThrow(/issuer master key/);
    expect(() => createGateway(gatewayFromEnv({ GATEWAY_BILLERS: 'acme' }), () => T0)).toThrow(/no 'acme' adapter/);
  });
});
