/**
 * Citizen mailbox routes besides the holder-session ones (holder.ts): staff deliver a
 * message to a holder (a district notice to one person, or a tester's message for the kiosk to
 * show at the next open), and a terminal sends read marks it made offline, on the voucher of
 * its offline copy. Delivering is operator or admin, CSRF like every staff change, audited with
 * the masked ID only: the audit log is not a mailbox copy.
 */
import { GATEWAY_PATHS, MAIL_DELIVER_PATH, MailDeliverRequest, MailMarkReadResponse, MailMessage, MailOfflineReadsRequest } from '@civic-kiosk/protocol/gateway';
import { staffActor } from '../../audit/audit-log.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import { maskCitizenId } from '../../personal-data/masking.ts';
import type { RouteModule } from '../../services.ts';
import { viaBackOffice } from '../../gateway/errors.ts';

export const mailboxRoutes: RouteModule = (s) => {
  const vouchers = s.mailVouchers;
  return [
    defineRoute({
      method: 'POST',
      url: MAIL_DELIVER_PATH,
      summary: "Deliver a message to a holder's citizen mailbox by citizen ID (operator or admin; audited)",
      tags: ['gateway', 'mailbox'],
      auth: { staff: ['admin', 'operator'] as const },
      body: MailDeliverRequest,
      response: MailMessage,
      async handler({ body, staff }) {
        const { citizenId, ...draft } = body;
        const message = await viaBackOffice(() => s.gateway.backOffices.mailbox.deliver(citizenId, draft));
        await s.audit.record(staffActor(staff), 'mailbox.deliver', { type: 'mailbox', id: maskCitizenId(citizenId) }, { messageId: message.messageId, kind: message.kind });
        return message;
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.mailboxOfflineReads,
      summary: "Read marks the terminal made on its offline copy, sent when the server is back (the copy's voucher; idempotent by key)",
      tags: ['gateway', 'terminal', 'mailbox'],
      auth: 'terminal',
      body: MailOfflineReadsRequest,
      response: MailMarkReadResponse,
      async handler({ body, terminal }) {
        let citizenId: string;
        try {
          citizenId = vouchers.open(body.readVoucher, terminal.terminalId);
        } catch (e) {
          await s.personalData.log.record({ terminalId: terminal.terminalId, service: 'mailbox', holderHash: null, assurance: null, result: e instanceof ApiError ? e.code : 'error' });
          throw e;
        }
        const entry = { terminalId: terminal.terminalId, service: 'mailbox', holderHash: s.personalData.hasher.hash(citizenId), assurance: null };
        try {
          const { marked } = await viaBackOffice(() => s.gateway.backOffices.mailbox.markRead(citizenId, body.messageIds, body.idempotencyKey));
          await s.personalData.log.record({ ...entry, result: 'ok' });
          return { ok: true as const, marked };
        } catch (e) {
          await s.personalData.log.record({ ...entry, result: e instanceof ApiError ? e.code : 'error' });
          throw e;
        }
      },
    }),
  ];
};
