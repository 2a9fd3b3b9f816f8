import { describe, expect, it } from 'vitest';
import { createGateway, defaultGatewayConfig, gatewayConfigFromEnv } from '../../src/gateway/back-offices.ts';

const T0 = Date.parse('2025-11-26T02:00:00Z');
function setup() {
  let now = T0;
  const gw = createGateway(defaultGatewayConfig(), () => now);
  return { gw, sims: gw.simulators!, advance: (ms: number) => (now += ms) };
}

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
  it('gives contribution records by month and type, and a medical account', async () => {
    const { gw } = setup();
    const ss = gw.backOffices.socialSecurity;
    const recs = await ss.contributions('310115198503122042', '2025-01', '2025-03');
    expect(recs).toHaveLength(15);
    expect(new Set(recs.map((r) => r.insuranceType))).toEqual(new Set(['pension', 'medical', 'unemployment', 'work-injury', 'maternity']));
    expect((await ss.medicalAccount('310115198503122042')).balanceFen).toBeGreaterThan(0);
    await expect(ss.cardStatus('110105194912310021')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reports a card lost temporarily and cancels the report', async () => {
    const { gw } = setup();
    const ss = gw.backOffices.socialSecurity;
    expect((await ss.reportLoss('31010619920718153X', 'loss-key-000000001')).state).toBe('temporarily-lost');
    expect((await ss.reportLoss('31010619920718153X', 'loss-key-000000001')).state).toBe('temporarily-lost');
    expect((await ss.cancelLossReport('31010619920718153X')).state).toBe('active');
  });

  it('requests a residence permit endorsement once', async () => {
    const { gw } = setup();
    const rp = gw.backOffices.residencePermit;
    expect((await rp.status('350203197801053017')).endorsement.state).toBe('due');
    const s = await rp.requestEndorsement('350203197801053017', 'endorse-key-00000001');
    expect(s.endorsement.state).toBe('requested');
    expect(s.applications).toHaveLength(1);
    await expect(rp.requestEndorsement('350203197801053017', 'endorse-key-00000002')).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('lists, reads and marks mailbox messages read', async () => {
    const { gw } = setup();
    const mb = gw.backOffices.mailbox;
    const list = await mb.list('310115198503122042');
    expect(list.some((m) => m.kind === 'bill-reminder' && !m.read)).toBe(true);
    const first = list.find((m) => !m.read)!;
    expect((await mb.read('310115198503122042', first.messageId)).body.length).toBeGreaterThan(10);
    await mb.markRead('310115198503122042', [first.messageId]);
    expect((await mb.list('310115198503122042')).find((m) => m.messageId === first.messageId)!.read).toBe(true);
  });
});

describe('gateway configuration', () => {
  it('reads adapters and fault modes from the environment and refuses unknown ones', () => {
    const cfg = gatewayConfigFromEnv({ SIMULATOR_FAULTS: 'water:timeout,payments:down' });
    expect(cfg.faults).toEqual({ water: 'timeout', payments: 'down' });
    const gw = createGateway(cfg, () => T0);
    expect(gw.simulators!.fault('water').mode).toBe('timeout');
    expect(() => gatewayConfigFromEnv({ SIMULATOR_FAULTS: 'water:explode' })).toThrow(/SIMULATOR_FAULTS/);
    expect(gatewayConfigFromEnv({ PAYMENT_QR_TTL_MS: '120000' }).paymentTtlMs).toBe(120_000);
    expect(() => gatewayConfigFromEnv({ PAYMENT_QR_TTL_MS: 'soon' })).toThrow(/PAYMENT_QR_TTL_MS/);
    expect(() => createGateway(gatewayConfigFromEnv({ GATEWAY_BILLERS: 'acme' }), () => T0)).toThrow(/no 'acme' adapter/);
  });
});
