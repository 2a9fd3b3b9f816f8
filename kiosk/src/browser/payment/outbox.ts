/**
 * PaymentOutbox: the terminal's durable record of every payment attempt, in IndexedDB. A record
 * is written before each network step of its attempt (the runner awaits the write), so after a
 * crash at any point the attempt can be reconciled with the server's ledger by its key.
 * Records hold no raw account number or name (see PaymentRecord).
 */
import { Dexie, type EntityTable } from 'dexie';
import { PaymentError } from '../../common/payment/errors.ts';
import { isIdempotencyKey, isUnfinished, UNFINISHED_STATUSES, type PaymentRecord } from '../../common/payment/types.ts';

export interface OutboxOptions {
  /** Database name; tests use one per case. */
  name?: string;
  /** An IndexedDB implementation other than the page's (fake-indexeddb in unit tests). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** Settled records are kept this long for reprints and support questions, then pruned. */
export const SETTLED_RETENTION_MS = 30 * 24 * 3_600_000;

type PaymentDb = Dexie & { attempts: EntityTable<PaymentRecord, 'key'> };

export class PaymentOutbox {
  private readonly db: PaymentDb;

  constructor(options: OutboxOptions = {}) {
    this.db = new Dexie(options.name ?? 'civic-kiosk-payments', {
      // A payment record must be on disk when put() resolves, not merely queued by the OS.
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    }) as PaymentDb;
    this.db.version(1).stores({ attempts: 'key, status, billId, reference, updatedAt' });
  }

  /** Write a record. Resolves once it is durable; an invalid record is refused with a typed error. */
  async put(record: PaymentRecord): Promise<void> {
    if (!isIdempotencyKey(record.key) || !Number.isInteger(record.amountFen) || record.amountFen < 0) {
      throw new PaymentError('invalid-record', `refusing to store an invalid payment record for key ${JSON.stringify(record.key)}`);
    }
    await this.db.attempts.put(record);
  }

  get(key: string): Promise<PaymentRecord | undefined> {
    return this.db.attempts.get(key);
  }

  /** Records whose outcome the server's ledger has not yet decided, oldest first. */
  async unfinished(): Promise<PaymentRecord[]> {
    const rows = await this.db.attempts.where('status').anyOf([...UNFINISHED_STATUSES]).toArray();
    return rows.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Whether a payment of this bill is still in doubt (then the bill must not be paid again yet). */
  async inDoubt(billId: string): Promise<boolean> {
    const rows = await this.db.attempts.where('billId').equals(billId).toArray();
    return rows.some((r) => isUnfinished(r.status));
  }

  async byReference(reference: string): Promise<PaymentRecord | undefined> {
    return this.db.attempts.where('reference').equals(reference).first();
  }

  /** Paid attempts, newest first: what staff can reprint. */
  async paid(limit = 20): Promise<PaymentRecord[]> {
    const rows = await this.db.attempts.where('status').equals('paid').toArray();
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
  }

  async all(): Promise<PaymentRecord[]> {
    return this.db.attempts.toArray();
  }

  /** Forget settled records older than the retention; unfinished ones are never pruned. */
  async prune(now: number, retentionMs = SETTLED_RETENTION_MS): Promise<number> {
    return this.db.attempts
      .where('updatedAt')
      .below(now - retentionMs)
      .filter((r) => !isUnfinished(r.status))
      .delete();
  }

  close(): void {
    this.db.close();
  }
}
