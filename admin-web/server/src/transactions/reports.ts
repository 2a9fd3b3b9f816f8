/** Staff views of payments: filtered lists, totals per biller and per terminal, CSV export. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { BillerKind, PaymentState } from '@civic-kiosk/protocol/gateway';
import type { Database } from '../db/schema.ts';
import type { PaymentRow } from './tables.ts';

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

export async function listPayments(db: Kysely<Database>, f: PaymentFilter, limit: number, beforeCreatedAt?: number): Promise<PaymentRow[]> {
  let q = filtered(db.selectFrom('payments').selectAll(), f);
  if (beforeCreatedAt !== undefined) q = q.where('created_at', '<', beforeCreatedAt);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export interface Totals {
  byBiller: { biller: string; count: number; amountFen: number }[];
  byTerminal: { terminalId: string; count: number; amountFen: number }[];
}

/** Totals of paid payments. */
export async function paidTotals(db: Kysely<Database>, f: PaymentFilter): Promise<Totals> {
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
  return {
    byBiller: byBiller.map((r) => ({ biller: r.biller, count: Number(r.count), amountFen: Number(r.amount) })),
    byTerminal: byTerminal.map((r) => ({ terminalId: r.terminal_id, count: Number(r.count), amountFen: Number(r.amount) })),
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes
 * doubled; a leading = + - @ tab or CR is prefixed with ' so a spreadsheet does not run it
 * as a formula.
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const COLUMNS = ['created_at', 'business_day', 'payment_id', 'idempotency_key', 'terminal_id', 'biller', 'account', 'period', 'amount_yuan', 'state', 'biller_ref', 'failure_code'] as const;

/** CSV with a UTF-8 BOM (spreadsheets then read Chinese text right) and CRLF line ends. */
export function paymentsCsv(rows: PaymentRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        new Date(Number(r.created_at)).toISOString(),
        r.business_day,
        r.id,
        r.idempotency_key,
        r.terminal_id,
        r.biller,
        r.account,
        r.period,
        (Number(r.amount_fen) / 100).toFixed(2),
        r.state,
        r.biller_ref,
        r.failure_code,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
