import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AlertKind, AlertRow } from '../terminals/tables.ts';
import type { WebhookOutbox } from './webhooks.ts';

export interface Condition {
  kind: AlertKind;
  key: string;
  details: unknown;
}

export interface AlertView {
  id: number;
  terminalId: string;
  terminalName: string;
  kind: AlertKind;
  key: string;
  openedAt: number;
  resolvedAt: number | null;
  details: unknown;
}

type AlertJoined = Omit<AlertRow, 'id'> & { id: number; terminal_name: string };

const toView = (r: AlertJoined): AlertView => ({
  id: r.id,
  terminalId: r.terminal_id,
  terminalName: r.terminal_name,
  kind: r.kind,
  key: r.key,
  openedAt: r.opened_at,
  resolvedAt: r.resolved_at,
  details: JSON.parse(r.details) as unknown,
});

/** Open alerts are de-duplicated per terminal and key (a unique index enforces it). */
export class AlertBook {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly webhooks: WebhookOutbox,
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
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('alerts')
        .values({ terminal_id: terminalId, kind: c.kind, key: c.key, opened_at: this.now(), resolved_at: null, details: JSON.stringify(c.details) })
        .onConflict((oc) => oc.columns(['terminal_id', 'key']).where('resolved_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      // Another instance opened it first.
      if (!inserted) return;
      await this.webhooks.enqueue(trx, await this.event(trx, Number(inserted.id), 'alert.opened'));
    });
  }

  private async resolve(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const done = await trx.updateTable('alerts').set({ resolved_at: this.now() }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 1) await this.webhooks.enqueue(trx, await this.event(trx, id, 'alert.resolved'));
    });
  }

  private async event(trx: Kysely<Database>, id: number, event: 'alert.opened' | 'alert.resolved') {
    const alert = toView(await this.joined(trx).where('alerts.id', '=', id).executeTakeFirstOrThrow());
    return { id: `${event}:${id}`, event, alert };
  }

  private joined(db: Kysely<Database>) {
    return db.selectFrom('alerts').innerJoin('terminals', 'terminals.id', 'alerts.terminal_id').selectAll('alerts').select('terminals.name as terminal_name');
  }

  async list(filter: { open?: boolean; terminalId?: string; limit: number }): Promise<AlertView[]> {
    let q = this.joined(this.db).orderBy('alerts.id', 'desc').limit(filter.limit);
    if (filter.open === true) q = q.where('alerts.resolved_at', 'is', null);
    if (filter.open === false) q = q.where('alerts.resolved_at', 'is not', null);
    if (filter.terminalId) q = q.where('alerts.terminal_id', '=', filter.terminalId);
    return (await q.execute()).map((r) => toView({ ...r, id: Number(r.id) }));
  }
}
