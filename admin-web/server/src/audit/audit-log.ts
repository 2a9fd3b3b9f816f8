import type { Kysely } from 'kysely';
import { newestFirst, type LogWindow } from '../db/newest-first.ts';
import type { Database } from '../db/schema.ts';
import { csvDocument } from '../http/csv.ts';
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

export interface AuditQuery extends LogWindow {
  actorName?: string;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
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
    const rows = await newestFirst(this.db, 'audit_log', { actor_name: q.actorName, actor_id: q.actorId, action: q.action, target_type: q.targetType, target_id: q.targetId }, q);
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

const CSV_COLUMNS = ['id', 'at', 'actorType', 'actorId', 'actorName', 'action', 'targetType', 'targetId', 'details'] as const;

/** Audit entries as a staff CSV download, details as their JSON (formula-safe cells, see http/csv.ts). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvDocument(
    CSV_COLUMNS,
    entries.map((e) => [e.id, new Date(e.at).toISOString(), e.actor.type, e.actor.id, e.actor.name, e.action, e.target.type, e.target.id, JSON.stringify(e.details)]),
  );
}
