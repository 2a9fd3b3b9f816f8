import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bill, PaymentView } from '@civic-kiosk/protocol/gateway';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';
import { loginStaff } from '../support/staff.ts';

let seq = 0;
const newKey = () => `cancel-key-${Date.now()}-${++seq}`.padEnd(20, '0');

describe.each(DIALECTS)('a terminal closing an unpaid QR order (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
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
  const pay = async (orderId: string) => (await loginStaff(t, 'operator')).request('POST', `/api/simulator/payments/${orderId}/complete`);

  it('closes the order: failed as cancelled, nothing charged, and the payer can no longer pay', async () => {
    const { key, p } = await start('20481234');
    const res = await cancel(key);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'failed', failure: { code: 'payment-cancelled' } });
    const payer = await pay(p.order!.orderId);
    expect(payer.json().error.code).toBe('not-allowed');
    expect((await cancel(key)).json()).toMatchObject({ state: 'failed' });
  });

  it('answers paid when the payer was quicker than the cancel', async () => {
    const { key, p } = await start('20481234');
    expect((await pay(p.order!.orderId)).statusCode).toBe(200);
    expect((await cancel(key)).json()).toMatchObject({ state: 'paid' });
  });

  it('keeps the payment pending while the provider is down, and refuses another terminal or an unknown key', async () => {
    const { key } = await start('20481234');
    t.services.gateway.simulators!.fault('payments').mode = 'down';
    expect((await cancel(key)).json()).toMatchObject({ state: 'pending' });
    expect((await cancel(newKey())).statusCode).toBe(404);
    const other = await TestTerminal.add(t);
    expect((await other.request('POST', `/api/terminal/payments/${key}/cancel`, {})).statusCode).toBe(404);
  });
});
