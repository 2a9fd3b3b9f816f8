/**
 * The staff usage reports, read from the daily totals only (never the hourly records), so a
 * month over a fleet of 10,000 terminals is a scan of day-keyed rows. The group filter is the
 * terminals' group now.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { FUNNEL_STEPS } from '@civic-kiosk/protocol/usage';
import type { FunnelReport, PlaysQuery, PlaysReport, ServiceUseQuery, ServiceUseReport, SessionsReport, UsageQuery } from '@civic-kiosk/protocol/usage';
import type { Database } from '../db/schema.ts';
import type { DailyTable } from './daily-totals.ts';

/** Rows of a daily table in the query's days, terminal and group. */
function scoped<T extends DailyTable>(db: Kysely<Database>, table: T, q: UsageQuery): SelectQueryBuilder<Database, T, object> {
  // Every daily table has `day` and `terminal_id`; Kysely cannot see that through the generic.
  let qb = db.selectFrom(table as DailyTable).where('day', '>=', q.from).where('day', '<=', q.to);
  if (q.terminal !== undefined) qb = qb.where('terminal_id', '=', q.terminal);
  if (q.group !== undefined) qb = qb.where('terminal_id', 'in', db.selectFrom('terminals').select('id').where('group_name', '=', q.group));
  return qb as unknown as SelectQueryBuilder<Database, T, object>;
}

const num = (v: unknown): number => Number(v ?? 0);

export async function serviceUse(db: Kysely<Database>, q: ServiceUseQuery): Promise<ServiceUseReport> {
  let base = scoped(db, 'usage_day_services', q).innerJoin('terminals', 'terminals.id', 'usage_day_services.terminal_id');
  if (q.service !== undefined) base = base.where('service', '=', q.service);
  const sums = base.select((eb) => ['service', eb.fn.sum<number>('started').as('started'), eb.fn.sum<number>('completed').as('completed')]);
  const keyed =
    q.by === 'day'
      ? sums.select(['day as key', 'day as label']).groupBy(['day', 'service'])
      : q.by === 'terminal'
        ? sums.select(['terminals.id as key', 'terminals.name as label']).groupBy(['terminals.id', 'terminals.name', 'service'])
        : sums.select(['terminals.group_name as key', 'terminals.group_name as label']).groupBy(['terminals.group_name', 'service']);
  const [rows, totals] = await Promise.all([keyed.orderBy('key').orderBy('service').execute(), sums.groupBy('service').orderBy('service').execute()]);
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    rows: rows.map((r) => ({ key: r.key, label: r.label, service: r.service, started: num(r.started), completed: num(r.completed) })),
    totals: totals.map((r) => ({ service: r.service, started: num(r.started), completed: num(r.completed) })),
  };
}

/** Sessions at each step; with a service, its starts and completions stand for the last two. */
export async function funnel(db: Kysely<Database>, q: UsageQuery): Promise<FunnelReport> {
  const sessions = await scoped(db, 'usage_days', q)
    .select((eb) => [eb.fn.sum<number>('attract').as('attract'), eb.fn.sum<number>('home').as('home'), eb.fn.sum<number>('service').as('service'), eb.fn.sum<number>('done').as('done')])
    .executeTakeFirstOrThrow();
  let counts = { attract: num(sessions.attract), home: num(sessions.home), service: num(sessions.service), done: num(sessions.done) };
  if (q.service !== undefined) {
    const one = await scoped(db, 'usage_day_services', q)
      .where('service', '=', q.service)
      .select((eb) => [eb.fn.sum<number>('started').as('started'), eb.fn.sum<number>('completed').as('completed')])
      .executeTakeFirstOrThrow();
    counts = { ...counts, service: num(one.started), done: num(one.completed) };
  }
  return { from: q.from, to: q.to, service: q.service ?? null, steps: funnelSteps(counts) };
}

/** Drop-off per step from the one before it (none before the first). */
export function funnelSteps(counts: Record<(typeof FUNNEL_STEPS)[number], number>): FunnelReport['steps'] {
  return FUNNEL_STEPS.map((step, i) => {
    const previous = i === 0 ? counts[step] : counts[FUNNEL_STEPS[i - 1]!];
    const dropOff = Math.max(0, previous - counts[step]);
    return { step, sessions: counts[step], dropOff, dropOffRate: previous > 0 ? dropOff / previous : 0 };
  });
}

export async function plays(db: Kysely<Database>, q: PlaysQuery): Promise<PlaysReport> {
  let base = scoped(db, 'usage_day_plays', q).innerJoin('terminals', 'terminals.id', 'usage_day_plays.terminal_id');
  if (q.item !== undefined) base = base.where('item', '=', q.item);
  const sums = base.select((eb) => [
    'item',
    eb.fn.sum<number>('plays').as('plays'),
    eb.fn.sum<number>('seconds').as('seconds'),
    eb.fn.count<number>('usage_day_plays.terminal_id').distinct().as('terminals'),
  ]);
  const keyed =
    q.by === 'item'
      ? sums.select(['item as key', 'item as label']).groupBy('item')
      : q.by === 'terminal'
        ? sums.select(['terminals.id as key', 'terminals.name as label']).groupBy(['item', 'terminals.id', 'terminals.name'])
        : sums.select(['day as key', 'day as label']).groupBy(['item', 'day']);
  const rows = await keyed.orderBy('item').orderBy('key').execute();
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    rows: rows.map((r) => ({ item: r.item, key: r.key, label: r.label, plays: num(r.plays), seconds: num(r.seconds), terminals: num(r.terminals) })),
  };
}

export async function sessions(db: Kysely<Database>, q: UsageQuery): Promise<SessionsReport> {
  const [days, languages, screens] = await Promise.all([
    scoped(db, 'usage_days', q)
      .select((eb) => ['day', eb.fn.sum<number>('attract').as('sessions'), eb.fn.sum<number>('elderly').as('elderly')])
      .groupBy('day')
      .orderBy('day')
      .execute(),
    scoped(db, 'usage_day_languages', q)
      .select((eb) => ['lang', eb.fn.sum<number>('sessions').as('sessions')])
      .groupBy('lang')
      .orderBy('lang')
      .execute(),
    scoped(db, 'usage_day_screens', q)
      .select((eb) => ['screen', eb.fn.sum<number>('shown').as('shown')])
      .groupBy('screen')
      .orderBy('screen')
      .execute(),
  ]);
  return {
    from: q.from,
    to: q.to,
    days: days.map((r) => ({ day: r.day, sessions: num(r.sessions), elderlySessions: num(r.elderly) })),
    languages: languages.map((r) => ({ lang: r.lang, sessions: num(r.sessions) })),
    screens: screens.map((r) => ({ screen: r.screen, shown: num(r.shown) })),
  };
}
