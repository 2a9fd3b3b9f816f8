/** The console's calls for payments: the ledger, totals, reconciliation and reversal. */
import type { z } from 'zod';
import { PaymentPage, PaymentTerminals, PaymentTotals, ReconciliationReport, ReconciliationRuns, STAFF_MONEY_PATHS, StaffPayment } from '@civic-kiosk/protocol/staff-money';
import type { PaymentFilter } from '@civic-kiosk/protocol/staff-money';
import type { ApiClient } from './client.ts';

/** A query string of the filter's set fields (and any extras), without empty values. */
export function moneyQuery(filter: Partial<PaymentFilter>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function payments(api: ApiClient, filter: PaymentFilter, limit: number, before?: string): Promise<PaymentPage> {
  return api.call('GET', `${STAFF_MONEY_PATHS.list}${moneyQuery(filter, { limit, before })}`, PaymentPage);
}

export function totals(api: ApiClient, filter: Omit<PaymentFilter, 'state'>): Promise<PaymentTotals> {
  return api.call('GET', `${STAFF_MONEY_PATHS.totals}${moneyQuery(filter)}`, PaymentTotals);
}

export function payingTerminals(api: ApiClient, days: Pick<PaymentFilter, 'from' | 'to'>): Promise<PaymentTerminals> {
  return api.call('GET', `${STAFF_MONEY_PATHS.terminals}${moneyQuery(days)}`, PaymentTerminals);
}

/** Where the browser downloads the filtered payments as CSV (a plain link: the session cookie goes with it). */
export const csvUrl = (filter: PaymentFilter): string => `${STAFF_MONEY_PATHS.csv}${moneyQuery(filter)}`;

export function reconcile(api: ApiClient, businessDay: string): Promise<ReconciliationReport> {
  return api.call('POST', STAFF_MONEY_PATHS.reconcile, ReconciliationReport, { businessDay });
}

export function reconciliations(api: ApiClient, limit = 30): Promise<ReconciliationRuns> {
  return api.call('GET', `${STAFF_MONEY_PATHS.reconciliations}?limit=${limit}`, ReconciliationRuns);
}

export function reverse(api: ApiClient, paymentId: string, reason: string): Promise<z.output<typeof StaffPayment>> {
  return api.call('POST', STAFF_MONEY_PATHS.reverse(encodeURIComponent(paymentId)), StaffPayment, { reason });
}
