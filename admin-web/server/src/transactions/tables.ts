import type { Generated } from 'kysely';
import type { BillerKind, PaymentFailureCode, PaymentState } from '@civic-kiosk/protocol/gateway';

/** One bill payment, keyed by the terminal's idempotency key. */
export interface PaymentRow {
  id: string;
  idempotency_key: string;
  /** sha256 of the canonical request: a retry must match it exactly. */
  request_hash: string;
  terminal_id: string;
  biller: BillerKind;
  account: string;
  period: string;
  amount_fen: number;
  state: PaymentState;
  order_id: string | null;
  qr_payload: string | null;
  order_expires_at: number | null;
  biller_ref: string | null;
  failure_code: PaymentFailureCode | null;
  failure_message: string | null;
  /** Set when the payer's money was returned (biller declined, or reversal). */
  refunded_at: number | null;
  /** The short reference residents read and staff reprint by (unique). */
  reference: string;
  /** Who reversed a reversed payment (staff username) and why. */
  reversed_by: string | null;
  reversal_reason: string | null;
  /** `YYYY-MM-DD` in China Standard Time: the day reconciliation books it under. */
  business_day: string;
  created_at: number;
  updated_at: number;
}

export interface ReconciliationRunRow {
  id: Generated<number>;
  business_day: string;
  run_at: number;
  run_by: string;
  /** JSON ReconciliationReport. */
  report: string;
}

/** A simulated biller's own book of payments (demo and tests), so it survives a restart. */
export interface SimBillerPaymentRow {
  key: string;
  biller: BillerKind;
  account: string;
  period: string;
  amount_fen: number;
  biller_ref: string;
  state: 'paid' | 'reversed';
  paid_at: number;
}

export interface TransactionTables {
  payments: PaymentRow;
  sim_biller_payments: SimBillerPaymentRow;
  reconciliation_runs: ReconciliationRunRow;
}
