import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bill, PaymentView } from '@civic-kiosk/protocol/gateway';
import { gatewayOf } from '../../src/gateway/instance.ts';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { addTerminal, type SignedTerminal } from '../gateway/signed-terminal.ts';

let seq = 0;
const newKey = () => `cancel-key-${Date.now()}-${++seq}`.padEnd(20, '0');

describe.each(DIALECTS)('a terminal closing an unpaid QR order (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: SignedTerminal;
  beforeEach(async () => {
    t = await withApp(dialect);
    kiosk = await addTerminal(t);
  });
  afterEach(async () => t.close());

  const start = async (account: string): Promise<{ key: string; p: PaymentView }> => {
    const bills = (await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'water', account })).json() as { bills: Bill[] };
    const bill = bills.bills.find((b) => b.status === 'unpaid')!;
    const key = newKey();
    const p = (await kiosk.request('POST', '/api/terminal/payments', { idempotencyKey: key, billId: bill.billId, amountFen: bill.amountFen })).json() as PaymentView;
    return { key, p };
  };
  const cancel = (key: string) => kiosk.request('POST', `/api/terminal/payments/${key}/cancel`, {});

  it('closes the order: failed as cancelled, nothing charged, and the payer can no longer pay', async () => {
    const { key, p } = await start('20481234');
    const res = await cancel(key);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'failed', failure: { code: 'payment-cancelled' } });
    const payer = await t.inject({ method: 'POST', url: `/api/simulator/payments/${p.order!.orderId}/complete` });
    expect(payer.statusCode).not.toBe(200);
    expect((await cancel(key)).json()).toMatchObject({ state: 'failed' });
  });

  it('answers paid when the payer was quicker than the cancel', async () => {
    const { key, p } = await start('20481234');
    await t.inject({ method: 'POST', url: `/api/simulator/payments/${p.order!.orderId}/complete` });
    expect((await cancel(key)).json()).toMatchObject({ state: 'paid' });
  });

  it('keeps the payment pending while the provider is down, and refuses another terminal or an unknown key', async () => {
    const { key } = await start('20481234');
    gatewayOf(t.services).simulators!.fault('payments').mode = 'down';
    expect((await cancel(key)).json()).toMatchObject({ state: 'pending' });
    expect((await cancel(newKey())).statusCode).toBe(404);
    const other = await addTerminal(t);
    expect((await other.request('POST', `/api/terminal/payments/${key}/cancel`, {})).statusCode).toBe(404);
  });
});
