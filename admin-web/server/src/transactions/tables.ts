import type { Generated } from 'kysely';
import type { BillerKind, PaymentState } from '@civic-kiosk/protocol/gateway';

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
  failure_code: string | null;
  failure_message: string | null;
  /** Set when the payer's money was returned (biller declined, or reversal). */
  refunded_at: number | null;
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

export interface TransactionTables {
  payments: PaymentRow;
  reconciliation_runs: ReconciliationRunRow;
}
