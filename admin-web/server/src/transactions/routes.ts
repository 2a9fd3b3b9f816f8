import { z } from 'zod';
import { BillerKind, CreatePaymentRequest, Day, GATEWAY_PATHS, IdempotencyKey, PaymentState, PaymentView } from '@civic-kiosk/protocol/gateway';
import { staffActor } from '../audit/audit-log.ts';
import { badRequest } from '../errors.ts';
import { gatewayOf } from '../gateway/instance.ts';
import { defineRoute } from '../http/route.ts';
import type { RouteModule } from '../services.ts';
import { PaymentService, view } from './payment-service.ts';
import { Reconciler } from './reconciliation.ts';
import { listPayments, paidTotals, paymentsCsv } from './reports.ts';
import { PeriodicTask } from '../periodic-task.ts';

const FINANCE = { staff: ['admin', 'operator', 'auditor'] } as const;
const Filter = z.object({
  state: PaymentState.optional(),
  biller: BillerKind.optional(),
  terminalId: z.string().max(64).optional(),
  from: Day.optional(),
  to: Day.optional(),
});

/** Payments: terminal create/status (idempotent by key); staff list, totals, reconcile, export, reverse. */
export const transactionRoutes: RouteModule = (s) => {
  const gw = gatewayOf(s);
  const payments = new PaymentService(s.db, gw.backOffices, s.audit, s.now, gw.config.paymentTtlMs);
  const reconciler = new Reconciler(s.db, gw.backOffices, payments, s.audit, s.now);
  if (s.config.terminals.backgroundTimers) {
    // Payments left open for two minutes are advanced once a minute, so a crashed terminal
    // does not leave a paid order without its biller payment until the daily reconciliation.
    const sweep = new PeriodicTask(
      () => payments.sweep(2 * 60_000),
      (err) => s.log.warn({ err }, 'payment sweep failed'),
    );
    sweep.start(60_000);
    s.onClose(() => sweep.stop());
  }
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
        return payments.create(terminal!.terminalId, body);
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
        return payments.status(terminal!.terminalId, params.idempotencyKey);
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
        return payments.cancel(terminal!.terminalId, params.idempotencyKey);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/transactions',
      summary: 'Payments, newest first, filtered by state, biller, terminal and business day',
      tags: ['transactions'],
      auth: FINANCE,
      query: Filter.extend({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().optional() }),
      response: z.object({ payments: z.array(PaymentView.extend({ terminalId: z.string(), businessDay: z.string() })) }),
      async handler({ query }) {
        const rows = await listPayments(s.db, query, query.limit, query.before);
        return { payments: rows.map((r) => ({ ...view(r), terminalId: r.terminal_id, businessDay: r.business_day })) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/transactions/totals',
      summary: 'Paid totals per biller and per terminal',
      tags: ['transactions'],
      auth: FINANCE,
      query: Filter.omit({ state: true }),
      response: z.object({
        byBiller: z.array(z.object({ biller: z.string(), count: z.number(), amountFen: z.number() })),
        byTerminal: z.array(z.object({ terminalId: z.string(), count: z.number(), amountFen: z.number() })),
      }),
      async handler({ query }) {
        return paidTotals(s.db, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/transactions/export.csv',
      summary: 'Payments as CSV (UTF-8 with BOM, RFC 4180 quoting, formula-safe)',
      tags: ['transactions'],
      auth: FINANCE,
      query: Filter,
      raw: true,
      rawContentType: 'text/csv',
      response: z.string(),
      async handler({ query, reply, staff }) {
        const rows = await listPayments(s.db, query, 100_000);
        await s.audit.record(staffActor(staff!), 'payments.export', { type: 'payments' }, { filter: query, rows: rows.length });
        await reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="payments-${query.from ?? 'all'}-${query.to ?? 'all'}.csv"`)
          .send(paymentsCsv(rows));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/transactions/reconcile',
      summary: "Reconcile a business day against every biller's settlement; resolves unknown payments",
      tags: ['transactions'],
      auth: { staff: ['admin', 'operator'] },
      body: z.strictObject({ businessDay: Day }),
      response: z.object({
        businessDay: z.string(),
        billers: z.array(z.object({ biller: z.string(), checked: z.number(), matched: z.number(), serverPaidFen: z.number(), billerPaidFen: z.number(), error: z.string().nullable() })),
        findings: z.array(z.object({ kind: z.string(), biller: z.string(), key: z.string(), paymentId: z.string().nullable(), detail: z.string() })),
      }),
      async handler({ body, staff }) {
        if (body.businessDay > new Date(s.now() + 8 * 3600_000).toISOString().slice(0, 10)) throw badRequest('day-in-future', 'That business day has not started');
        return reconciler.run(staffActor(staff!), body.businessDay);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/transactions/reconciliations',
      summary: 'Past reconciliation runs with their reports, newest first',
      tags: ['transactions'],
      auth: FINANCE,
      query: z.object({ businessDay: Day.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: z.object({ runs: z.array(z.object({ businessDay: z.string(), runAt: z.iso.datetime(), runBy: z.string(), report: z.unknown() })) }),
      async handler({ query }) {
        let q = s.db.selectFrom('reconciliation_runs').selectAll().orderBy('id', 'desc').limit(query.limit);
        if (query.businessDay) q = q.where('business_day', '=', query.businessDay);
        const rows = await q.execute();
        return { runs: rows.map((r) => ({ businessDay: r.business_day, runAt: new Date(Number(r.run_at)).toISOString(), runBy: r.run_by, report: JSON.parse(r.report) as unknown })) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/transactions/:paymentId/reverse',
      summary: 'Reverse a paid payment: the biller reverses it and the payer is refunded',
      tags: ['transactions'],
      auth: { staff: ['admin'] },
      params: z.object({ paymentId: z.string().min(1).max(64) }),
      response: PaymentView,
      async handler({ params, staff }) {
        return payments.reverse(staffActor(staff!), params.paymentId);
      },
    }),
  ];
};
