/**
 * Reconciliation of an unfinished outbox record with the server's ledger, by key, sans-I/O:
 * the ledger decides. Used on start (before any new payment) and whenever the server is back.
 */
import type { PaymentView } from '@civic-kiosk/protocol/gateway';
import type { GatewayAnswer } from '../bridge.ts';
import { orderStatusOf } from './payment-api.ts';
import type { PaymentRecord, PaymentRecordStatus } from './types.ts';

/** `close`: the order is still open past its expiry, ask the server to close it, then look again. */
export type ReconcileNext = 'settled' | 'retry' | 'close';
export interface Reconciled {
  record: PaymentRecord;
  next: ReconcileNext;
}

/** `answer` is the ledger's view by the record's key (the privileged side checked schema and key). */
export function reconcileWith(record: PaymentRecord, answer: GatewayAnswer<PaymentView>, now: number): Reconciled {
  const update = (status: PaymentRecordStatus, extra: Partial<PaymentRecord> = {}): PaymentRecord => ({ ...record, status, ...extra, updatedAt: now });
  if (!answer.ok) {
    // The server never saw this key: nobody was charged. The person has gone; do not pay later.
    // Only the ledger's own word counts: a 404 from anything in between says nothing.
    if (answer.failure.code === 'payment-not-found') return { record: update('abandoned'), next: 'settled' };
    return { record, next: 'retry' };
  }
  const view = answer.value;
  if (view.idempotencyKey !== record.key) return { record, next: 'retry' };
  const status = orderStatusOf(view);
  const known = { reference: record.reference ?? view.reference, receiptNo: view.receiptNo ?? record.receiptNo };
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
