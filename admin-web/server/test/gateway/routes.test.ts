import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import type { Bill } from '@civic-kiosk/protocol/gateway';
import { shanghaiMonth } from '@civic-kiosk/protocol/china-time';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { CARDS, CHEN_ID, challenge, presentCard, presentDocument, sessionOf } from './holder-proof.ts';
import { appWithTerminal, type TestTerminal } from '../support/terminal.ts';


describe.each(DIALECTS)('service gateway routes (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
  });
  afterEach(async () => t.close());
  const fault = (target: 'water' | 'power' | 'gas' | 'telecom' | 'social-security', mode: 'normal' | 'timeout' | 'decline' | 'down') => {
    t.services.gateway.simulators!.fault(target).mode = mode;
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

  it('serves social security records only to a card session', async () => {
    const byDocument = await sessionOf(presentDocument(kiosk, CARDS.zhangLihua.citizenId));
    const denied = await kiosk.request('POST', '/api/terminal/social-security/medical-account', { holderSession: byDocument });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'holder-not-verified']);
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const recs = await kiosk.request('POST', '/api/terminal/social-security/contributions', { holderSession: zhang, from: '2025-01', to: '2025-06' });
    expect(recs.statusCode).toBe(200);
    const body = recs.json() as { records: { personalFen: number; insuranceType: string }[]; totals: { insuranceType: string; months: number; personalFen: number }[] };
    expect(body.records).toHaveLength(30);
    const pension = body.totals.find((x) => x.insuranceType === 'pension')!;
    expect(pension.months).toBe(6);
    expect(pension.personalFen).toBe(body.records.filter((r) => r.insuranceType === 'pension').reduce((n, r) => n + r.personalFen, 0));
    const tooLong = await kiosk.request('POST', '/api/terminal/social-security/contributions', { holderSession: zhang, from: '2022-01', to: '2025-01' });
    expect([tooLong.statusCode, tooLong.json().error.code]).toEqual([400, 'validation-failed']);
    const card = await kiosk.request('POST', '/api/terminal/social-security/card', { holderSession: zhang });
    expect(card.json()).toMatchObject({ state: 'active', cardNumberMasked: 'A******67' });
    const lost = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report', { holderSession: zhang, idempotencyKey: 'loss-0000000000000001' });
    expect(lost.json().state).toBe('temporarily-lost');
    const back = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report/cancel', { holderSession: zhang });
    expect(back.json().state).toBe('active');
    fault('social-security', 'decline');
    const declined = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report', { holderSession: zhang, idempotencyKey: 'loss-0000000000000002' });
    expect([declined.statusCode, declined.json().error.code]).toEqual([422, 'backoffice-declined']);
  });

  it('reports a lost card with the ID card on the ID reader, but cancels the report only with the card in hand', async () => {
    const byDocument = await sessionOf(presentDocument(kiosk, CARDS.wangZhiqiang.citizenId, 'resident-id', '王志强'));
    const lost = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report', { holderSession: byDocument, idempotencyKey: 'loss-0000000000000003' });
    expect([lost.statusCode, lost.json().state]).toEqual([200, 'temporarily-lost']);
    const cancel = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report/cancel', { holderSession: byDocument });
    expect([cancel.statusCode, cancel.json().error.code]).toEqual([403, 'holder-not-verified']);
    const withCard = await sessionOf(presentCard(kiosk, CARDS.wangZhiqiang));
    const back = await kiosk.request('POST', '/api/terminal/social-security/card/loss-report/cancel', { holderSession: withCard });
    expect(back.json().state).toBe('active');
  });

  it('rejects a citizen ID with a wrong check digit before any back office sees it', async () => {
    const c = await challenge(kiosk, 'id-document');
    const res = await kiosk.request('POST', '/api/terminal/holder/sessions', { challengeId: c.challengeId, document: { kind: 'resident-id', number: '310115198503122043' } });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'validation-failed']);
  });

  it('shows the residence permit, requests the endorsement once per key, and shows applications', async () => {
    const chen = await sessionOf(presentDocument(kiosk, CHEN_ID, 'resident-id', '陈思远'));
    const st = await kiosk.request('POST', '/api/terminal/residence-permit/status', { holderSession: chen });
    expect(st.json().endorsement.state).toBe('due');
    const req = await kiosk.request('POST', '/api/terminal/residence-permit/endorsement', { holderSession: chen, idempotencyKey: 'endorse-00000000000001' });
    expect(req.json()).toMatchObject({ result: 'submitted', status: { endorsement: { state: 'requested' } } });
    const again = await kiosk.request('POST', '/api/terminal/residence-permit/endorsement', { holderSession: chen, idempotencyKey: 'endorse-00000000000001' });
    expect(again.json()).toEqual(req.json());
    const other = await kiosk.request('POST', '/api/terminal/residence-permit/endorsement', { holderSession: chen, idempotencyKey: 'endorse-00000000000002' });
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'not-allowed']);
    const apps = await kiosk.request('POST', '/api/terminal/residence-permit/applications', { holderSession: chen });
    expect(apps.json().applications).toHaveLength(1);
    const zhang = await sessionOf(presentDocument(kiosk, CARDS.zhangLihua.citizenId));
    const none = await kiosk.request('POST', '/api/terminal/residence-permit/status', { holderSession: zhang });
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'holder-not-found']);
  });

  it('lists, reads and marks mailbox messages read', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const list = await kiosk.request('POST', '/api/terminal/mailbox/list', { holderSession: zhang });
    const body = list.json() as { messages: { messageId: string; read: boolean; kind: string }[]; unread: number };
    expect(body.messages.map((m) => m.kind)).toEqual(expect.arrayContaining(['bill-reminder', 'notice', 'personal']));
    const unread = body.messages.find((m) => !m.read)!;
    const msg = await kiosk.request('POST', '/api/terminal/mailbox/read', { holderSession: zhang, messageId: unread.messageId });
    expect(msg.json().body).toBeTruthy();
    await kiosk.request('POST', '/api/terminal/mailbox/mark-read', { holderSession: zhang, messageIds: [unread.messageId], idempotencyKey: 'mark-000000000000001' });
    const after = (await kiosk.request('POST', '/api/terminal/mailbox/list', { holderSession: zhang })).json() as { unread: number };
    expect(after.unread).toBe(body.unread - 1);
  });

  it('lets operators switch simulator faults, and audits it', async () => {
    const op = await loginStaff(t, 'operator');
    const res = await op.request('PUT', '/api/staff/gateway/simulators/gas', { mode: 'down' });
    expect(res.statusCode).toBe(200);
    expect(t.services.gateway.simulators!.fault('gas').mode).toBe('down');
    const editor = await loginStaff(t, 'content-editor');
    expect((await editor.request('PUT', '/api/staff/gateway/simulators/gas', { mode: 'normal' })).statusCode).toBe(403);
    const audit = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'gateway.simulator.fault').execute();
    expect(audit).toHaveLength(1);
  });
});
