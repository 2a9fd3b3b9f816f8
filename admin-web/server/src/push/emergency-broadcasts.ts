import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { EmergencyBroadcast, LocalizedText } from '@civic-kiosk/protocol/terminal-api';
import { SYSTEM_ACTOR } from '../audit/audit-log.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import type { CommandDispatcher } from './dispatcher.ts';

export interface BroadcastView extends EmergencyBroadcast {
  groups: string[] | null;
  createdBy: string;
  endedAt: number | null;
  endedBy: string | null;
  terminals: number;
}

// An emergency stays on a terminal's queue for a day; ending it sends emergency-off.
const EMERGENCY_TTL_MS = 24 * 60 * 60_000;

type BroadcastRow = Selectable<Database['emergency_broadcasts']>;

/** What terminals are sent: the broadcast without its bookkeeping. */
function broadcastOf(row: BroadcastRow): EmergencyBroadcast {
  return {
    broadcastId: row.id,
    level: row.level as EmergencyBroadcast['level'],
    title: JSON.parse(row.title) as LocalizedText,
    body: JSON.parse(row.body) as LocalizedText,
    issuedAt: row.created_at,
  };
}

/** The target groups, or null for every terminal. */
const groupsOf = (row: BroadcastRow): string[] | null => (row.groups === null ? null : (JSON.parse(row.groups) as string[]));

/** Emergency broadcasts to every terminal or to groups, as emergency-on/off commands. */
export class EmergencyBroadcasts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly registry: TerminalRegistry,
    private readonly dispatcher: CommandDispatcher,
    private readonly now: () => number,
  ) {}

  async start(actor: Actor, input: { level: EmergencyBroadcast['level']; title: LocalizedText; body: LocalizedText; groups?: string[] }): Promise<BroadcastView> {
    const broadcast: EmergencyBroadcast = { broadcastId: randomUUID(), level: input.level, title: input.title, body: input.body, issuedAt: this.now() };
    const groups = input.groups && input.groups.length > 0 ? input.groups : null;
    await this.db
      .insertInto('emergency_broadcasts')
      .values({
        id: broadcast.broadcastId,
        level: broadcast.level,
        title: JSON.stringify(broadcast.title),
        body: JSON.stringify(broadcast.body),
        groups: groups === null ? null : JSON.stringify(groups),
        created_at: broadcast.issuedAt,
        created_by: `${actor.type}:${actor.name}`,
        ended_at: null,
        ended_by: null,
      })
      .execute();
    const targets = await this.registry.activeIds(groups ?? undefined);
    await this.dispatcher.send(actor, targets, { kind: 'emergency-on', args: broadcast }, { ttlMs: EMERGENCY_TTL_MS, auditAction: 'broadcast.start', auditTarget: { type: 'broadcast', id: broadcast.broadcastId } });
    return this.get(broadcast.broadcastId);
  }

  /** Sends a newly enrolled terminal the emergencies in force for its group. */
  async catchUp(terminalId: string, group: string): Promise<void> {
    const active = await this.db.selectFrom('emergency_broadcasts').selectAll().where('ended_at', 'is', null).orderBy('created_at').execute();
    for (const row of active) {
      const groups = groupsOf(row);
      if (groups !== null && !groups.includes(group)) continue;
      await this.dispatcher.send(SYSTEM_ACTOR, [terminalId], { kind: 'emergency-on', args: broadcastOf(row) }, { ttlMs: EMERGENCY_TTL_MS, auditAction: 'broadcast.catch-up', auditTarget: { type: 'broadcast', id: row.id } });
    }
  }

  async end(actor: Actor, id: string): Promise<BroadcastView> {
    const b = await this.get(id);
    if (b.endedAt !== null) throw new ApiError('broadcast-ended', 409, 'This broadcast has already ended');
    await this.db.updateTable('emergency_broadcasts').set({ ended_at: this.now(), ended_by: `${actor.type}:${actor.name}` }).where('id', '=', id).execute();
    const targets = await this.registry.activeIds(b.groups ?? undefined);
    await this.dispatcher.send(actor, targets, { kind: 'emergency-off', args: { broadcastId: id } }, { ttlMs: EMERGENCY_TTL_MS, auditAction: 'broadcast.end', auditTarget: { type: 'broadcast', id } });
    return this.get(id);
  }

  async get(id: string): Promise<BroadcastView> {
    const row = await this.db.selectFrom('emergency_broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Broadcast');
    const groups = groupsOf(row);
    return {
      ...broadcastOf(row),
      groups,
      createdBy: row.created_by,
      endedAt: row.ended_at,
      endedBy: row.ended_by,
      terminals: (await this.registry.activeIds(groups ?? undefined)).length,
    };
  }

  async list(limit: number): Promise<BroadcastView[]> {
    const rows = await this.db.selectFrom('emergency_broadcasts').select('id').orderBy('created_at', 'desc').limit(limit).execute();
    return Promise.all(rows.map((r) => this.get(r.id)));
  }
}
