import { z } from 'zod';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { CreatePaymentRequest, Day, GATEWAY_PATHS, IdempotencyKey, PaymentView } from '@civic-kiosk/protocol/gateway';
import {
  FINANCE_READERS,
  PaymentFilter,
  PaymentPage,
  PaymentPageQuery,
  PaymentTerminals,
  PaymentTerminalsQuery,
  PaymentTotals,
  PaymentTotalsQuery,
  RECONCILERS,
  ReconcileRequest,
  ReconciliationReport,
  ReconciliationRuns,
  REVERSERS,
  ReverseRequest,
  STAFF_MONEY_PATHS,
  StaffPayment,
} from '@civic-kiosk/protocol/staff-money';
import { staffActor } from '../../audit/audit-log.ts';
import { badRequest } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { listPayments, paidTotals, paymentPage, payingTerminals, paymentsCsv, staffPayment, withTerminalName } from '../../transactions/reports.ts';

const FINANCE = { staff: FINANCE_READERS } as const;

/** Payments: terminal create/status (idempotent by key); staff list, totals, reconcile, export, reverse. */
export const transactionRoutes: RouteModule = (s) => {
  const { payments, reconciler } = s;
  return [
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.payments,
      summary: 'Start paying a bill: returns the QR payment order. Idempotent by the terminal key',
      tags: ['transactions', 'terminal'],
      auth: 'terminal',
      body: CreatePaymentRequest,
      response: PaymentView,
      async handler({ body, terminal }) {
        return payments.create(terminal.terminalId, body);
      },
    }),
    defineRoute({
      method: 'GET',
      url: GATEWAY_PATHS.payment(':idempotencyKey'),
      summary: "A payment's state by key; each call advances it (payer paid → biller paid)",
      tags: ['transactions', 'terminal'],
      auth: 'terminal',
      params: z.object({ idempotencyKey: IdempotencyKey }),
      response: PaymentView,
      async handler({ params, terminal }) {
        return payments.status(terminal.terminalId, params.idempotencyKey);
      },
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.paymentCancel(':idempotencyKey'),
      summary: 'Close an unpaid QR order (cancelled or run out) by key; answers the final state, paid if the payer was quicker',
      tags: ['transactions', 'terminal'],
      auth: 'terminal',
      params: z.object({ idempotencyKey: IdempotencyKey }),
      response: PaymentView,
      async handler({ params, terminal }) {
        return payments.cancel(terminal.terminalId, params.idempotencyKey);
      },
    }),
    defineRoute({
      method: 'GET',
      url: STAFF_MONEY_PATHS.list,
      summary: 'Payments, newest first, filtered by state, biller, terminal and business days; a page and the cursor of the next. Each read is audited (account numbers)',
      tags: ['transactions'],
      auth: FINANCE,
      query: PaymentPageQuery,
      response: PaymentPage,
      async handler({ query, staff }) {
        const { limit, before, ...filter } = query;
        const { rows, next } = await paymentPage(s.db, filter, limit, before);
        await s.audit.record(staffActor(staff), 'payments.list', { type: 'payments' }, { filter, before: before ?? null, rows: rows.length });
        return { payments: rows.map(staffPayment), next };
      },
    }),
    defineRoute({
      method: 'GET',
      url: STAFF_MONEY_PATHS.totals,
      summary: 'Paid totals per biller and per terminal',
      tags: ['transactions'],
      auth: FINANCE,
      query: PaymentTotalsQuery,
      response: PaymentTotals,
      async handler({ query }) {
        return paidTotals(s.db, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: STAFF_MONEY_PATHS.terminals,
      summary: 'Terminals that made any payment in the business days (what the terminal filter offers)',
      tags: ['transactions'],
      auth: FINANCE,
      query: PaymentTerminalsQuery,
      response: PaymentTerminals,
      async handler({ query }) {
        return { terminals: await payingTerminals(s.db, query) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: STAFF_MONEY_PATHS.csv,
      summary: 'Payments as CSV (UTF-8 with BOM, RFC 4180 quoting, formula-safe)',
      tags: ['transactions'],
      auth: FINANCE,
      query: PaymentFilter,
      raw: true,
      rawContentType: 'text/csv',
      response: z.string(),
      async handler({ query, reply, staff }) {
        const rows = await listPayments(s.db, query, 100_000);
        await s.audit.record(staffActor(staff), 'payments.export', { type: 'payments' }, { filter: query, rows: rows.length });
        await reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="payments-${query.from ?? 'all'}-${query.to ?? 'all'}.csv"`)
          .send(paymentsCsv(rows));
      },
    }),
    defineRoute({
      method: 'POST',
      url: STAFF_MONEY_PATHS.reconcile,
      summary: "Reconcile a business day against every biller's settlement; resolves unknown payments",
      tags: ['transactions'],
      auth: { staff: RECONCILERS },
      body: ReconcileRequest,
      response: ReconciliationReport,
      async handler({ body, staff }) {
        if (body.businessDay > shanghaiDay(s.now())) throw badRequest('day-in-future', 'That business day has not started');
        return reconciler.run(staffActor(staff), body.businessDay);
      },
    }),
    defineRoute({
      method: 'GET',
      url: STAFF_MONEY_PATHS.reconciliations,
      summary: 'Past reconciliation runs with their reports, newest first',
      tags: ['transactions'],
      auth: FINANCE,
      query: z.object({ businessDay: Day.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: ReconciliationRuns,
      async handler({ query }) {
        let q = s.db.selectFrom('reconciliation_runs').selectAll().orderBy('id', 'desc').limit(query.limit);
        if (query.businessDay) q = q.where('business_day', '=', query.businessDay);
        const rows = await q.execute();
        return { runs: rows.map((r) => ({ id: Number(r.id), businessDay: r.business_day, runAt: new Date(Number(r.run_at)).toISOString(), runBy: r.run_by, report: JSON.parse(r.report) as ReconciliationReport })) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: STAFF_MONEY_PATHS.reverse(':paymentId'),
      summary: 'Reverse a paid payment, with the reason: the biller reverses it and the payer is refunded',
      tags: ['transactions'],
      auth: { staff: REVERSERS },
      params: z.object({ paymentId: z.string().min(1).max(64) }),
      body: ReverseRequest,
      response: StaffPayment,
      async handler({ params, body, staff }) {
        return staffPayment(await withTerminalName(s.db, await payments.reverse(staffActor(staff), params.paymentId, body.reason)));
      },
    }),
  ];
};
