import { z } from 'zod';
import {
  BillLookupRequest,
  BillLookupResponse,
  CardStatus,
  ContributionsRequest,
  ContributionsResponse,
  GATEWAY_PATHS,
  HolderActionRequest,
  HolderRequest,
  MailboxListResponse,
  MailMarkReadRequest,
  MailMessage,
  MailReadRequest,
  MedicalAccount,
  ResidencePermitStatus,
  type Holder,
} from '@civic-kiosk/protocol/gateway';
import { BarcodeError, parseBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import { staffActor } from '../audit/audit-log.ts';
import { ApiError } from '../errors.ts';
import { defineRoute } from '../http/route.ts';
import type { RouteModule } from '../services.ts';
import { billIdOf } from '../transactions/payment-service.ts';
import { SIMULATOR_TARGETS } from './back-offices.ts';
import { viaBackOffice } from './errors.ts';
import { gatewayOf } from './instance.ts';
import { FAULT_MODES } from './simulator/faults.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Social-security data needs the card's own PIN check, reported by the terminal. */
function requireCardPin(h: Holder): string {
  if (h.verifiedBy !== 'card-pin') throw new ApiError('holder-not-verified', 403, 'Social security services need the card PIN to be verified on the card');
  return h.citizenId;
}

/** Terminal-facing gateway routes (bills, social security, residence permit, mailbox) and simulator controls. */
export const gatewayRoutes: RouteModule = (s) => {
  const gw = gatewayOf(s);
  const b = gw.backOffices;
  return [
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.billLookup,
      summary: 'Look up utility bills by biller and account number, or by the barcode printed on a bill',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: BillLookupRequest,
      response: BillLookupResponse,
      async handler({ body }) {
        let biller, account, period: string | undefined;
        if ('barcode' in body) {
          try {
            ({ biller, account, period } = parseBillBarcode(body.barcode));
          } catch (e) {
            if (e instanceof BarcodeError) throw new ApiError(e.code, 400, e.message);
            throw e;
          }
        } else ({ biller, account } = body);
        const bills = await viaBackOffice(() => b.billers[biller].lookup(account), 'bill-not-found');
        const chosen = period ? bills.filter((x) => x.period === period) : bills;
        if (period && chosen.length === 0) throw new ApiError('bill-not-found', 404, `No ${biller} bill for ${period}`);
        return { bills: chosen.slice(0, 24).map((x) => ({ ...x, billId: billIdOf(x) })) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.contributions,
      summary: 'Contribution records by month and insurance type (card PIN verified)',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: ContributionsRequest,
      response: ContributionsResponse,
      async handler({ body }) {
        const id = requireCardPin(body.holder);
        return { records: await viaBackOffice(() => b.socialSecurity.contributions(id, body.from, body.to)) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.medicalAccount,
      summary: 'Medical insurance personal account balance (card PIN verified)',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderRequest,
      response: MedicalAccount,
      async handler({ body }) {
        const id = requireCardPin(body.holder);
        return viaBackOffice(() => b.socialSecurity.medicalAccount(id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.card,
      summary: 'Card status and application / issue / replacement progress (card PIN verified)',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderRequest,
      response: CardStatus,
      async handler({ body }) {
        const id = requireCardPin(body.holder);
        return viaBackOffice(() => b.socialSecurity.cardStatus(id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.lossReport,
      summary: 'Report the card temporarily lost (idempotent by key; card PIN verified)',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderActionRequest,
      response: CardStatus,
      async handler({ body, terminal }) {
        const id = requireCardPin(body.holder);
        const status = await viaBackOffice(() => b.socialSecurity.reportLoss(id, body.idempotencyKey));
        await s.audit.record({ type: 'terminal', id: terminal!.terminalId, name: terminal!.name }, 'social-security.loss-report', { type: 'ss-card', id: status.cardNumberMasked });
        return status;
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.lossReportCancel,
      summary: 'Cancel a temporary loss report (card PIN verified)',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderRequest,
      response: CardStatus,
      async handler({ body, terminal }) {
        const id = requireCardPin(body.holder);
        const status = await viaBackOffice(() => b.socialSecurity.cancelLossReport(id));
        await s.audit.record({ type: 'terminal', id: terminal!.terminalId, name: terminal!.name }, 'social-security.loss-report-cancel', { type: 'ss-card', id: status.cardNumberMasked });
        return status;
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.permitStatus,
      summary: 'Residence permit validity, endorsement status and application progress',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderRequest,
      response: ResidencePermitStatus,
      async handler({ body }) {
        return viaBackOffice(() => b.residencePermit.status(body.holder.citizenId));
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.permitEndorsement,
      summary: "Request this year's endorsement (idempotent by key)",
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderActionRequest,
      response: ResidencePermitStatus,
      async handler({ body }) {
        return viaBackOffice(() => b.residencePermit.requestEndorsement(body.holder.citizenId, body.idempotencyKey));
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.mailboxList,
      summary: "The holder's citizen mailbox (bill reminders, notices, personal notifications)",
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: HolderRequest,
      response: MailboxListResponse,
      async handler({ body }) {
        const messages = await viaBackOffice(() => b.mailbox.list(body.holder.citizenId));
        return { messages, unread: messages.filter((m) => !m.read).length };
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.mailboxRead,
      summary: 'One mailbox message with its body',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: MailReadRequest,
      response: MailMessage,
      async handler({ body }) {
        return viaBackOffice(() => b.mailbox.read(body.holder.citizenId, body.messageId));
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.mailboxMarkRead,
      summary: 'Mark mailbox messages read',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: MailMarkReadRequest,
      response: z.object({ ok: z.literal(true) }),
      async handler({ body }) {
        await viaBackOffice(() => b.mailbox.markRead(body.holder.citizenId, body.messageIds));
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/gateway/simulators',
      summary: 'Fault modes of the simulated back offices (empty when real adapters are in use)',
      tags: ['gateway'],
      auth: { staff: ['admin', 'operator'] },
      response: z.object({ simulators: z.array(z.object({ target: z.enum(SIMULATOR_TARGETS), mode: z.enum(FAULT_MODES) })) }),
      async handler() {
        const sims = gw.simulators;
        return { simulators: sims ? SIMULATOR_TARGETS.map((target) => ({ target, mode: sims.fault(target).mode })) : [] };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/staff/gateway/simulators/:target',
      summary: 'Make a simulated back office time out, decline, go down, or behave (demos and tests)',
      tags: ['gateway'],
      auth: { staff: ['admin', 'operator'] },
      params: z.object({ target: z.enum(SIMULATOR_TARGETS) }),
      body: z.strictObject({ mode: z.enum(FAULT_MODES) }),
      response: z.object({ target: z.enum(SIMULATOR_TARGETS), mode: z.enum(FAULT_MODES) }),
      async handler({ params, body, staff }) {
        if (!gw.simulators) throw new ApiError('simulator-not-in-use', 409, 'No simulator is configured');
        gw.simulators.fault(params.target).mode = body.mode;
        await s.audit.record(staffActor(staff!), 'gateway.simulator.fault', { type: 'simulator', id: params.target }, { mode: body.mode });
        return { target: params.target, mode: body.mode };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/simulator/payments/:orderId/:action',
      summary: 'The simulated payer: complete, cancel or expire a QR order. Loopback only, simulator only (payer-cli.ts calls it)',
      tags: ['gateway', 'simulator'],
      auth: 'public',
      params: z.object({ orderId: z.string().min(1).max(64), action: z.enum(['complete', 'cancel', 'expire']) }),
      response: z.object({ orderId: z.string(), state: z.string() }),
      async handler({ params, request }) {
        if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) throw new ApiError('forbidden', 403, 'The simulated payer answers on the loopback interface only');
        if (!gw.simulators || gw.config.adapters.payments !== 'simulator') throw new ApiError('simulator-not-in-use', 404, 'The payment simulator is not in use');
        const sims = gw.simulators;
        return viaBackOffice(async () => sims.payments.payer(params.orderId, params.action), 'payment-not-found');
      },
    }),
  ];
};
