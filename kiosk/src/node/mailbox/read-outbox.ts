/**
 * Read marks made on an offline copy, kept on disk until the server has them: each with its
 * idempotency key (so a mark sent twice, e.g. across a restart mid-send, is applied once) and
 * the server's opaque voucher for the holder. No subject, body or person is in the file.
 */
import path from 'node:path';
import { z } from 'zod';
import { GATEWAY_PATHS, IdempotencyKey, MailId, MailMarkReadResponse, MailReadVoucher } from '@civic-kiosk/protocol/gateway';
import { DurableQueue } from '../durable-queue.ts';
import { gatewayFailure, type GatewayClient } from '../gateway/gateway-client.ts';

const QueuedReads = z.strictObject({ idempotencyKey: IdempotencyKey, readVoucher: MailReadVoucher, messageIds: z.array(MailId).min(1).max(500) });
type QueuedReads = z.infer<typeof QueuedReads>;

/** Beyond this the oldest marks go: read marks are a convenience, a full disk is not. */
const MAX_QUEUED = 1000;

export class MailReadOutbox {
  readonly #queue: DurableQueue<QueuedReads>;
  #flushing: Promise<number> | undefined;

  constructor(
    dir: string,
    private readonly gateway: Pick<GatewayClient, 'post'>,
  ) {
    this.#queue = new DurableQueue(path.join(dir, 'read-outbox.json'), QueuedReads, MAX_QUEUED);
  }

  open(): Promise<void> {
    return this.#queue.open();
  }

  get size(): number {
    return this.#queue.items.length;
  }

  /** Queues marks; resolves once they are on disk. */
  add(marks: QueuedReads): Promise<void> {
    return this.#queue.add(QueuedReads.parse(marks));
  }

  /**
   * Sends queued marks in order; stops at the first that gets no answer (offline, 5xx) and
   * keeps it. One the server refuses for good (a voucher past its expiry) is dropped: sending
   * it again cannot succeed. Answers how many were settled.
   */
  flush(): Promise<number> {
    this.#flushing ??= (async () => {
      let settled = 0;
      for (let next = this.#queue.items[0]; next; next = this.#queue.items[0]) {
        const answer = await this.gateway.post(GATEWAY_PATHS.mailboxOfflineReads, next, MailMarkReadResponse).catch(() => gatewayFailure(0, 'not-enrolled'));
        if (!answer.ok && (answer.failure.status === 0 || answer.failure.status >= 500 || answer.failure.status === 429)) break;
        await this.#queue.remove((q) => q === next);
        settled++;
      }
      return settled;
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Resolves when a send under way has finished and its outcome is on disk (before a restart). */
  async settled(): Promise<void> {
    await this.#flushing?.catch(() => undefined);
    await this.#queue.settled();
  }
}
