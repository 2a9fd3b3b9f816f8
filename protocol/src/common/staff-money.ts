/**
 * The staff side of payments: the ledger's pages, totals, reconciliation reports and runs,
 * and reversal. The server validates and answers with these; the console checks every answer
 * against them.
 */
import { z } from 'zod';
import { BillerKind, Day, PaymentState, PaymentView } from './gateway.ts';
import type { StaffRole } from './staff-api.ts';

/** Who reads payments (finance): admins, operators and auditors. */
export const FINANCE_READERS = ['admin', 'operator', 'auditor'] as const satisfies readonly StaffRole[];
/** Who may run a reconciliation. */
export const RECONCILERS = ['admin', 'operator'] as const satisfies readonly StaffRole[];
/** Who may reverse a paid payment. */
export const REVERSERS = ['admin'] as const satisfies readonly StaffRole[];

const DAYS = { from: Day.optional(), to: Day.optional() };
const RANGE = { ...DAYS, biller: BillerKind.optional(), terminalId: z.string().min(1).max(64).optional() };
const FILTER = { ...RANGE, state: PaymentState.optional() };
/** Business days are inclusive; a range whose end comes before its start is refused. */
const inOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;
const ORDER_ERROR = { message: 'The last day comes before the first', path: ['to'] };

export const PaymentFilter = z.object(FILTER).refine(inOrder, ORDER_ERROR);
export type PaymentFilter = z.infer<typeof PaymentFilter>;
/** Totals count paid payments only: no state to choose. */
export const PaymentTotalsQuery = z.object(RANGE).refine(inOrder, ORDER_ERROR);
export const PaymentTerminalsQuery = z.object(DAYS).refine(inOrder, ORDER_ERROR);

/** Where the next page starts: the last row's creation time and id (`<ms>.<id>`), opaque to clients. */
export const PaymentCursor = z.string().regex(/^\d{1,16}\.[\w-]{1,64}$/, 'a cursor from an earlier page');

export const PAYMENT_PAGE_MAX = 500;

export const PaymentPageQuery = z
  .object({ ...FILTER, limit: z.coerce.number().int().min(1).max(PAYMENT_PAGE_MAX).default(100), before: PaymentCursor.optional() })
  .refine(inOrder, ORDER_ERROR);

export const REVERSAL_REASON_MAX = 500;
/** Why a paid payment is reversed: kept with the payment and in the audit log. */
export const ReverseRequest = z.strictObject({
  reason: z.string().trim().min(2, 'Give the reason for the reversal').max(REVERSAL_REASON_MAX),
});
export type ReverseRequest = z.infer<typeof ReverseRequest>;

/** A payment as finance staff see it: where and when it was made, and any reversal. */
export const StaffPayment = PaymentView.extend({
  terminalId: z.string(),
  /** The terminal's name now; null when the terminal is gone. */
  terminalName: z.string().nullable(),
  businessDay: Day,
  reversal: z.object({ by: z.string(), reason: z.string(), at: z.iso.datetime() }).nullable(),
});
export type StaffPayment = z.infer<typeof StaffPayment>;

export const PaymentPage = z.object({
  payments: z.array(StaffPayment),
  /** The cursor of the next (older) page; null on the last. */
  next: PaymentCursor.nullable(),
});
export type PaymentPage = z.infer<typeof PaymentPage>;

/** Totals of paid payments: count and amount in fen. */
export const PaymentTotals = z.object({
  byBiller: z.array(z.object({ biller: BillerKind, count: z.number().int(), amountFen: z.number().int() })),
  byTerminal: z.array(z.object({ terminalId: z.string(), terminalName: z.string().nullable(), count: z.number().int(), amountFen: z.number().int() })),
});
export type PaymentTotals = z.infer<typeof PaymentTotals>;

/** Terminals that made any payment in a range of days: what the terminal filter offers. */
export const PaymentTerminals = z.object({ terminals: z.array(z.object({ terminalId: z.string(), terminalName: z.string().nullable() })) });
export type PaymentTerminals = z.infer<typeof PaymentTerminals>;

/**
 * What reconciliation found for one payment: settled (`resolved-*`), or a disagreement staff
 * must look into: paid here but absent at the biller, booked by the biller but unknown here,
 * amounts or reversals differing.
 */
export const FINDING_KINDS = ['resolved-paid', 'resolved-failed', 'missing-at-biller', 'unknown-to-server', 'amount-differs', 'reversal-differs'] as const;
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

export const ReconciliationFinding = z.object({
  kind: FindingKind,
  biller: BillerKind,
  /** The payment's idempotency key, which the biller books it under. */
  key: z.string(),
  paymentId: z.string().nullable(),
  // Runs stored before these were recorded lack them.
  /** The short reference on the resident's receipt; null when this server never made the payment. */
  reference: z.string().nullable().default(null),
  billerRef: z.string().nullable().default(null),
  serverFen: z.number().int().nullable().default(null),
  billerFen: z.number().int().nullable().default(null),
  /** What was found, in English, for the log and the audit trail. */
  detail: z.string(),
});
export type ReconciliationFinding = z.infer<typeof ReconciliationFinding>;

export const ReconciliationReport = z.object({
  businessDay: Day,
  billers: z.array(
    z.object({
      biller: BillerKind,
      checked: z.number().int(),
      matched: z.number().int(),
      serverPaidFen: z.number().int(),
      billerPaidFen: z.number().int(),
      /** The biller's settlement could not be read (a back-office error code); nothing was compared. */
      error: z.string().nullable(),
    }),
  ),
  findings: z.array(ReconciliationFinding),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;

export const ReconcileRequest = z.strictObject({ businessDay: Day });

export const ReconciliationRun = z.object({ id: z.number().int(), businessDay: Day, runAt: z.iso.datetime(), runBy: z.string(), report: ReconciliationReport });
export type ReconciliationRun = z.infer<typeof ReconciliationRun>;
export const ReconciliationRuns = z.object({ runs: z.array(ReconciliationRun) });
export type ReconciliationRuns = z.infer<typeof ReconciliationRuns>;

/**
 * Integer fen as yuan with two decimals (`8650` → `86.50`), by integer arithmetic: no binary
 * fraction on the way can turn 0.29 yuan into 0.28.
 */
export function fenAsYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const STAFF_MONEY_PATHS = {
  list: '/api/staff/transactions',
  totals: '/api/staff/transactions/totals',
  terminals: '/api/staff/transactions/terminals',
  csv: '/api/staff/transactions/export.csv',
  reconcile: '/api/staff/transactions/reconcile',
  reconciliations: '/api/staff/transactions/reconciliations',
  reverse: (paymentId: string) => `/api/staff/transactions/${paymentId}/reverse`,
} as const;
