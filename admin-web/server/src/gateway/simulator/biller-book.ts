/**
 * Where a simulated biller keeps the payments it booked: in memory (a gateway built without a
 * database, unit tests) or in the server's database, so a restart does not make a paid bill
 * payable again. Which periods are paid follows from the book: a `paid` record per period.
 */
import type { Kysely } from 'kysely';
import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import type { Database } from '../../db/schema.ts';
import type { BillerPaymentRecord } from '../adapters.ts';

export interface BillerBook {
  byKey(key: string): Promise<BillerPaymentRecord | undefined>;
  /** Paid amounts by period of one account. */
  paidPeriods(account: string): Promise<Record<string, number>>;
  /** Books a payment; false when its key is already booked (a concurrent retry got there first). */
  add(record: BillerPaymentRecord): Promise<boolean>;
  markReversed(key: string): Promise<void>;
  all(): Promise<BillerPaymentRecord[]>;
}

export class MemoryBillerBook implements BillerBook {
  private readonly records = new Map<string, BillerPaymentRecord>();

  async byKey(key: string) {
    const r = this.records.get(key);
    return r && { ...r };
  }
  async paidPeriods(account: string) {
    return Object.fromEntries([...this.records.values()].filter((r) => r.account === account && r.state === 'paid').map((r) => [r.period, r.amountFen]));
  }
  async add(record: BillerPaymentRecord) {
    if (this.records.has(record.key)) return false;
    this.records.set(record.key, { ...record });
    return true;
  }
  async markReversed(key: string) {
    const r = this.records.get(key);
    if (r) r.state = 'reversed';
  }
  async all() {
    return [...this.records.values()].map((r) => ({ ...r }));
  }
}

export class DatabaseBillerBook implements BillerBook {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly biller: BillerKind,
  ) {}

  private rows() {
    return this.db.selectFrom('sim_biller_payments').selectAll().where('biller', '=', this.biller);
  }
  async byKey(key: string) {
    const row = await this.rows().where('key', '=', key).executeTakeFirst();
    return row && toRecord(row);
  }
  async paidPeriods(account: string) {
    const rows = await this.rows().where('account', '=', account).where('state', '=', 'paid').execute();
    return Object.fromEntries(rows.map((r) => [r.period, Number(r.amount_fen)]));
  }
  async add(r: BillerPaymentRecord) {
    const res = await this.db
      .insertInto('sim_biller_payments')
      .values({ key: r.key, biller: this.biller, account: r.account, period: r.period, amount_fen: r.amountFen, biller_ref: r.billerRef, state: r.state, paid_at: r.paidAt })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  async markReversed(key: string) {
    await this.db.updateTable('sim_biller_payments').set({ state: 'reversed' }).where('biller', '=', this.biller).where('key', '=', key).execute();
  }
  async all() {
    return (await this.rows().orderBy('paid_at').execute()).map(toRecord);
  }
}

function toRecord(row: { key: string; account: string; period: string; amount_fen: number; biller_ref: string; state: 'paid' | 'reversed'; paid_at: number }): BillerPaymentRecord {
  return { key: row.key, account: row.account, period: row.period, amountFen: Number(row.amount_fen), billerRef: row.biller_ref, state: row.state, paidAt: Number(row.paid_at) };
}
