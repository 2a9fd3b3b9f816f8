import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Writes one writer's items inside the group's transaction; one result per item, in order. */
export type GroupWrite<T, R> = (trx: Transaction<Database>, items: readonly T[]) => Promise<R[]>;

interface Entry<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

interface Lane<T, R> {
  write: GroupWrite<T, R>;
  queue: Entry<T, R>[];
}

type Outcome = { entries: Entry<never, unknown>[] } & ({ ok: true; results: unknown[] } | { ok: false; error: unknown });

const SAVEPOINT = 'group_writer';

/**
 * Group commit: items submitted by any of the group's writers while the previous commit was
 * running (or in the same turn of the event loop, when idle) share one transaction and so one
 * commit; each submitter gets its own result once that commit is done. Under load a request's
 * nonce and the heartbeats of requests already past authentication land in the same commit.
 * Writers run one after another, each in a savepoint when several have items, so a writer
 * that fails fails only its own items.
 */
export class GroupCommit {
  private readonly lanes: Lane<never, unknown>[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** A submit function for one kind of write; items wait for the group's next commit. */
  writer<T, R>(write: GroupWrite<T, R>): (item: T) => Promise<R> {
    const lane: Lane<T, R> = { write, queue: [] };
    this.lanes.push(lane as unknown as Lane<never, unknown>);
    return (item) =>
      new Promise<R>((resolve, reject) => {
        lane.queue.push({ item, resolve, reject });
        this.schedule();
      });
  }

  /** One flush at a time: what arrives meanwhile waits for the next, which makes the groups. */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = true;
      void this.flush().finally(() => {
        this.flushing = false;
        if (this.lanes.some((l) => l.queue.length > 0)) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const batches = this.lanes.filter((l) => l.queue.length > 0).map((l) => ({ write: l.write, entries: l.queue.splice(0) }));
    const settled: Outcome[] = [];
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const b of batches) settled.push(await this.runLane(trx, b.write, b.entries, batches.length > 1));
        await trx.commit().execute();
      } catch (e) {
        await trx.rollback().execute().catch(() => undefined);
        throw e;
      }
    } catch (e) {
      for (const b of batches) for (const entry of b.entries) entry.reject(e);
      return;
    }
    for (const s of settled) {
      s.entries.forEach((entry, i) => (s.ok ? entry.resolve(s.results[i]) : entry.reject(s.error)));
    }
  }

  private async runLane(trx: ControlledTransaction<Database>, write: GroupWrite<never, unknown>, entries: Entry<never, unknown>[], isolate: boolean): Promise<Outcome> {
    const items = entries.map((e) => e.item);
    if (!isolate) {
      // Alone in the transaction: a failure rolls everything back, which is this lane.
      return { entries, ok: true, results: await this.checked(write(trx, items), items.length) };
    }
    const sp = await trx.savepoint(SAVEPOINT).execute();
    try {
      const results = await this.checked(write(sp, items), items.length);
      await sp.releaseSavepoint(SAVEPOINT).execute();
      return { entries, ok: true, results };
    } catch (error) {
      await sp.rollbackToSavepoint(SAVEPOINT).execute();
      await sp.releaseSavepoint(SAVEPOINT).execute();
      return { entries, ok: false, error };
    }
  }

  private async checked(results: Promise<unknown[]>, expected: number): Promise<unknown[]> {
    const r = await results;
    if (r.length !== expected) throw new Error(`a group writer returned ${r.length} results for ${expected} items`);
    return r;
  }
}
