/**
 * Group commit: items submitted in the same turn of the event loop are written together by
 * one call of `write` (one transaction, one statement), and each submitter gets its own
 * result once that write has finished. Cuts per-request commits under concurrent load and
 * costs one event-loop turn when idle.
 */
export class GroupCommit<T, R> {
  private queue: T[] = [];
  private pending: Promise<R[]> | undefined;

  constructor(private readonly write: (items: readonly T[]) => Promise<R[]>) {}

  async submit(item: T): Promise<R> {
    const index = this.queue.push(item) - 1;
    this.pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.queue;
      this.queue = [];
      this.pending = undefined;
      return this.write(batch);
    });
    return (await this.pending)[index]!;
  }
}
