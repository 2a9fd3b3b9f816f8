import type { Kysely } from 'kysely';
import type { AlertView } from '@civic-kiosk/protocol/staff-live';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { StaffEvents } from '../push/staff-events.ts';
import type { AlertKind, AlertRow } from '../terminals/tables.ts';
import type { WebhookOutbox } from './webhooks.ts';

export type { AlertView };

export interface Condition {
  kind: AlertKind;
  key: string;
  details: unknown;
}

type AlertJoined = Omit<AlertRow, 'id'> & { id: number; terminal_name: string; group_name: string };

const toView = (r: AlertJoined): AlertView => ({
  id: r.id,
  terminalId: r.terminal_id,
  terminalName: r.terminal_name,
  group: r.group_name,
  kind: r.kind,
  key: r.key,
  openedAt: r.opened_at,
  resolvedAt: r.resolved_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  details: JSON.parse(r.details) as unknown,
});

/**
 * Open alerts are de-duplicated per terminal and key (a unique index enforces it); each
 * opening, resolution and acknowledgement goes to open consoles once (by the instance that made it).
 */
export class AlertBook {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly webhooks: WebhookOutbox,
    private readonly audit: AuditLog,
    private readonly events: StaffEvents,
  ) {}

  /**
   * Makes the terminal's open alerts match `present`: opens the new ones, resolves those
   * among `resolvable` keys that are gone (a recovery), leaves the rest.
   */
  async reconcile(terminalId: string, present: readonly Condition[], resolvable: (key: string) => boolean): Promise<void> {
    const open = await this.db.selectFrom('alerts').select(['id', 'key']).where('terminal_id', '=', terminalId).where('resolved_at', 'is', null).execute();
    const openKeys = new Set(open.map((a) => a.key));
    const presentKeys = new Set(present.map((c) => c.key));
    for (const c of present) if (!openKeys.has(c.key)) await this.open(terminalId, c);
    for (const a of open) if (!presentKeys.has(a.key) && resolvable(a.key)) await this.resolve(Number(a.id));
  }

  private async open(terminalId: string, c: Condition): Promise<void> {
    const opened = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('alerts')
        .values({ terminal_id: terminalId, kind: c.kind, key: c.key, opened_at: this.now(), resolved_at: null, details: JSON.stringify(c.details) })
        .onConflict((oc) => oc.columns(['terminal_id', 'key']).where('resolved_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      // Another instance opened it first.
      if (!inserted) return undefined;
      const event = await this.event(trx, Number(inserted.id), 'alert.opened');
      await this.webhooks.enqueue(trx, event);
      return event.alert;
    });
    if (opened) await this.tell('opened', opened);
  }

  private async resolve(id: number): Promise<void> {
    const resolved = await this.db.transaction().execute(async (trx) => {
      const done = await trx.updateTable('alerts').set({ resolved_at: this.now() }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) return undefined;
      const event = await this.event(trx, id, 'alert.resolved');
      await this.webhooks.enqueue(trx, event);
      return event.alert;
    });
    if (resolved) await this.tell('resolved', resolved);
  }

  /** Staff take an open alert on: who and when are kept, audited and shown to every console. */
  async acknowledge(actor: Actor, id: number): Promise<AlertView> {
    const alert = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('alerts').select(['resolved_at', 'acknowledged_at']).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Alert');
      if (row.resolved_at !== null) throw conflict('alert-resolved', 'This alert is resolved already');
      const done = await trx
        .updateTable('alerts')
        .set({ acknowledged_at: this.now(), acknowledged_by: `${actor.type}:${actor.name}` })
        .where('id', '=', id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw conflict('alert-acknowledged', 'Someone acknowledged this alert already');
      await this.audit.record(actor, 'alert.acknowledge', { type: 'alert', id: String(id) }, {}, trx);
      return toView(await this.joined(trx).where('alerts.id', '=', id).executeTakeFirstOrThrow());
    });
    await this.tell('acknowledged', alert);
    return alert;
  }

  async openCount(): Promise<number> {
    const { n } = await this.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number | string>().as('n')).where('resolved_at', 'is', null).executeTakeFirstOrThrow();
    return Number(n);
  }

  private async tell(change: 'opened' | 'resolved' | 'acknowledged', alert: AlertView): Promise<void> {
    await this.events.publish({ type: 'alert', change, alert, open: await this.openCount() });
  }

  private async event(trx: Kysely<Database>, id: number, event: 'alert.opened' | 'alert.resolved') {
    const alert = toView(await this.joined(trx).where('alerts.id', '=', id).executeTakeFirstOrThrow());
    return { id: `${event}:${id}`, event, alert };
  }

  private joined(db: Kysely<Database>) {
    return db.selectFrom('alerts').innerJoin('terminals', 'terminals.id', 'alerts.terminal_id').selectAll('alerts').select(['terminals.name as terminal_name', 'terminals.group_name']);
  }

  async list(filter: { open?: boolean; terminalId?: string; limit: number }): Promise<AlertView[]> {
    let q = this.joined(this.db).orderBy('alerts.id', 'desc').limit(filter.limit);
    if (filter.open === true) q = q.where('alerts.resolved_at', 'is', null);
    if (filter.open === false) q = q.where('alerts.resolved_at', 'is not', null);
    if (filter.terminalId) q = q.where('alerts.terminal_id', '=', filter.terminalId);
    return (await q.execute()).map((r) => toView({ ...r, id: Number(r.id) }));
  }
}
