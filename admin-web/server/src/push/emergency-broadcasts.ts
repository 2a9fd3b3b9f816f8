import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { EmergencyBroadcast, LocalizedText } from '@civic-kiosk/protocol/terminal-api';
import { BROADCAST_MAX_MS } from '@civic-kiosk/protocol/staff-live';
import type { BroadcastRequest, BroadcastView } from '@civic-kiosk/protocol/staff-live';
import { SYSTEM_ACTOR } from '../audit/audit-log.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import type { CommandView } from './command-store.ts';
import type { CommandDispatcher } from './dispatcher.ts';
import type { StaffEvents } from './staff-events.ts';

export type { BroadcastView };

// A broadcast runs a day unless staff say otherwise; ending it (or its expiry) sends emergency-off.
const DEFAULT_DURATION_MS = 24 * 60 * 60_000;
// Commands that end a broadcast wait this long for terminals that are away.
const EMERGENCY_OFF_TTL_MS = 24 * 60 * 60_000;

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

/**
 * Emergency broadcasts to every terminal or to groups, as emergency-on/off commands; each
 * terminal's acknowledgement is counted once and the count goes to open consoles.
 */
export class EmergencyBroadcasts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly registry: TerminalRegistry,
    private readonly dispatcher: CommandDispatcher,
    private readonly events: StaffEvents,
    private readonly now: () => number,
  ) {}

  async start(actor: Actor, input: BroadcastRequest): Promise<BroadcastView> {
    const broadcast: EmergencyBroadcast = { broadcastId: randomUUID(), level: input.level, title: input.title, body: input.body, issuedAt: this.now() };
    const expiresAt = input.expiresAt ?? broadcast.issuedAt + DEFAULT_DURATION_MS;
    if (expiresAt <= broadcast.issuedAt || expiresAt > broadcast.issuedAt + BROADCAST_MAX_MS) {
      throw badRequest('broadcast-expiry-invalid', 'The expiry must be in the future and within 7 days');
    }
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
        expires_at: expiresAt,
      })
      .execute();
    const targets = await this.registry.activeIds(groups ?? undefined);
    await this.dispatcher.send(actor, targets, { kind: 'emergency-on', args: broadcast }, { ttlMs: expiresAt - broadcast.issuedAt, auditAction: 'broadcast.start', auditTarget: { type: 'broadcast', id: broadcast.broadcastId } });
    const started = await this.get(broadcast.broadcastId);
    await this.tell(started);
    return started;
  }

  /** Sends a newly enrolled terminal the emergencies in force for its group. */
  async catchUp(terminalId: string, group: string): Promise<void> {
    const t = this.now();
    const active = await this.db.selectFrom('emergency_broadcasts').selectAll().where('ended_at', 'is', null).where('expires_at', '>', t).orderBy('created_at').execute();
    for (const row of active) {
      const groups = groupsOf(row);
      if (groups !== null && !groups.includes(group)) continue;
      await this.dispatcher.send(SYSTEM_ACTOR, [terminalId], { kind: 'emergency-on', args: broadcastOf(row) }, { ttlMs: row.expires_at - t, auditAction: 'broadcast.catch-up', auditTarget: { type: 'broadcast', id: row.id } });
    }
  }

  async end(actor: Actor, id: string): Promise<BroadcastView> {
    const b = await this.get(id);
    // Conditional: of two instances ending it together (staff, the expiry sweep) one sends emergency-off.
    const done = await this.db.updateTable('emergency_broadcasts').set({ ended_at: this.now(), ended_by: `${actor.type}:${actor.name}` }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new ApiError('broadcast-ended', 409, 'This broadcast has already ended');
    const targets = await this.registry.activeIds(b.groups ?? undefined);
    await this.dispatcher.send(actor, targets, { kind: 'emergency-off', args: { broadcastId: id } }, { ttlMs: EMERGENCY_OFF_TTL_MS, auditAction: 'broadcast.end', auditTarget: { type: 'broadcast', id } });
    const ended = await this.get(id);
    await this.tell(ended);
    return ended;
  }

  /** Ends, as the system, every broadcast past its expiry. */
  async endExpired(): Promise<void> {
    const due = await this.db.selectFrom('emergency_broadcasts').select('id').where('ended_at', 'is', null).where('expires_at', '<=', this.now()).execute();
    for (const { id } of due) {
      await this.end(SYSTEM_ACTOR, id).catch((e: unknown) => {
        // Another instance ended it first.
        if (!(e instanceof ApiError && e.code === 'broadcast-ended')) throw e;
      });
    }
  }

  /** A terminal acknowledged a command: an emergency it showed counts once for its broadcast. */
  async acknowledged(terminalId: string, command: CommandView): Promise<void> {
    if (command.kind !== 'emergency-on' || command.status !== 'done') return;
    const { broadcastId } = command.args as EmergencyBroadcast;
    await this.db
      .insertInto('broadcast_acks')
      .values({ broadcast_id: broadcastId, terminal_id: terminalId, acked_at: command.ackedAt ?? this.now() })
      .onConflict((oc) => oc.columns(['broadcast_id', 'terminal_id']).doNothing())
      .execute();
    await this.tell(await this.get(broadcastId));
  }

  private async tell(b: BroadcastView): Promise<void> {
    await this.events.publish({ type: 'broadcast', broadcast: { broadcastId: b.broadcastId, terminals: b.terminals, acknowledged: b.acknowledged, endedAt: b.endedAt } });
  }

  async get(id: string): Promise<BroadcastView> {
    const row = await this.db.selectFrom('emergency_broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Broadcast');
    const groups = groupsOf(row);
    const { n } = await this.db.selectFrom('broadcast_acks').select((eb) => eb.fn.countAll<number | string>().as('n')).where('broadcast_id', '=', id).executeTakeFirstOrThrow();
    return {
      ...broadcastOf(row),
      groups,
      createdBy: row.created_by,
      expiresAt: row.expires_at,
      endedAt: row.ended_at,
      endedBy: row.ended_by,
      terminals: await this.registry.countActive(groups ?? undefined),
      acknowledged: Number(n),
    };
  }

  async list(limit: number): Promise<BroadcastView[]> {
    const rows = await this.db.selectFrom('emergency_broadcasts').select('id').orderBy('created_at', 'desc').limit(limit).execute();
    return Promise.all(rows.map((r) => this.get(r.id)));
  }
}
