import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommandAck, CommandEnvelope, CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { statementSlices } from '../db/statement-slices.ts';
import { ApiError } from '../errors.ts';
import type { CommandStatus, TerminalCommandRow } from '../terminals/tables.ts';

export type StoredCommand = Omit<TerminalCommandRow, 'id'> & { id: number };

export interface CommandView {
  id: number;
  batchId: string;
  terminalId: string;
  kind: string;
  args: unknown;
  createdAt: number;
  expiresAt: number;
  createdBy: string;
  /** `expired` when it ran out unacknowledged. */
  status: CommandStatus | 'expired';
  deliveredAt: number | null;
  ackedAt: number | null;
  ackDetail: string | null;
}

const UNACKED: CommandStatus[] = ['pending', 'delivered'];

export function toEnvelope(c: StoredCommand): CommandEnvelope {
  return { id: c.id, issuedAt: c.created_at, expiresAt: c.expires_at, kind: c.kind, args: JSON.parse(c.args) } as CommandEnvelope;
}

/** Durable commands: created for one or many terminals, delivered, acknowledged or expired. */
export class CommandStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  view(c: StoredCommand): CommandView {
    const expired = UNACKED.includes(c.status) && c.expires_at <= this.now();
    return {
      id: c.id,
      batchId: c.batch_id,
      terminalId: c.terminal_id,
      kind: c.kind,
      args: JSON.parse(c.args) as unknown,
      createdAt: c.created_at,
      expiresAt: c.expires_at,
      createdBy: c.created_by,
      status: expired ? 'expired' : c.status,
      deliveredAt: c.delivered_at,
      ackedAt: c.acked_at,
      ackDetail: c.ack_detail,
    };
  }

  /** One command per terminal, all in one batch and one transaction with its audit entry. */
  async create(actor: Actor, terminalIds: readonly string[], spec: CommandSpec, ttlMs: number, audit: { action: string; target: { type: string; id?: string } }): Promise<{ batchId: string; count: number }> {
    const batchId = randomUUID();
    const t = this.now();
    const rows = terminalIds.map((terminalId) => ({
      batch_id: batchId,
      terminal_id: terminalId,
      kind: spec.kind,
      args: JSON.stringify(spec.args),
      created_at: t,
      expires_at: t + ttlMs,
      created_by: `${actor.type}:${actor.name}`,
      status: 'pending' as const,
      delivered_at: null,
      acked_at: null,
      ack_detail: null,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (const slice of statementSlices(rows)) await trx.insertInto('terminal_commands').values(slice).execute();
      await this.audit.record(actor, audit.action, audit.target, { batchId, kind: spec.kind, args: spec.args, terminals: terminalIds.length }, trx);
    });
    return { batchId, count: rows.length };
  }

  async batch(batchId: string): Promise<StoredCommand[]> {
    return this.unacked('batch_id', [batchId]);
  }

  /** Unacknowledged, unexpired commands of some terminals, oldest first. */
  async outstanding(...terminalIds: string[]): Promise<StoredCommand[]> {
    return this.unacked('terminal_id', terminalIds);
  }

  private async unacked(column: 'batch_id' | 'terminal_id', values: readonly string[]): Promise<StoredCommand[]> {
    const rows = [];
    for (const slice of statementSlices(values)) {
      rows.push(
        ...(await this.db
          .selectFrom('terminal_commands')
          .selectAll()
          .where(column, 'in', slice)
          .where('status', 'in', UNACKED)
          .where('expires_at', '>', this.now())
          .orderBy('id')
          .execute()),
      );
    }
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async markDelivered(ids: readonly number[]): Promise<void> {
    for (const slice of statementSlices(ids)) {
      await this.db
        .updateTable('terminal_commands')
        .set({ status: 'delivered', delivered_at: this.now() })
        .where('id', 'in', slice)
        .where('status', '=', 'pending')
        .execute();
    }
  }

  /** Records the terminal's answer; acknowledging twice answers the same. */
  async ack(terminalId: string, id: number, ack: CommandAck): Promise<CommandView> {
    const row = await this.db.selectFrom('terminal_commands').selectAll().where('id', '=', id).where('terminal_id', '=', terminalId).executeTakeFirst();
    if (!row) throw new ApiError('command-unknown', 404, 'No such command for this terminal');
    if (UNACKED.includes(row.status)) {
      await this.db
        .updateTable('terminal_commands')
        .set({ status: ack.result, acked_at: this.now(), ack_detail: ack.detail ?? null })
        .where('id', '=', id)
        .where('status', 'in', UNACKED)
        .execute();
    }
    const updated = await this.db.selectFrom('terminal_commands').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return this.view({ ...updated, id: Number(updated.id) });
  }

  async list(terminalId: string, limit: number): Promise<CommandView[]> {
    const rows = await this.db.selectFrom('terminal_commands').selectAll().where('terminal_id', '=', terminalId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => this.view({ ...r, id: Number(r.id) }));
  }
}
