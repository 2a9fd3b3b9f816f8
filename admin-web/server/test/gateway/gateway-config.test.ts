import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.ts';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { TestTerminal } from '../support/terminal.ts';

describe.each(DIALECTS)('gateway settings from the environment (%s)', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('starts the back offices as the environment says: a biller down and a shorter QR lifetime', async () => {
    const fromEnv = configFromEnv({ SIMULATOR_FAULTS: 'water:down', PAYMENT_QR_TTL_MS: '60000' });
    t = await withApp(dialect, { config: { gateway: fromEnv.gateway } });
    const kiosk = await TestTerminal.add(t);
    const water = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'water', account: '20481234' });
    expect([water.statusCode, water.json().error.code]).toEqual([503, 'backoffice-unavailable']);
    const gas = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'gas', account: '5500123' });
    const [bill] = gas.json().bills as { billId: string; amountFen: number }[];
    const created = await kiosk.request('POST', '/api/terminal/payments', { idempotencyKey: 'gateway-config-key-0001', billId: bill!.billId, amountFen: bill!.amountFen });
    expect(Date.parse(created.json().order.expiresAt) - t.clock.now()).toBe(60_000);
  });
});
