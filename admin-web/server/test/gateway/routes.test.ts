import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import type { Bill } from '@civic-kiosk/protocol/gateway';
import { gatewayOf } from '../../src/gateway/instance.ts';
import { shanghaiMonth } from '../../src/gateway/simulator/faults.ts';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { addTerminal, type SignedTerminal } from './signed-terminal.ts';

const ZHANG = { citizenId: '310115198503122042', verifiedBy: 'card-pin' as const, cardNumber: 'A10234567' };
const CHEN_BY_ID_CARD = { citizenId: '350203197801053017', verifiedBy: 'id-card' as const };

describe.each(DIALECTS)('service gateway routes (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: SignedTerminal;
  beforeEach(async () => {
    t = await withApp(dialect);
    kiosk = await addTerminal(t);
  });
  afterEach(async () => t.close());
  const fault = (target: 'water' | 'power' | 'gas' | 'telecom' | 'social-security', mode: 'normal' | 'timeout' | 'decline' | 'down') => {
    gatewayOf(t.services).simulators!.fault(target).mode = mode;
  };

  it('looks up a bill by account number and by the printed barcode', async () => {
    const byAccount = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'water', account: '20481234' });
    expect(byAccount.statusCode).toBe(200);
    const [bill] = (byAccount.json() as { bills: Bill[] }).bills;
    expect(bill).toMatchObject({ biller: 'water', period: shanghaiMonth(t.clock.now(), -1), amountFen: 8650, holderMasked: '张*华', status: 'unpaid' });
    const barcode = encodeBillBarcode({ biller: 'water', account: '20481234', period: bill!.period, amountFen: 8650 });
    const byCode = await kiosk.request('POST', '/api/terminal/bills/lookup', { barcode });
    expect((byCode.json() as { bills: Bill[] }).bills).toEqual([bill]);
  });

  it('names a misread barcode, an unknown account, and a biller that is down or slow', async () => {
    const code = encodeBillBarcode({ biller: 'gas', account: '5500123', period: '2025-10', amountFen: 4321 });
    const misread = code.slice(0, 31) + String((Number(code[31]) + 1) % 10);
    const bad = await kiosk.request('POST', '/api/terminal/bills/lookup', { barcode: misread });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'barcode-check-digit']);
    const unknown = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'power', account: '99999999' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'bill-not-found']);
    fault('power', 'down');
    const down = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'power', account: '88001234' });
    expect([down.statusCode, down.json().error.code]).toEqual([503, 'backoffice-unavailable']);
    fault('power', 'timeout');
    const slow = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller: 'power', account: '88001234' });
    expect([slow.statusCode, slow.json().error.code]).toEqual([504, 'backoffice-timeout']);
  });

  it('refuses unsigned requests', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/terminal/bills/lookup', payload: { biller: 'water', account: '20481234' } });
    expect(res.statusCode).toBe(401);
  });

  it('serves social security records only after the card verified the PIN', async () => {
    const denied = await kiosk.request('POST', '/api/terminal/social-security/medical-account', { holder: { ...ZHANG, verifiedBy: 'id-card' } });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'holder-not-verified']);
    const recs = await kiosk.request('POST', '/api/terminal/social-security/contributions', { holder: ZHANG, from: '2025-01', to: '2025-06' });
    expect(recs.statusCode).toBe(200);
    expect((recs.json() as { records: unknown[] }).records).toHaveLength(30);
    const card = await kiosk.request('POST', '/api/terminal/social-security/card', { holder: ZHANG });
    expect(card.json()).toMatchObject({ state: 'active', cardNumberMasked: 'A******67' });
    const lost = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report', { holder: ZHANG, idempotencyKey: 'loss-0000000000000001' });
    expect(lost.json().state).toBe('temporarily-lost');
    const back = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report/cancel', { holder: ZHANG });
    expect(back.json().state).toBe('active');
    fault('social-security', 'decline');
    const declined = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report', { holder: ZHANG, idempotencyKey: 'loss-0000000000000002' });
    expect([declined.statusCode, declined.json().error.code]).toEqual([422, 'backoffice-declined']);
  });

  it('rejects a citizen ID with a wrong check digit before any back office sees it', async () => {
    const res = await kiosk.request('POST', '/api/terminal/mailbox/list', { holder: { citizenId: '310115198503122043', verifiedBy: 'id-card' } });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'validation-failed']);
  });

  it('shows the residence permit and requests the endorsement', async () => {
    const st = await kiosk.request('POST', '/api/terminal/residence-permit/status', { holder: CHEN_BY_ID_CARD });
    expect(st.json().endorsement.state).toBe('due');
    const req = await kiosk.request('POST', '/api/terminal/residence-permit/endorsement', { holder: CHEN_BY_ID_CARD, idempotencyKey: 'endorse-00000000000001' });
    expect(req.json().endorsement.state).toBe('requested');
    const none = await kiosk.request('POST', '/api/terminal/residence-permit/status', { holder: { citizenId: ZHANG.citizenId, verifiedBy: 'id-card' } });
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'holder-not-found']);
  });

  it('lists, reads and marks mailbox messages read', async () => {
    const list = await kiosk.request('POST', '/api/terminal/mailbox/list', { holder: ZHANG });
    const body = list.json() as { messages: { messageId: string; read: boolean; kind: string }[]; unread: number };
    expect(body.messages.map((m) => m.kind)).toEqual(expect.arrayContaining(['bill-reminder', 'notice', 'personal']));
    const unread = body.messages.find((m) => !m.read)!;
    const msg = await kiosk.request('POST', '/api/terminal/mailbox/read', { holder: ZHANG, messageId: unread.messageId });
    expect(msg.json().body).toBeTruthy();
    await kiosk.request('POST', '/api/terminal/mailbox/mark-read', { holder: ZHANG, messageIds: [unread.messageId] });
    const after = (await kiosk.request('POST', '/api/terminal/mailbox/list', { holder: ZHANG })).json() as { unread: number };
    expect(after.unread).toBe(body.unread - 1);
  });

  it('lets operators switch simulator faults, and audits it', async () => {
    const op = await loginStaff(t, 'operator');
    const res = await op.request('PUT', '/api/staff/gateway/simulators/gas', { mode: 'down' });
    expect(res.statusCode).toBe(200);
    expect(gatewayOf(t.services).simulators!.fault('gas').mode).toBe('down');
    const editor = await loginStaff(t, 'content-editor');
    expect((await editor.request('PUT', '/api/staff/gateway/simulators/gas', { mode: 'normal' })).statusCode).toBe(403);
    const audit = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'gateway.simulator.fault').execute();
    expect(audit).toHaveLength(1);
  });
});
