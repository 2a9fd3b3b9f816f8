import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { Database } from '../db/schema.ts';
import { isIdleScreen, screenKeyOf } from './terminal-status.ts';

export interface HeartbeatRecord {
  receivedAt: number;
  heartbeat: HeartbeatRequest;
}

/** The latest heartbeat on the terminal row, and a bounded history beside it. */
export class HeartbeatStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  /** Stores a heartbeat; answers whether the terminal is idle (attract screen). */
  async ingest(terminalId: string, hb: HeartbeatRequest): Promise<{ idle: boolean }> {
    const t = this.now();
    const key = screenKeyOf(hb.screen);
    const payload = JSON.stringify(hb);
    await this.db
      .updateTable('terminals')
      .set({
        last_heartbeat_at: t,
        last_heartbeat: payload,
        // SET sees the old row on both dialects: the clock restarts only when the screen changed.
        screen_since: sql<number>`case when screen_key = ${key} then screen_since else ${t} end`,
        screen_key: key,
      })
      .where('id', '=', terminalId)
      .execute();
    await this.db.insertInto('terminal_heartbeats').values({ terminal_id: terminalId, received_at: t, payload }).execute();
    return { idle: isIdleScreen(key) };
  }

  async history(terminalId: string, limit: number, before?: number): Promise<HeartbeatRecord[]> {
    let q = this.db.selectFrom('terminal_heartbeats').select(['received_at', 'payload']).where('terminal_id', '=', terminalId).orderBy('id', 'desc').limit(limit);
    if (before !== undefined) q = q.where('received_at', '<', before);
    return (await q.execute()).map((r) => ({ receivedAt: r.received_at, heartbeat: JSON.parse(r.payload) as HeartbeatRequest }));
  }

  /** Keeps the newest `perTerminal` heartbeats of each terminal. */
  async prune(perTerminal: number): Promise<void> {
    await sql`delete from terminal_heartbeats where id in (
      select id from (
        select id, row_number() over (partition by terminal_id order by id desc) as rn from terminal_heartbeats
      ) ranked where rn > ${perTerminal}
    )`.execute(this.db);
  }
}
