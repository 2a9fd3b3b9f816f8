import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import { statementSlices } from '../db/statement-slices.ts';
import { isIdleScreen, screenKeyOf } from './terminal-status.ts';

export interface HeartbeatRecord {
  receivedAt: number;
  heartbeat: HeartbeatRequest;
}

interface Pending {
  terminalId: string;
  receivedAt: number;
  key: string;
  payload: string;
}

/**
 * The latest heartbeat on the terminal row, and a bounded history beside it. Writes are
 * group-committed: heartbeats arriving together share one transaction (with other requests'
 * nonces), and each request resolves only once its batch is committed.
 */
export class HeartbeatStore {
  private readonly store: (p: Pending) => Promise<boolean>;

  constructor(
    private readonly db: Kysely<Database>,
    commits: GroupCommit,
    private readonly now: () => number,
  ) {
    this.store = commits.writer<Pending, boolean>((trx, batch) => this.write(trx, batch));
  }

  /**
   * Stores a heartbeat. `deliverNow` is true when the terminal is idle (attract screen) and
   * commands wait for it, held because it was busy or sent while it had no channel.
   */
  async ingest(terminalId: string, hb: HeartbeatRequest): Promise<{ deliverNow: boolean }> {
    const key = screenKeyOf(hb.screen);
    return { deliverNow: await this.store({ terminalId, receivedAt: this.now(), key, payload: JSON.stringify(hb) }) };
  }

  private async write(trx: Transaction<Database>, batch: readonly Pending[]): Promise<boolean[]> {
    const latest = new Map<string, Pending>();
    for (const p of batch) latest.set(p.terminalId, p);
    for (const slice of statementSlices(batch)) {
      await trx
        .insertInto('terminal_heartbeats')
        .values(slice.map((p) => ({ terminal_id: p.terminalId, received_at: p.receivedAt, payload: p.payload })))
        .execute();
    }
    for (const p of latest.values()) {
      await trx
        .updateTable('terminals')
        .set({
          last_heartbeat_at: p.receivedAt,
          last_heartbeat: p.payload,
          // SET sees the old row on both dialects: the clock restarts only when the screen changed.
          screen_since: sql<number>`case when screen_key = ${p.key} then screen_since else ${p.receivedAt} end`,
          screen_key: p.key,
        })
        .where('id', '=', p.terminalId)
        .execute();
    }
    const idle = [...new Set(batch.filter((p) => isIdleScreen(p.key)).map((p) => p.terminalId))];
    if (idle.length === 0) return batch.map(() => false);
    const waiting = await trx
      .selectFrom('terminal_commands')
      .select('terminal_id')
      .distinct()
      .where('terminal_id', 'in', idle)
      .where('status', '=', 'pending')
      .where('expires_at', '>', this.now())
      .execute();
    const waitingIds = new Set(waiting.map((w) => w.terminal_id));
    return batch.map((p) => isIdleScreen(p.key) && waitingIds.has(p.terminalId));
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
