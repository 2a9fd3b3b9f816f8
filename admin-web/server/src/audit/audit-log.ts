import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StaffPrincipal, TerminalPrincipal } from '../http/route.ts';

export interface Actor {
  type: 'staff' | 'terminal' | 'system';
  id: string;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'system', name: 'system' };

export function staffActor(p: StaffPrincipal): Actor {
  return { type: 'staff', id: p.userId, name: p.username };
}

export function terminalActor(p: TerminalPrincipal): Actor {
  return { type: 'terminal', id: p.terminalId, name: p.name };
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: Actor;
  action: string;
  target: { type: string; id: string | null };
  details: unknown;
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
  /** Entries with id below this (for paging backwards). */
  before?: number;
  limit: number;
}

/** Append-only record of every change: who, what, when, to what. */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  /** Records a change; pass the transaction the change runs in so both commit together. */
  async record(actor: Actor, action: string, target: { type: string; id?: string | null }, details: unknown = {}, db: Kysely<Database> = this.db): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        at: this.now(),
        actor_type: actor.type,
        actor_id: actor.id,
        actor_name: actor.name,
        action,
        target_type: target.type,
        target_id: target.id ?? null,
        details: JSON.stringify(details),
      })
      .execute();
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.targetType) query = query.where('target_type', '=', q.targetType);
    if (q.targetId) query = query.where('target_id', '=', q.targetId);
    if (q.from !== undefined) query = query.where('at', '>=', q.from);
    if (q.to !== undefined) query = query.where('at', '<', q.to);
    if (q.before !== undefined) query = query.where('id', '<', q.before);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      details: JSON.parse(r.details) as unknown,
    }));
  }
}
