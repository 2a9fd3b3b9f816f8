import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import { shanghaiDay, shanghaiMonth } from '@civic-kiosk/protocol/china-time';
import { BackOfficeError, type BillerAdapter, type BillerBill, type BillerPaymentRecord } from '../adapters.ts';
import { type BillerBook, MemoryBillerBook } from './biller-book.ts';
import { FaultSwitch } from './faults.ts';
import { maskName } from '../../personal-data/masking.ts';
import { maskAddress, SIM_ACCOUNTS, type SimAccount } from './people.ts';

/** A simulated utility company holding the seeded fictional accounts of its kind. */
export class SimulatedBiller implements BillerAdapter {
  readonly faults: FaultSwitch;
  /** Each account with its bills as of start; which are paid is in the book. */
  private readonly accounts: Map<string, SimAccount & { bills: Record<string, number> }>;
  private book: BillerBook = new MemoryBillerBook();
  private seq: Promise<number> | undefined;

  constructor(
    readonly kind: BillerKind,
    private readonly now: () => number,
  ) {
    this.faults = new FaultSwitch(`${kind} biller`);
    // Bills are dated relative to the clock at start, so the demo always shows current bills.
    this.accounts = new Map(SIM_ACCOUNTS.filter((a) => a.biller === kind).map((a) => [a.account, { ...a, bills: simUnpaid(a, now()) }]));
  }

  /** Keep the booked payments here from now on (the server's database). */
  useBook(book: BillerBook): void {
    this.book = book;
    this.seq = undefined;
  }

  async lookup(account: string): Promise<BillerBill[]> {
    this.faults.beforeRead();
    const a = this.accounts.get(account);
    if (!a) throw new BackOfficeError('not-found', `no ${this.kind} account ${account}`);
    const paid = await this.book.paidPeriods(account);
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
      ...Object.entries(a.bills)
        .filter(([p]) => paid[p] === undefined)
        .map(([p, fen]) => bill(p, fen, 'unpaid')),
      ...Object.entries(paid).map(([p, fen]) => bill(p, fen, 'paid')),
    ].sort((x, y) => (x.period < y.period ? 1 : -1));
  }

  async pay(req: { key: string; account: string; period: string; amountFen: number }): Promise<{ billerRef: string }> {
    const done = await this.book.byKey(req.key);
    if (done) {
      if (done.account !== req.account || done.period !== req.period || done.amountFen !== req.amountFen) {
        throw new BackOfficeError('declined', 'payment key reused for a different bill');
      }
      if (done.state === 'paid') return { billerRef: done.billerRef };
    }
    this.faults.beforeWrite();
    const a = this.accounts.get(req.account);
    if (!a) throw new BackOfficeError('not-found', `no ${this.kind} account ${req.account}`);
    const paid = await this.book.paidPeriods(req.account);
    const due = paid[req.period] === undefined ? a.bills[req.period] : undefined;
    if (due === undefined) {
      throw new BackOfficeError(paid[req.period] !== undefined ? 'already-paid' : 'not-found', `no unpaid bill for ${req.period}`);
    }
    if (due !== req.amountFen) throw new BackOfficeError('amount-mismatch', `bill is ${due} fen, not ${req.amountFen}`);
    const record: BillerPaymentRecord = {
      key: req.key,
      account: req.account,
      period: req.period,
      amountFen: due,
      billerRef: `${this.kind.slice(0, 2).toUpperCase()}${shanghaiDay(this.now()).replaceAll('-', '')}${String(await this.nextSeq()).padStart(6, '0')}`,
      state: 'paid',
      paidAt: this.now(),
    };
    // A concurrent retry with the same key booked it first: answer with its reference.
    if (!(await this.book.add(record))) return { billerRef: (await this.book.byKey(req.key))!.billerRef };
    this.faults.afterWrite();
    return { billerRef: record.billerRef };
  }

  async reverse(key: string): Promise<void> {
    this.faults.beforeWrite();
    await this.book.markReversed(key);
  }

  async paymentByKey(key: string): Promise<BillerPaymentRecord | undefined> {
    this.faults.beforeRead();
    return this.book.byKey(key);
  }

  async settlement(day: string): Promise<BillerPaymentRecord[]> {
    this.faults.beforeRead();
    return (await this.book.all()).filter((p) => shanghaiDay(p.paidAt) === day);
  }

  /** Test and demo hook: book a payment the server never heard of (a mismatch to find). */
  async injectForeignPayment(record: Omit<BillerPaymentRecord, 'billerRef' | 'state'>): Promise<void> {
    await this.book.add({ ...record, billerRef: `EXT${await this.nextSeq()}`, state: 'paid' });
  }

  /** Reference numbers continue after what the book already holds. */
  private async nextSeq(): Promise<number> {
    this.seq = (this.seq ?? this.book.all().then((r) => r.length)).then((n) => n + 1);
    return this.seq;
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
