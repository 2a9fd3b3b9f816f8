/**
 * The terminal's view of a bill payment. Amounts are integer fen (1 yuan = 100 fen), never
 * floats. Bills and billers are the gateway contract's (protocol/src/common/gateway.ts).
 */
import type { Bill, BillerKind } from '@civic-kiosk/protocol/gateway';

export type { Bill, BillerKind };
export const BILLERS: readonly BillerKind[] = ['water', 'power', 'gas', 'telecom'];

export type BillQuery = { kind: 'account'; biller: BillerKind; account: string } | { kind: 'barcode'; code: string };

/** A dynamic QR payment order the server opened for one attempt. */
export interface PaymentOrder {
  /** The payment provider's order id. */
  orderId: string;
  /** What the QR code encodes (the payer's app opens it). */
  qrPayload: string;
  /** Epoch ms at which the server will stop accepting payment for this order. */
  expiresAt: number;
}

/** One try to pay one bill. Its key is made on the terminal and never changes. */
export interface PaymentAttempt {
  key: string;
  billId: string;
  biller: BillerKind;
  accountMasked: string;
  amountFen: number;
  period: string;
  createdAt: number;
  /** The server's short reference: shown, printed (with a QR), and what staff reprint by. */
  reference: string | null;
  /** The biller's reference once paid. */
  receiptNo: string | null;
}

/** How the server's ledger ends an attempt. */
export type FinalOutcome = 'paid' | 'declined' | 'expired' | 'cancelled' | 'failed' | 'reversed';
/** What the server says about an attempt: final, still open, or it does not know yet. */
export type ServerOrderStatus = FinalOutcome | 'pending' | 'unknown';

/**
 * An outbox record: the minimum that must survive a crash to reconcile one attempt with the
 * server's ledger by key. The raw account number is deliberately not in it: creating an order
 * needs only the bill id, reconciliation only the key, and the receipt the masked account.
 */
export interface PaymentRecord {
  key: string;
  billId: string;
  biller: BillerKind;
  accountMasked: string;
  amountFen: number;
  period: string;
  status: PaymentRecordStatus;
  reference: string | null;
  receiptNo: string | null;
  expiresAt: number | null;
  receipt: ReceiptStatus;
  createdAt: number;
  updatedAt: number;
}

/**
 * `creating` … `unknown` are unfinished: the server's ledger decides them. `abandoned` means the
 * server never saw the key (so nobody was charged).
 */
export type PaymentRecordStatus = 'creating' | 'awaiting-payment' | 'confirming' | 'unknown' | FinalOutcome | 'abandoned';
export type ReceiptStatus = 'none' | 'pending' | 'printed' | 'unavailable';

export const UNFINISHED_STATUSES: readonly PaymentRecordStatus[] = ['creating', 'awaiting-payment', 'confirming', 'unknown'];

export function isUnfinished(status: PaymentRecordStatus): boolean {
  return UNFINISHED_STATUSES.includes(status);
}

/** Keep the last 4 characters of an account number for display and receipts. */
export function maskAccount(account: string): string {
  const visible = account.slice(-4);
  return `${'*'.repeat(Math.max(account.length - 4, 4))}${visible}`;
}

/** `12345` fen → `123.45`. */
export function formatYuan(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(amountFen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Keys are crypto.randomUUID() made on the terminal (which also fits the gateway's key pattern). */
export function isIdempotencyKey(key: string): boolean {
  return UUID.test(key);
}
