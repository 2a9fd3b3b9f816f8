/**
 * The citizen mailbox through the gateway: pages newest first with categories and unread
 * counts, mark-read applied once per key, the offline-copy route, every read in the access log,
 * and the staff route that delivers a message to a holder (roles, CSRF, audit).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATEWAY_PATHS, MAIL_DELIVER_PATH, type MailboxListResponse, type MailMessage } from '@civic-kiosk/protocol/gateway';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';
import { CARDS, CHEN_ID, presentCard, presentDocument, sessionOf } from './holder-proof.ts';

const ZHANG = CARDS.zhangLihua.citizenId;
const draft = (title: string) => ({ citizenId: ZHANG, kind: 'bill-reminder', title, sender: '浦江自来水公司', body: `${title}：请于月底前缴纳。`, link: { service: 'bills', biller: 'water', account: '20481234' } });

describe.each(DIALECTS)('citizen mailbox (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
  });
  afterEach(async () => t.close());

  const list = async (holderSession: string, extra: object = {}) => {
    const res = await kiosk.request('POST', GATEWAY_PATHS.mailboxList, { holderSession, ...extra });
    expect(res.statusCode).toBe(200);
    return res.json() as MailboxListResponse;
  };
  const deliver = async (title: string) => {
    const op = await loginStaff(t, 'operator');
    const res = await op.request('POST', MAIL_DELIVER_PATH, draft(title));
    expect(res.statusCode).toBe(200);
    return res.json() as MailMessage;
  };

  it('pages newest first, filters by category, and counts unread over the whole mailbox', async () => {
    for (let i = 0; i < 5; i++) {
      await deliver(`第${i}期水费提醒`);
      t.clock.advance(60_000);
    }
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const all = await list(zhang, { pageSize: 100 });
    const times = all.messages.map((m) => m.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.messages[0]!.title).toBe('第4期水费提醒');
    const first = await list(zhang, { page: 1, pageSize: 3 });
    const second = await list(zhang, { page: 2, pageSize: 3 });
    expect([...first.messages, ...second.messages].map((m) => m.messageId)).toEqual(all.messages.slice(0, 6).map((m) => m.messageId));
    expect(first.total).toBe(all.total);
    const bills = await list(zhang, { kind: 'bill-reminder', pageSize: 100 });
    expect(bills.messages.every((m) => m.kind === 'bill-reminder')).toBe(true);
    expect(bills.total).toBe(all.messages.filter((m) => m.kind === 'bill-reminder').length);
    expect(bills.unread).toBe(all.unread);
    expect(all.unreadByKind['bill-reminder']).toBe(all.messages.filter((m) => m.kind === 'bill-reminder' && !m.read).length);
    expect(all.messages[0]!.link).toEqual({ service: 'bills', biller: 'water', account: '20481234' });
    const tooBig = await kiosk.request('POST', GATEWAY_PATHS.mailboxList, { holderSession: zhang, pageSize: 101 });
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([400, 'validation-failed']);
  });

  it('applies a mark-read key once and answers its first outcome again', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const before = await list(zhang);
    const ids = before.messages.filter((m) => !m.read).map((m) => m.messageId);
    const mark = (idempotencyKey: string) => kiosk.request('POST', GATEWAY_PATHS.mailboxMarkRead, { holderSession: zhang, messageIds: ids, idempotencyKey });
    const first = await mark('mark-0000000000000001');
    expect(first.json()).toEqual({ ok: true, marked: ids.length });
    expect((await mark('mark-0000000000000001')).json()).toEqual({ ok: true, marked: ids.length });
    expect((await mark('mark-0000000000000002')).json()).toEqual({ ok: true, marked: 0 });
    expect((await list(zhang)).unread).toBe(0);
    const noKey = await kiosk.request('POST', GATEWAY_PATHS.mailboxMarkRead, { holderSession: zhang, messageIds: ids });
    expect(noKey.statusCode).toBe(400);
  });

  it('reads a message with its body, names a missing one, and logs every read', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const [m] = (await list(zhang)).messages;
    const read = await kiosk.request('POST', GATEWAY_PATHS.mailboxRead, { holderSession: zhang, messageId: m!.messageId });
    expect(read.json()).toMatchObject({ messageId: m!.messageId, body: expect.stringMatching(/.{10}/) });
    const missing = await kiosk.request('POST', GATEWAY_PATHS.mailboxRead, { holderSession: zhang, messageId: 'no-such-message' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'message-not-found']);
    const recent = await kiosk.request('POST', GATEWAY_PATHS.mailboxRecent, { holderSession: zhang, limit: 2, days: 30 });
    expect((recent.json() as { messages: MailMessage[] }).messages.map((x) => x.messageId)).toEqual((await list(zhang)).messages.slice(0, 2).map((x) => x.messageId));
    const rows = await t.services.db.selectFrom('personal_data_access').select(['service', 'result']).where('service', '=', 'mailbox').execute();
    expect(rows.map((r) => r.result).sort()).toEqual(['message-not-found', 'ok', 'ok', 'ok', 'ok']);
  });

  it('keeps the offline copy to the last days asked for', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const res = await kiosk.request('POST', GATEWAY_PATHS.mailboxRecent, { holderSession: zhang, limit: 100, days: 7 });
    const { messages } = res.json() as { messages: MailMessage[] };
    const week = new Date(t.clock.now() - 7 * 86_400_000).toISOString();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.receivedAt >= week && m.body.length > 0)).toBe(true);
    expect(messages.length).toBeLessThan((await list(zhang)).total);
  });

  it('lets operators and admins deliver a message shown at the next open, audited; refuses other roles and a missing CSRF token', async () => {
    const delivered = await deliver('新消息提醒');
    const admin = await loginStaff(t, 'admin');
    expect((await admin.request('POST', MAIL_DELIVER_PATH, { ...draft('管理员消息'), citizenId: CHEN_ID, kind: 'notice', link: undefined })).statusCode).toBe(200);
    for (const role of ['content-editor', 'auditor'] as const) {
      const other = await loginStaff(t, role);
      expect((await other.request('POST', MAIL_DELIVER_PATH, draft('x'))).statusCode).toBe(403);
    }
    const op = await loginStaff(t, 'operator', 'operator-2');
    const noCsrf = await t.inject({ method: 'POST', url: MAIL_DELIVER_PATH, headers: { cookie: op.cookie }, payload: draft('x') });
    expect(noCsrf.statusCode).toBe(403);
    expect((await t.inject({ method: 'POST', url: MAIL_DELIVER_PATH, payload: draft('x') })).statusCode).toBe(401);
    const badId = await op.request('POST', MAIL_DELIVER_PATH, { ...draft('x'), citizenId: '310115198503122043' });
    expect(badId.statusCode).toBe(400);

    const zhang = await sessionOf(presentDocument(kiosk, ZHANG));
    const shown = await list(zhang);
    expect(shown.messages[0]).toMatchObject({ messageId: delivered.messageId, title: '新消息提醒', read: false });
    const chen = await sessionOf(presentDocument(kiosk, CHEN_ID));
    expect((await list(chen)).messages.map((m) => m.title)).toContain('管理员消息');
    const audit = await t.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'mailbox.deliver').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(ZHANG);
  });

  it('takes read marks made offline on the voucher of the offline copy, once per key, only from its terminal and before it expires', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const recent = (await kiosk.request('POST', GATEWAY_PATHS.mailboxRecent, { holderSession: zhang, limit: 100, days: 30 })).json() as { messages: MailMessage[]; readVoucher: string };
    const unread = recent.messages.filter((m) => !m.read).map((m) => m.messageId);
    expect(recent.readVoucher).not.toContain(ZHANG.slice(-4));
    await kiosk.request('POST', GATEWAY_PATHS.holderSessionEnd, { holderSession: zhang });
    const send = (from: TestTerminal, readVoucher: string, idempotencyKey = 'offline-read-00000001') => from.request('POST', GATEWAY_PATHS.mailboxOfflineReads, { readVoucher, messageIds: unread, idempotencyKey });
    expect((await send(kiosk, recent.readVoucher)).json()).toEqual({ ok: true, marked: unread.length });
    expect((await send(kiosk, recent.readVoucher)).json()).toEqual({ ok: true, marked: unread.length });
    const other = await TestTerminal.add(t);
    expect([(await send(other, recent.readVoucher, 'offline-read-00000002')).statusCode, (await send(other, recent.readVoucher, 'offline-read-00000002')).json().error.code]).toEqual([403, 'mail-voucher-invalid']);
    const flipped = recent.readVoucher.slice(0, 30) + (recent.readVoucher[30] === 'A' ? 'B' : 'A') + recent.readVoucher.slice(31);
    expect((await send(kiosk, flipped, 'offline-read-00000003')).statusCode).toBe(403);
    t.clock.advance(32 * 86_400_000);
    expect((await send(kiosk, recent.readVoucher, 'offline-read-00000004')).statusCode).toBe(403);
    const again = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    expect((await list(again)).unread).toBe(0);
    const rows = await t.services.db.selectFrom('personal_data_access').select(['result', 'holder_hash']).where('service', '=', 'mailbox').orderBy('id').execute();
    expect(rows.map((r) => r.result)).toEqual(['ok', 'ok', 'ok', 'mail-voucher-invalid', 'mail-voucher-invalid', 'mail-voucher-invalid', 'mail-voucher-invalid', 'ok']);
  });
});
