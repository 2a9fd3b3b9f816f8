import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTER_FACTORIES, BACK_OFFICE_KINDS, defaultGatewayConfig, type GatewayConfig } from '../../src/gateway/back-offices.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';

/**
 * Threat: the simulated payer and fault switches reachable in production, or by anyone whose
 * request a same-host reverse proxy relays (the peer address is then loopback).
 */
describe.each(DIALECTS)('simulator-only routes (%s)', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  const order = async () =>
    (await t.services.gateway.simulators!.payments.createOrder({ merchantRef: `ref-${Math.random()}`, amountFen: 8650, subject: 'water bill', ttlMs: 300_000 })).orderId;
  const stateOf = async (orderId: string) => (await t.services.gateway.simulators!.payments.queryOrder(orderId)).state;

  it('does not complete an order for a request relayed from loopback without a staff session', async () => {
    t = await withApp(dialect);
    const id = await order();
    const relayed = await t.inject({
      method: 'POST',
      url: `/api/simulator/payments/${id}/complete`,
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.77', 'x-real-ip': '203.0.113.77' },
    });
    expect(relayed.statusCode).toBe(401);
    expect(relayed.json().error.code).toBe('unauthenticated');
    expect(await stateOf(id)).toBe('pending');
  });

  it('lets an operator or admin act as the payer with the CSRF token, and audits it; others are refused', async () => {
    t = await withApp(dialect);
    const id = await order();
    const editor = await loginStaff(t, 'content-editor');
    expect((await editor.request('POST', `/api/simulator/payments/${id}/complete`)).json().error.code).toBe('forbidden');
    const operator = await loginStaff(t, 'operator');
    const noCsrf = await t.inject({ method: 'POST', url: `/api/simulator/payments/${id}/complete`, headers: { cookie: operator.cookie } });
    expect(noCsrf.json().error.code).toBe('csrf-token-invalid');
    expect(await stateOf(id)).toBe('pending');
    const paid = await operator.request('POST', `/api/simulator/payments/${id}/complete`);
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toEqual({ orderId: id, state: 'paid' });
    const entries = await t.services.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'gateway.simulator.payer').execute();
    expect(entries).toEqual([{ action: 'gateway.simulator.payer', target_id: id }]);
  });

  it('answers 404 for the payer and the fault switches when real back offices are configured', async () => {
    // Stand-ins for a district's own adapters: never called here, only selected.
    const factories = Object.values(ADAPTER_FACTORIES) as Record<string, () => never>[];
    for (const f of factories) f.district = () => ({}) as never;
    const adapters = Object.fromEntries(BACK_OFFICE_KINDS.map((k) => [k, 'district'])) as GatewayConfig['adapters'];
    try {
      t = await withApp(dialect, { config: { gateway: { ...defaultGatewayConfig(), adapters } } });
    } finally {
      for (const f of factories) delete f.district;
    }
    const admin = await loginStaff(t, 'admin');
    for (const [method, url] of [
      ['POST', '/api/simulator/payments/SIMX1/complete'],
      ['GET', '/api/staff/gateway/simulators'],
      ['PUT', '/api/staff/gateway/simulators/water'],
    ] as const) {
      const res = await admin.request(method, url, method === 'PUT' ? { mode: 'down' } : undefined);
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 404`);
    }
  });
});
