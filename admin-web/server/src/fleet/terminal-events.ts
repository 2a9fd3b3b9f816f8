import type { Kysely } from 'kysely';
import type { TerminalErrorCode, TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { rateLimited } from '../terminals/rate-limited.ts';
import { UploadQuota } from '../terminals/upload-quota.ts';

export interface StoredTerminalEvent extends TerminalEventRecord {
  receivedAt: number;
}

/** What a sink did with its events: how many it stored, and those it could not read. */
export interface EventSinkResult {
  stored: number;
  unread: TerminalEventRecord[];
}

/**
 * Takes the events of one type that belong to another feature (usage hours), exactly once;
 * the events it cannot read are kept here as ordinary events, where staff see them.
 */
export type EventSink = (terminalId: string, events: readonly TerminalEventRecord[]) => Promise<EventSinkResult>;

/**
 * Operational events terminals deliver from their on-disk queue; idempotent by event id.
 * Each terminal has a quota of events and bytes per window: beyond it a batch is refused
 * with 429 and the terminal keeps it queued until Retry-After.
 */
export class TerminalEvents {
  private readonly quota: UploadQuota;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    limits: Pick<AppConfig['terminals'], 'eventQuotaWindowMs' | 'eventsPerWindow' | 'eventBytesPerWindow'>,
    /** Sinks by event type; their events count against the quota like any other. */
    private readonly sinks: Readonly<Record<string, EventSink>> = {},
  ) {
    this.quota = new UploadQuota({ windowMs: limits.eventQuotaWindowMs, items: limits.eventsPerWindow, bytes: limits.eventBytesPerWindow });
  }

  /**
   * Stores a batch of `bytes` request bytes; events already stored are skipped, and events a
   * sink takes go to it. Returns how many were new, or throws `terminal-quota-exceeded` (429) and stores nothing.
   */
  async store(terminalId: string, events: readonly TerminalEventRecord[], bytes: number): Promise<number> {
    const t = this.now();
    const gate = this.quota.take(terminalId, events.length, bytes, t);
    if (!gate.allowed) throw rateLimited('terminal-quota-exceeded' satisfies TerminalErrorCode, 'This terminal has sent more events than its quota allows; send them again later', gate.retryAfterMs);
    let stored = 0;
    let kept = events;
    for (const [type, sink] of Object.entries(this.sinks)) {
      const taken = kept.filter((e) => e.type === type);
      if (taken.length === 0) continue;
      const result = await sink(terminalId, taken);
      stored += result.stored;
      kept = [...kept.filter((e) => e.type !== type), ...result.unread];
    }
    if (kept.length === 0) return stored;
    const inserted = await this.db
      .insertInto('terminal_events')
      .values(kept.map((e) => ({ terminal_id: terminalId, event_id: e.id, type: e.type, at: e.at, received_at: t, detail: JSON.stringify(e.detail ?? {}) })))
      .onConflict((oc) => oc.columns(['terminal_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    return stored + inserted.length;
  }

  async list(terminalId: string, limit: number, type?: string): Promise<StoredTerminalEvent[]> {
    let q = this.db.selectFrom('terminal_events').selectAll().where('terminal_id', '=', terminalId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
    if (type) q = q.where('type', '=', type);
    return (await q.execute()).map((r) => ({ id: r.event_id, type: r.type, at: r.at, receivedAt: r.received_at, detail: JSON.parse(r.detail) as StoredTerminalEvent['detail'] }));
  }
}
