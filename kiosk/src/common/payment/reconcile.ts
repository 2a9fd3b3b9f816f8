/**
 * Reconciliation of an unfinished outbox record with the server's ledger, by key, sans-I/O:
 * the ledger decides. Used on start (before any new payment) and whenever the server is back.
 */
import { PaymentView } from '@civic-kiosk/protocol/gateway';
import type { ApiResponse } from '../bridge.ts';
import { orderStatusOf } from './payment-api.ts';
import type { PaymentRecord, PaymentRecordStatus } from './types.ts';

/** `close`: the order is still open past its expiry, ask the server to close it, then look again. */
export type ReconcileNext = 'settled' | 'retry' | 'close';
export interface Reconciled {
  record: PaymentRecord;
  next: ReconcileNext;
}

export function reconcileWith(record: PaymentRecord, response: ApiResponse, now: number): Reconciled {
  const update = (status: PaymentRecordStatus, extra: Partial<PaymentRecord> = {}): PaymentRecord => ({ ...record, status, ...extra, updatedAt: now });
  if (response.status === 404) {
    // The server never saw this key: nobody was charged. The person has gone; do not pay later.
    return { record: update('abandoned'), next: 'settled' };
  }
  if (response.status !== 200) return { record, next: 'retry' };
  const parsed = PaymentView.safeParse(response.body);
  if (!parsed.success || parsed.data.idempotencyKey !== record.key) return { record, next: 'retry' };
  const view = parsed.data;
  const status = orderStatusOf(view);
  const known = { reference: record.reference ?? view.paymentId, receiptNo: view.receiptNo ?? record.receiptNo };
  switch (status) {
    case 'paid':
      // The person may have left: keep the receipt for a reprint by reference instead of printing to nobody.
      return { record: update('paid', { ...known, receipt: record.receipt === 'printed' ? 'printed' : 'unavailable' }), next: 'settled' };
    case 'pending': {
      const expiresAt = view.order ? Date.parse(view.order.expiresAt) : record.expiresAt;
      const open = update(record.status === 'creating' ? 'awaiting-payment' : record.status, { ...known, expiresAt });
      return { record: open, next: expiresAt !== null && now >= expiresAt ? 'close' : 'retry' };
    }
    case 'unknown':
      return { record: update('unknown', known), next: 'retry' };
    default:
      return { record: update(status, known), next: 'settled' };
  }
}
