import { randomUUID } from 'node:crypto';
import { BackOfficeError, type PaymentOrderState, type PaymentProvider } from '../adapters.ts';
import { FaultSwitch } from './faults.ts';

interface SimOrder {
  orderId: string;
  merchantRef: string;
  amountFen: number;
  subject: string;
  expiresAt: number;
  state: PaymentOrderState | 'refunded';
  paidAt?: number;
}

/** What a simulated payer can do to an order (the payer endpoint and CLI call these). */
export type PayerAction = 'complete' | 'cancel' | 'expire';

/**
 * A simulated QR payment provider. Orders are paid by a "payer" action instead of a phone:
 * see payer-cli.ts and the payer route.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  readonly faults = new FaultSwitch('payment provider');
  private readonly orders = new Map<string, SimOrder>();
  private readonly byRef = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  async createOrder(req: { merchantRef: string; amountFen: number; subject: string; ttlMs: number }) {
    const existing = this.byRef.get(req.merchantRef);
    const known = existing ? this.orders.get(existing) : undefined;
    if (known) return this.view(known);
    this.faults.beforeWrite();
    const order: SimOrder = {
      orderId: `SIM${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`,
      merchantRef: req.merchantRef,
      amountFen: req.amountFen,
      subject: req.subject,
      expiresAt: this.now() + req.ttlMs,
      state: 'pending',
    };
    this.orders.set(order.orderId, order);
    this.byRef.set(req.merchantRef, order.orderId);
    this.faults.afterWrite();
    return this.view(order);
  }

  async queryOrder(orderId: string) {
    this.faults.beforeRead();
    const o = this.get(orderId);
    return { state: o.state === 'refunded' ? ('paid' as const) : o.state, amountFen: o.amountFen, ...(o.paidAt ? { paidAt: o.paidAt } : {}) };
  }

  async closeOrder(orderId: string): Promise<void> {
    this.faults.beforeWrite();
    const o = this.get(orderId);
    if (o.state === 'pending') o.state = 'cancelled';
  }

  async refund(orderId: string): Promise<void> {
    this.faults.beforeWrite();
    const o = this.get(orderId);
    if (o.state === 'paid') o.state = 'refunded';
    else if (o.state !== 'refunded') throw new BackOfficeError('not-allowed', `order ${orderId} is ${o.state}, not paid`);
  }

  /** The payer's side: pay, cancel on the phone, or let the QR code run out. */
  payer(orderId: string, action: PayerAction): { orderId: string; state: string } {
    const o = this.get(orderId);
    if (o.state !== 'pending') throw new BackOfficeError('not-allowed', `order ${orderId} is already ${o.state}`);
    if (action === 'complete') {
      o.state = 'paid';
      o.paidAt = this.now();
    } else if (action === 'cancel') o.state = 'cancelled';
    else o.expiresAt = this.now();
    this.expireIfDue(o);
    return { orderId, state: o.state };
  }

  private get(orderId: string): SimOrder {
    const o = this.orders.get(orderId);
    if (!o) throw new BackOfficeError('not-found', `no order ${orderId}`);
    this.expireIfDue(o);
    return o;
  }

  private expireIfDue(o: SimOrder): void {
    if (o.state === 'pending' && this.now() >= o.expiresAt) o.state = 'expired';
  }

  private view(o: SimOrder) {
    return { orderId: o.orderId, qrPayload: `civicpay://sim/order/${o.orderId}?amount=${o.amountFen}`, expiresAt: o.expiresAt };
  }
}
