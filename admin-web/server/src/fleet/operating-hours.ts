import type { Kysely } from 'kysely';
import type { GroupHours, OperatingHours } from '@civic-kiosk/protocol/staff-live';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** True when `now` falls in the hours' window on one of their days, China time (no daylight saving). */
export function withinHours(hours: OperatingHours, now: number): boolean {
  const local = now + CHINA_OFFSET_MS;
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((Math.floor(local / DAY_MS) + 3) % 7) + 1;
  const minute = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return hours.days.includes(weekday) && minute >= minutesOf(hours.opensAt) && minute < minutesOf(hours.closesAt);
}

/** Operating hours per terminal group; a group without any runs around the clock. */
export class OperatingHoursBook {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  async list(): Promise<GroupHours[]> {
    const rows = await this.db.selectFrom('group_operating_hours').selectAll().orderBy('group_name').execute();
    return rows.map((r) => ({ group: r.group_name, hours: JSON.parse(r.hours) as OperatingHours, updatedAt: r.updated_at, updatedBy: r.updated_by }));
  }

  /** Groups whose terminals are outside their hours now: their down alerts wait. */
  async closedGroups(): Promise<Set<string>> {
    const t = this.now();
    return new Set((await this.list()).filter((g) => !withinHours(g.hours, t)).map((g) => g.group));
  }

  async set(actor: Actor, group: string, hours: OperatingHours): Promise<GroupHours> {
    const row = { group_name: group, hours: JSON.stringify(hours), updated_at: this.now(), updated_by: `${actor.type}:${actor.name}` };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('group_operating_hours')
        .values(row)
        .onConflict((oc) => oc.column('group_name').doUpdateSet({ hours: row.hours, updated_at: row.updated_at, updated_by: row.updated_by }))
        .execute();
      await this.audit.record(actor, 'alert-hours.set', { type: 'group', id: group }, hours, trx);
    });
    return { group, hours, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async remove(actor: Actor, group: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const done = await trx.deleteFrom('group_operating_hours').where('group_name', '=', group).executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) throw notFound('Operating hours of this group');
      await this.audit.record(actor, 'alert-hours.remove', { type: 'group', id: group }, {}, trx);
    });
  }
}
