import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;
const TIMEOUT_MS = 5_000;

/**
 * Alert webhooks through a durable outbox: an event is written in the same transaction as
 * the alert change, then POSTed with exponential back-off until the receiver answers 2xx.
 * Delivery is at least once; receivers de-duplicate by the event's `id`.
 */
export class WebhookOutbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly urls: readonly string[],
  ) {}

  async enqueue(trx: Kysely<Database>, event: { id: string } & Record<string, unknown>): Promise<void> {
    if (this.urls.length === 0) return;
    const t = this.now();
    await trx
      .insertInto('webhook_outbox')
      .values(this.urls.map((url) => ({ url, payload: JSON.stringify(event), attempts: 0, next_attempt_at: t, delivered_at: null, last_error: null, created_at: t })))
      .execute();
  }

  /** Sends every due event once; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const due = await this.db
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('next_attempt_at', '<=', this.now())
      .orderBy('id')
      .limit(100)
      .execute();
    let delivered = 0;
    for (const row of due) {
      let error: string | null = null;
      try {
        const res = await fetch(row.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: row.payload, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!res.ok) error = `HTTP ${res.status}`;
        await res.body?.cancel();
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const attempts = row.attempts + 1;
      if (error === null) delivered++;
      await this.db
        .updateTable('webhook_outbox')
        .set(
          error === null
            ? { attempts, delivered_at: this.now(), last_error: null }
            : { attempts, last_error: error.slice(0, 500), next_attempt_at: this.now() + Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS) },
        )
        .where('id', '=', row.id)
        .execute();
    }
    return delivered;
  }
}
