import type { Kysely } from 'kysely';
import type { TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import type { Database } from '../db/schema.ts';

export interface StoredTerminalEvent extends TerminalEventRecord {
  receivedAt: number;
}

/** Operational events terminals deliver from their on-disk queue; idempotent by event id. */
export class TerminalEvents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  /** Stores a batch; events already stored are skipped. Returns how many were new. */
  async store(terminalId: string, events: readonly TerminalEventRecord[]): Promise<number> {
    const t = this.now();
    const inserted = await this.db
      .insertInto('terminal_events')
      .values(events.map((e) => ({ terminal_id: terminalId, event_id: e.id, type: e.type, at: e.at, received_at: t, detail: JSON.stringify(e.detail ?? {}) })))
      .onConflict((oc) => oc.columns(['terminal_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  async list(terminalId: string, limit: number, type?: string): Promise<StoredTerminalEvent[]> {
    let q = this.db.selectFrom('terminal_events').selectAll().where('terminal_id', '=', terminalId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
    if (type) q = q.where('type', '=', type);
    return (await q.execute()).map((r) => ({ id: r.event_id, type: r.type, at: r.at, receivedAt: r.received_at, detail: JSON.parse(r.detail) as StoredTerminalEvent['detail'] }));
  }
}
