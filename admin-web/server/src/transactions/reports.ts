/** Staff views of payments: filtered pages, totals per biller and per terminal, CSV export. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { BillerKind, PaymentState } from '@civic-kiosk/protocol/gateway';
import { fenAsYuan } from '@civic-kiosk/protocol/staff-money';
import type { PaymentTotals, StaffPayment } from '@civic-kiosk/protocol/staff-money';
import type { Database } from '../db/schema.ts';
import { view } from './payment-service.ts';
import type { PaymentRow } from './tables.ts';
import { csvDocument } from '../http/csv.ts';

export interface PaymentFilter {
  state?: PaymentState;
  biller?: BillerKind;
  terminalId?: string;
  /** Business days, inclusive, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
}

function filtered<O>(q: SelectQueryBuilder<Database, 'payments', O>, f: PaymentFilter): SelectQueryBuilder<Database, 'payments', O> {
  if (f.state) q = q.where('state', '=', f.state);
  if (f.biller) q = q.where('biller', '=', f.biller);
  if (f.terminalId) q = q.where('terminal_id', '=', f.terminalId);
  if (f.from) q = q.where('business_day', '>=', f.from);
  if (f.to) q = q.where('business_day', '<=', f.to);
  return q;
}

/** A payment row with its terminal's current name (null once the terminal is gone). */
export type NamedPaymentRow = PaymentRow & { terminal_name: string | null };

/**
 * Payments newest first (created_at desc, then id), `limit` of them after the cursor's row. The
 * cursor names a row by both keys, so rows created in the same millisecond are neither skipped
 * nor repeated across pages.
 */
export async function listPayments(db: Kysely<Database>, f: PaymentFilter, limit: number, before?: string): Promise<NamedPaymentRow[]> {
  let q = filtered(db.selectFrom('payments').selectAll(), f);
  if (before !== undefined) {
    const dot = before.indexOf('.');
    const at = Number(before.slice(0, dot));
    const id = before.slice(dot + 1);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  const names = await terminalNames(db, rows.map((r) => r.terminal_id));
  return rows.map((r) => ({ ...r, terminal_name: names.get(r.terminal_id) ?? null }));
}

/** A page of `limit` payments and the cursor of the next page, null when no payment is left. */
export async function paymentPage(db: Kysely<Database>, f: PaymentFilter, limit: number, before?: string): Promise<{ rows: NamedPaymentRow[]; next: string | null }> {
  const rows = await listPayments(db, f, limit + 1, before);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? `${Number(last.created_at)}.${last.id}` : null };
}

export async function withTerminalName(db: Kysely<Database>, row: PaymentRow): Promise<NamedPaymentRow> {
  return { ...row, terminal_name: (await terminalNames(db, [row.terminal_id])).get(row.terminal_id) ?? null };
}

async function terminalNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('terminals').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function staffPayment(r: NamedPaymentRow): StaffPayment {
  return {
    ...view(r),
    terminalId: r.terminal_id,
    terminalName: r.terminal_name,
    businessDay: r.business_day,
    reversal: r.state === 'reversed' && r.reversed_by !== null ? { by: r.reversed_by, reason: r.reversal_reason ?? '', at: new Date(Number(r.refunded_at ?? r.updated_at)).toISOString() } : null,
  };
}

/** Terminals that made any payment in the days, by name. */
export async function payingTerminals(db: Kysely<Database>, f: Pick<PaymentFilter, 'from' | 'to'>): Promise<{ terminalId: string; terminalName: string | null }[]> {
  const ids = await filtered(db.selectFrom('payments').select('terminal_id').distinct(), f).execute();
  const names = await terminalNames(db, ids.map((r) => r.terminal_id));
  return ids
    .map((r) => ({ terminalId: r.terminal_id, terminalName: names.get(r.terminal_id) ?? null }))
    .sort((a, b) => (a.terminalName ?? a.terminalId).localeCompare(b.terminalName ?? b.terminalId));
}

/** Totals of paid payments. */
export async function paidTotals(db: Kysely<Database>, f: PaymentFilter): Promise<PaymentTotals> {
  const base = () => filtered(db.selectFrom('payments'), { ...f, state: 'paid' });
  const byBiller = await base()
    .select((eb) => ['biller', eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('amount_fen').as('amount')])
    .groupBy('biller')
    .orderBy('biller')
    .execute();
  const byTerminal = await base()
    .select((eb) => ['terminal_id', eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('amount_fen').as('amount')])
    .groupBy('terminal_id')
    .orderBy('terminal_id')
    .execute();
  const names = await terminalNames(db, byTerminal.map((r) => r.terminal_id));
  return {
    byBiller: byBiller.map((r) => ({ biller: r.biller, count: Number(r.count), amountFen: Number(r.amount) })),
    byTerminal: byTerminal.map((r) => ({ terminalId: r.terminal_id, terminalName: names.get(r.terminal_id) ?? null, count: Number(r.count), amountFen: Number(r.amount) })),
  };
}

const COLUMNS = ['created_at', 'business_day', 'payment_id', 'reference', 'idempotency_key', 'terminal_id', 'terminal_name', 'biller', 'account', 'period', 'amount_yuan', 'state', 'biller_ref', 'failure_code', 'reversed_by', 'reversal_reason'] as const;

/** The ledger as a staff CSV download (formula-safe cells, see http/csv.ts). */
export function paymentsCsv(rows: readonly NamedPaymentRow[]): string {
  return csvDocument(
    COLUMNS,
    rows.map((r) => [
      new Date(Number(r.created_at)).toISOString(),
      r.business_day,
      r.id,
      r.reference,
      r.idempotency_key,
      r.terminal_id,
      r.terminal_name,
      r.biller,
      r.account,
      r.period,
      fenAsYuan(Number(r.amount_fen)),
      r.state,
      r.biller_ref,
      r.failure_code,
      r.reversed_by,
      r.reversal_reason,
    ]),
  );
}
