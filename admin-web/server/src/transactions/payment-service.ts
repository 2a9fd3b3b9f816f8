/**
 * Bill payments on the server, applied exactly once per terminal idempotency key:
 * create (bill + amount + key) → QR payment order → status polls advance it → when the
 * payer has paid, pay the biller with the same key → paid. A retry with the same key and
 * body returns the same payment; the same key with another body is a typed conflict.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import type { CreatePaymentRequest, PaymentFailureCode, PaymentView } from '@civic-kiosk/protocol/gateway';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { BackOfficeError, type BackOfficeErrorCode, type BackOffices } from '../gateway/adapters.ts';
import { parseBillId } from '../gateway/bill-id.ts';
import { viaBackOffice } from '../gateway/errors.ts';
import { nextPaymentState, type PaymentEvent } from './payment-state.ts';
import { newShortReference } from './short-reference.ts';
import type { PaymentRow } from './tables.ts';

/** The failure a biller's refusal of a paid order is recorded as (timeouts and outages are not refusals). */
const BILLER_REFUSAL: Record<Exclude<BackOfficeErrorCode, 'timeout' | 'unavailable'>, PaymentFailureCode> = {
  declined: 'biller-declined',
  'not-found': 'biller-not-found',
  'already-paid': 'biller-already-paid',
  'amount-mismatch': 'biller-amount-mismatch',
  'not-allowed': 'biller-not-allowed',
};

export class PaymentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly backOffices: BackOffices,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly orderTtlMs: number,
  ) {}

  async create(terminalId: string, req: CreatePaymentRequest): Promise<PaymentView> {
    const requestHash = createHash('sha256').update(canonicalJson({ terminalId, billId: req.billId, amountFen: req.amountFen })).digest('hex');
    const existing = await this.byKey(req.idempotencyKey);
    if (existing) return this.replay(existing, requestHash);

    const bill = parseBillId(req.billId);
    const bills = await viaBackOffice(() => this.backOffices.billers[bill.biller].lookup(bill.account), 'bill-not-found');
    const current = bills.find((b) => b.period === bill.period);
    if (!current) throw new ApiError('bill-not-found', 404, 'No such bill');
    if (current.status === 'paid') throw conflict('bill-already-paid', 'This bill has already been paid');
    if (current.amountFen !== req.amountFen) throw conflict('amount-mismatch', `The bill is now ${current.amountFen} fen`);
    await this.refuseIfLedgerHolds(bill);
    // The provider is idempotent by merchant ref, so racing retries share one order.
    const order = await viaBackOffice(() =>
      this.backOffices.payments.createOrder({ merchantRef: req.idempotencyKey, amountFen: req.amountFen, subject: `${bill.biller} ${bill.account} ${bill.period}`, ttlMs: this.orderTtlMs }),
    );
    const t = this.now();
    // A reference colliding with another payment's (1 in 30^10 per pair) leaves no row: draw again.
    for (let tries = 0; tries < 3 && !(await this.byKey(req.idempotencyKey)); tries++) {
      await this.db
        .insertInto('payments')
        .values({
          id: randomUUID(),
          reference: newShortReference(),
          idempotency_key: req.idempotencyKey,
          request_hash: requestHash,
          terminal_id: terminalId,
          biller: bill.biller,
          account: bill.account,
          period: bill.period,
          amount_fen: req.amountFen,
          state: 'pending',
          order_id: order.orderId,
          qr_payload: order.qrPayload,
          order_expires_at: order.expiresAt,
          biller_ref: null,
          failure_code: null,
          failure_message: null,
          refunded_at: null,
          business_day: shanghaiDay(t),
          created_at: t,
          updated_at: t,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const row = await this.byKey(req.idempotencyKey);
    if (!row) throw new ApiError('internal', 500, 'payment vanished');
    return this.replay(row, requestHash);
  }

  /**
   * The ledger's own word, whatever the biller answers (its books may lag or be lost): a bill
   * this server holds as paid, or paid with the outcome unknown, is not paid again.
   */
  private async refuseIfLedgerHolds(bill: { biller: PaymentRow['biller']; account: string; period: string }): Promise<void> {
    const held = await this.db
      .selectFrom('payments')
      .select('state')
      .where('biller', '=', bill.biller)
      .where('account', '=', bill.account)
      .where('period', '=', bill.period)
      .where('state', 'in', ['paid', 'unknown'])
      .executeTakeFirst();
    if (held?.state === 'paid') throw conflict('bill-already-paid', 'This bill has already been paid');
    if (held) throw conflict('bill-payment-in-doubt', 'An earlier payment of this bill is not settled yet');
  }

  /** The payment by key, advanced as far as the back offices allow. */
  async status(terminalId: string, key: string): Promise<PaymentView> {
    const row = await this.byKey(key);
    if (!row || row.terminal_id !== terminalId) throw new ApiError('payment-not-found', 404, 'No payment with this key');
    return view(await this.advance(row));
  }

  /**
   * The terminal gives up on an unpaid order (the person cancelled, or its QR ran out): close it
   * at the provider, then answer what the ledger says. A payer who was quicker still wins (paid).
   */
  async cancel(terminalId: string, key: string): Promise<PaymentView> {
    const row = await this.byKey(key);
    if (!row || row.terminal_id !== terminalId) throw new ApiError('payment-not-found', 404, 'No payment with this key');
    if (row.state === 'pending' && row.order_id) {
      try {
        await this.backOffices.payments.closeOrder(row.order_id);
      } catch (e) {
        if (!(e instanceof BackOfficeError)) throw e; // provider unreachable: still pending, the terminal asks again
      }
    }
    return view(await this.advance(row));
  }

  private async replay(row: PaymentRow, requestHash: string): Promise<PaymentView> {
    if (row.request_hash !== requestHash) throw conflict('idempotency-conflict', 'This idempotency key was used for a different payment');
    return view(await this.advance(row));
  }

  /** One step: ask the provider about a pending order, and the biller about a paid one. */
  async advance(row: PaymentRow): Promise<PaymentRow> {
    if (row.state === 'unknown') return this.askBiller(row);
    if (row.state !== 'pending' || !row.order_id) return row;
    let order;
    try {
      order = await this.backOffices.payments.queryOrder(row.order_id);
    } catch (e) {
      if (e instanceof BackOfficeError) return row; // provider unreachable: still pending, ask again later
      throw e;
    }
    if (order.state === 'pending') return row;
    if (order.state === 'cancelled' || order.state === 'expired') {
      return this.move(row, 'order-closed', { failure_code: order.state === 'cancelled' ? 'payment-cancelled' : 'payment-expired', failure_message: `The payment order was ${order.state}` });
    }
    return this.payBiller(row);
  }

  /** The payer has paid: pay the biller with the same key (the biller applies a key once). */
  private async payBiller(row: PaymentRow): Promise<PaymentRow> {
    try {
      const { billerRef } = await this.backOffices.billers[row.biller].pay({ key: row.idempotency_key, account: row.account, period: row.period, amountFen: Number(row.amount_fen) });
      return this.move(row, 'biller-confirmed', { biller_ref: billerRef, failure_code: null, failure_message: null });
    } catch (e) {
      if (!(e instanceof BackOfficeError)) throw e;
      if (e.code === 'timeout') return this.move(row, 'biller-no-answer', { failure_code: 'backoffice-timeout', failure_message: e.message });
      if (e.code === 'unavailable') {
        // Not applied; the next status check or reconciliation tries again.
        await this.db.updateTable('payments').set({ failure_code: 'backoffice-unavailable', failure_message: e.message, updated_at: this.now() }).where('id', '=', row.id).execute();
        return { ...row, failure_code: 'backoffice-unavailable', failure_message: e.message };
      }
      await this.refund(row);
      return this.move(row, 'biller-rejected', { failure_code: BILLER_REFUSAL[e.code], failure_message: e.message, refunded_at: this.now() });
    }
  }

  /** An unanswered biller call: the biller's own record decides. */
  private async askBiller(row: PaymentRow): Promise<PaymentRow> {
    let record;
    try {
      record = await this.backOffices.billers[row.biller].paymentByKey(row.idempotency_key);
    } catch (e) {
      if (e instanceof BackOfficeError) return row;
      throw e;
    }
    if (record?.state === 'paid') return this.move(row, 'biller-confirmed', { biller_ref: record.billerRef, failure_code: null, failure_message: null });
    return row;
  }

  /**
   * Advances open payments nobody is polling any more (the terminal crashed or lost its
   * network after the payer paid). Returns how many changed state.
   */
  async sweep(olderThanMs: number, limit = 200): Promise<number> {
    const rows = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('state', 'in', ['pending', 'unknown'])
      .where('updated_at', '<', this.now() - olderThanMs)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    const after = await this.advanceAll(rows);
    return after.filter((a, i) => a.state !== rows[i]!.state).length;
  }

  /** Advances each payment as far as it goes; one whose back office cannot answer now stays as it was. */
  async advanceAll(rows: readonly PaymentRow[]): Promise<PaymentRow[]> {
    const after: PaymentRow[] = [];
    for (const row of rows) after.push(await this.advance(row).catch(() => row));
    return after;
  }

  async refund(row: PaymentRow): Promise<void> {
    if (row.order_id) await viaBackOffice(() => this.backOffices.payments.refund(row.order_id!));
  }

  /**
   * Applies a transition if the row is still in the state it was read in; a concurrent
   * request that got there first wins and its result is returned.
   */
  async move(row: PaymentRow, event: PaymentEvent, fields: Partial<PaymentRow>): Promise<PaymentRow> {
    const to = nextPaymentState(row.state, event);
    const res = await this.db
      .updateTable('payments')
      .set({ ...fields, state: to, updated_at: this.now() })
      .where('id', '=', row.id)
      .where('state', '=', row.state)
      .executeTakeFirst();
    const fresh = await this.db.selectFrom('payments').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    if (Number(res.numUpdatedRows) === 1 && (to === 'paid' || to === 'failed' || to === 'unknown' || to === 'reversed')) {
      await this.audit.record(
        { type: 'system', id: 'payments', name: 'payments' },
        `payment.${to}`,
        { type: 'payment', id: row.id },
        { event, key: row.idempotency_key, biller: row.biller, amountFen: Number(row.amount_fen), failure: fields.failure_code ?? null },
      );
    }
    return fresh;
  }

  /** Staff reversal of a paid payment: biller reverses, payer is refunded; who and why stay with the payment. */
  async reverse(actor: Actor, paymentId: string, reason: string): Promise<PaymentRow> {
    const row = await this.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
    if (!row) throw notFound(`payment ${paymentId}`);
    if (row.state !== 'paid') throw conflict('payment-not-reversible', `Only a paid payment can be reversed; this one is ${row.state}`);
    await viaBackOffice(() => this.backOffices.billers[row.biller].reverse(row.idempotency_key));
    await this.refund(row);
    const fresh = await this.move(row, 'reversed', { refunded_at: this.now(), reversed_by: actor.name, reversal_reason: reason });
    // Another reversal got there first (biller and provider are idempotent, so nothing was done twice): its reason stands.
    if (fresh.reversed_by !== actor.name || fresh.reversal_reason !== reason) throw conflict('payment-not-reversible', `Already reversed by ${fresh.reversed_by ?? 'someone else'}`);
    await this.audit.record(actor, 'payment.reverse', { type: 'payment', id: row.id }, { key: row.idempotency_key, amountFen: Number(row.amount_fen), reason });
    return fresh;
  }

  private byKey(key: string): Promise<PaymentRow | undefined> {
    return this.db.selectFrom('payments').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }
}

export function view(r: PaymentRow): PaymentView {
  return {
    paymentId: r.id,
    reference: r.reference,
    idempotencyKey: r.idempotency_key,
    state: r.state,
    biller: r.biller,
    account: r.account,
    period: r.period,
    amountFen: Number(r.amount_fen),
    order: r.order_id && r.qr_payload && r.order_expires_at !== null ? { orderId: r.order_id, qrPayload: r.qr_payload, expiresAt: new Date(Number(r.order_expires_at)).toISOString() } : null,
    receiptNo: r.biller_ref,
    failure: r.failure_code ? { code: r.failure_code, message: r.failure_message ?? '' } : null,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}
