import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import { statementSlices } from '../db/statement-slices.ts';
import { deriveStatus, isIdleScreen, screenKeyOf } from './terminal-status.ts';
import type { StatusRules } from './terminal-status.ts';

export interface HeartbeatRecord {
  receivedAt: number;
  heartbeat: HeartbeatRequest;
}

interface Pending {
  terminalId: string;
  receivedAt: number;
  key: string;
  payload: string;
  /** `state,state,...` of its devices, to notice a change of device health. */
  devices: string;
}

interface Stored {
  deliverNow: boolean;
  /** Its status or device health differs from before this heartbeat. */
  changed: boolean;
}

const deviceStates = (hb: Pick<HeartbeatRequest, 'devices'>): string =>
  Object.entries(hb.devices)
    .map(([kind, h]) => `${kind}:${h?.state}`)
    .join(',');

/**
 * The latest heartbeat on the terminal row, and a bounded history beside it. Writes are
 * group-committed: heartbeats arriving together share one transaction (with other requests'
 * nonces), and each request resolves only once its batch is committed.
 */
export class HeartbeatStore {
  private readonly store: (p: Pending) => Promise<Stored>;

  constructor(
    private readonly db: Kysely<Database>,
    commits: GroupCommit,
    private readonly now: () => number,
    private readonly rules: StatusRules,
  ) {
    this.store = commits.writer<Pending, Stored>((trx, batch) => this.write(trx, batch));
  }

  /**
   * Stores a heartbeat. `deliverNow` is true when the terminal is idle (attract screen) and
   * commands wait for it, held because it was busy or sent while it had no channel; `changed`
   * when its fleet status or device health is not what it was (open consoles are told).
   */
  async ingest(terminalId: string, hb: HeartbeatRequest): Promise<Stored> {
    const key = screenKeyOf(hb.screen);
    return this.store({ terminalId, receivedAt: this.now(), key, payload: JSON.stringify(hb), devices: deviceStates(hb) });
  }

  /** Terminals of the batch whose status or device health this batch changes. */
  private async changes(trx: Transaction<Database>, latest: ReadonlyMap<string, Pending>): Promise<Set<string>> {
    const changed = new Set<string>();
    for (const slice of statementSlices([...latest.keys()])) {
      const rows = await trx.selectFrom('terminals').select(['id', 'status', 'enrolled_at', 'last_heartbeat_at', 'last_heartbeat', 'screen_key', 'screen_since']).where('id', 'in', slice).execute();
      for (const r of rows) {
        const p = latest.get(r.id)!;
        const common = { status: r.status, enrolledAt: r.enrolled_at };
        const before = deriveStatus({ ...common, lastHeartbeatAt: r.last_heartbeat_at, screenKey: r.screen_key, screenSince: r.screen_since }, p.receivedAt, this.rules);
        const screenSince = r.screen_key === p.key ? r.screen_since : p.receivedAt;
        const after = deriveStatus({ ...common, lastHeartbeatAt: p.receivedAt, screenKey: p.key, screenSince }, p.receivedAt, this.rules);
        const devicesBefore = r.last_heartbeat === null ? '' : deviceStates(JSON.parse(r.last_heartbeat) as HeartbeatRequest);
        if (before !== after || devicesBefore !== p.devices) changed.add(r.id);
      }
    }
    return changed;
  }

  private async write(trx: Transaction<Database>, batch: readonly Pending[]): Promise<Stored[]> {
    const latest = new Map<string, Pending>();
    for (const p of batch) latest.set(p.terminalId, p);
    const changed = await this.changes(trx, latest);
    // Only the latest heartbeat of a terminal in the batch reports its change.
    const result = (deliverNow: (p: Pending) => boolean) => batch.map((p) => ({ deliverNow: deliverNow(p), changed: latest.get(p.terminalId) === p && changed.has(p.terminalId) }));
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
    if (idle.length === 0) return result(() => false);
    const waiting = await trx
      .selectFrom('terminal_commands')
      .select('terminal_id')
      .distinct()
      .where('terminal_id', 'in', idle)
      .where('status', '=', 'pending')
      .where('expires_at', '>', this.now())
      .execute();
    const waitingIds = new Set(waiting.map((w) => w.terminal_id));
    return result((p) => isIdleScreen(p.key) && waitingIds.has(p.terminalId));
  }

  async history(terminalId: string, limit: number, before?: number): Promise<HeartbeatRecord[]> {
    let q = this.db.selectFrom('terminal_heartbeats').select(['received_at', 'payload']).where('terminal_id', '=', terminalId).orderBy('id', 'desc').limit(limit);
    if (before !== undefined) q = q.where('received_at', '<', before);
    return (await q.execute()).map((r) => ({ receivedAt: r.received_at, heartbeat: JSON.parse(r.payload) as HeartbeatRequest }));
  }
}
