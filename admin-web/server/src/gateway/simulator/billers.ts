import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import { BackOfficeError, type BillerAdapter, type BillerBill, type BillerPaymentRecord } from '../adapters.ts';
import { FaultSwitch, shanghaiDay, shanghaiMonth } from './faults.ts';
import { maskAddress, maskName, SIM_ACCOUNTS, type SimAccount } from './people.ts';

/** A simulated utility company holding the seeded fictional accounts of its kind. */
export class SimulatedBiller implements BillerAdapter {
  readonly faults: FaultSwitch;
  private readonly accounts: Map<string, Omit<SimAccount, 'unpaid'> & { unpaid: Record<string, number>; paid: Record<string, number> }>;
  private readonly payments = new Map<string, BillerPaymentRecord>();
  private seq = 0;

  constructor(
    readonly kind: BillerKind,
    private readonly now: () => number,
  ) {
    this.faults = new FaultSwitch(`${kind} biller`);
    // Bills are dated relative to the clock at start, so the demo always shows current bills.
    this.accounts = new Map(SIM_ACCOUNTS.filter((a) => a.biller === kind).map((a) => [a.account, { ...a, unpaid: simUnpaid(a, now()), paid: {} }]));
  }

  async lookup(account: string): Promise<BillerBill[]> {
    this.faults.beforeRead();
    const a = this.accounts.get(account);
    if (!a) throw new BackOfficeError('not-found', `no ${this.kind} account ${account}`);
    const bill = (period: string, amountFen: number, status: 'unpaid' | 'paid'): BillerBill => ({
      biller: this.kind,
      account,
      period,
      amountFen,
      dueDate: dueDate(period),
      holderMasked: maskName(a.holder),
      addressMasked: maskAddress(a.address),
      status,
    });
    return [
      ...Object.entries(a.unpaid).map(([p, fen]) => bill(p, fen, 'unpaid')),
      ...Object.entries(a.paid).map(([p, fen]) => bill(p, fen, 'paid')),
    ].sort((x, y) => (x.period < y.period ? 1 : -1));
  }

  async pay(req: { key: string; account: string; period: string; amountFen: number }): Promise<{ billerRef: string }> {
    const done = this.payments.get(req.key);
    if (done) {
      if (done.account !== req.account || done.period !== req.period || done.amountFen !== req.amountFen) {
        throw new BackOfficeError('declined', 'payment key reused for a different bill');
      }
      if (done.state === 'paid') return { billerRef: done.billerRef };
    }
    this.faults.beforeWrite();
    const a = this.accounts.get(req.account);
    if (!a) throw new BackOfficeError('not-found', `no ${this.kind} account ${req.account}`);
    const due = a.unpaid[req.period];
    if (due === undefined) {
      throw new BackOfficeError(a.paid[req.period] !== undefined ? 'already-paid' : 'not-found', `no unpaid bill for ${req.period}`);
    }
    if (due !== req.amountFen) throw new BackOfficeError('amount-mismatch', `bill is ${due} fen, not ${req.amountFen}`);
    delete a.unpaid[req.period];
    a.paid[req.period] = due;
    const record: BillerPaymentRecord = {
      key: req.key,
      account: req.account,
      period: req.period,
      amountFen: due,
      billerRef: `${this.kind.slice(0, 2).toUpperCase()}${shanghaiDay(this.now()).replaceAll('-', '')}${String(++this.seq).padStart(6, '0')}`,
      state: 'paid',
      paidAt: this.now(),
    };
    this.payments.set(req.key, record);
    this.faults.afterWrite();
    return { billerRef: record.billerRef };
  }

  async reverse(key: string): Promise<void> {
    this.faults.beforeWrite();
    const p = this.payments.get(key);
    if (!p || p.state === 'reversed') return;
    const a = this.accounts.get(p.account);
    if (a) {
      delete a.paid[p.period];
      a.unpaid[p.period] = p.amountFen;
    }
    p.state = 'reversed';
  }

  async paymentByKey(key: string): Promise<BillerPaymentRecord | undefined> {
    this.faults.beforeRead();
    const p = this.payments.get(key);
    return p && { ...p };
  }

  async settlement(day: string): Promise<BillerPaymentRecord[]> {
    this.faults.beforeRead();
    return [...this.payments.values()].filter((p) => shanghaiDay(p.paidAt) === day).map((p) => ({ ...p }));
  }

  /** Test and demo hook: book a payment the server never heard of (a mismatch to find). */
  injectForeignPayment(record: Omit<BillerPaymentRecord, 'billerRef' | 'state'>): void {
    this.payments.set(record.key, { ...record, billerRef: `EXT${++this.seq}`, state: 'paid' });
  }
}

/** An account's unpaid bills by period, as of `epochMs`. */
export function simUnpaid(a: SimAccount, epochMs: number): Record<string, number> {
  return Object.fromEntries(Object.entries(a.unpaid).map(([monthsAgo, fen]) => [shanghaiMonth(epochMs, -Number(monthsAgo)), fen]));
}

/** Bills are due on the 20th of the month after the period. */
function dueDate(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-20`;
}
