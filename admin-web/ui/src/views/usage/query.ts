/**
 * What the usage area shows, as its address's query string (`/usage?report=funnel&from=...`):
 * a report and its filters survive a reload and can be sent as a link. Pure: the day "today"
 * is passed in.
 */
import { PLAYS_BY, PlaysQuery, SERVICE_USE_BY, ServiceUseQuery, USAGE_MAX_DAYS, UsageQuery } from '@civic-kiosk/protocol/usage';
import type { UsageReport } from '@civic-kiosk/protocol/usage';

/** The area's reports in the order of its tabs. */
export const USAGE_VIEWS = ['services', 'funnel', 'sessions', 'plays'] as const satisfies readonly UsageReport[];
export type UsageView = (typeof USAGE_VIEWS)[number];

/** How a report groups its rows (`by`), per report that has a choice; the first is the default. */
export const GROUPINGS: Partial<Record<UsageView, readonly string[]>> = { services: SERVICE_USE_BY, plays: PLAYS_BY };

/** Days shown when the address names none: the last week, today included. */
export const DEFAULT_DAYS = 7;

export interface UsageState {
  report: UsageView;
  from: string;
  to: string;
  group: string;
  /** A terminal id. */
  terminal: string;
  service: string;
  /** The grouping of reports that have one (`GROUPINGS`), else ''. */
  by: string;
  /** Proof of play narrowed to one content item. */
  item: string;
}

/** `YYYY-MM-DD` `days` days after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included, when there are at most `max`; else undefined. */
export function everyDay(from: string, to: string, max: number): string[] | undefined {
  if (addDays(from, max) <= to) return undefined;
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string | null): s is string => s !== null && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && addDays(s, 0) === s;

export const defaultBy = (report: UsageView): string => GROUPINGS[report]?.[0] ?? '';

/** The state an address asks for; anything missing or unknown takes its default. */
export function parseUsageSearch(search: string, today: string): UsageState {
  const p = new URLSearchParams(search);
  const report = (USAGE_VIEWS as readonly string[]).includes(p.get('report') ?? '') ? (p.get('report') as UsageView) : 'services';
  const to = p.get('to');
  const from = p.get('from');
  const by = p.get('by') ?? '';
  return {
    report,
    to: validDay(to) ? to : today,
    from: validDay(from) ? from : addDays(validDay(to) ? to : today, 1 - DEFAULT_DAYS),
    group: p.get('group') ?? '',
    terminal: p.get('terminal') ?? '',
    service: p.get('service') ?? '',
    by: GROUPINGS[report]?.includes(by) ? by : defaultBy(report),
    item: report === 'plays' ? (p.get('item') ?? '') : '',
  };
}

/** The query string of a state (empty filters left out). */
export function usageSearchOf(state: UsageState): string {
  const p = new URLSearchParams({ report: state.report, from: state.from, to: state.to });
  for (const k of ['group', 'terminal', 'service', 'by', 'item'] as const) if (state[k]) p.set(k, state[k]);
  return p.toString();
}

/** Why a filter cannot be asked for: not a day, the end before the start, too many days, refused by the schema. */
export type FilterError = 'date' | 'order' | 'tooLong' | 'invalid';
export type FieldErrors = Partial<Record<'from' | 'to' | 'group' | 'terminal' | 'service' | 'item', FilterError>>;

/** The API query of a state, or what is wrong with which field (checked as the server checks it). */
export function reportQuery(state: UsageState): { ok: true; query: UsageQuery & { by?: string; item?: string } } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!validDay(state.from)) errors.from = 'date';
  if (!validDay(state.to)) errors.to = 'date';
  else if (!errors.from && state.to < state.from) errors.to = 'order';
  else if (!errors.from && addDays(state.from, USAGE_MAX_DAYS) <= state.to) errors.to = 'tooLong';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const base = { from: state.from, to: state.to, group: state.group.trim() || undefined, terminal: state.terminal || undefined, service: state.service || undefined };
  const parsed =
    state.report === 'services'
      ? ServiceUseQuery.safeParse({ ...base, by: state.by })
      : state.report === 'plays'
        ? PlaysQuery.safeParse({ ...base, by: state.by, item: state.item || undefined })
        : UsageQuery.safeParse(base);
  if (parsed.success) return { ok: true, query: parsed.data };
  for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= 'invalid';
  return { ok: false, errors };
}
