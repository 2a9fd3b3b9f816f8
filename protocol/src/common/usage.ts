/**
 * Usage statistics and proof of play: the hourly record a terminal aggregates and sends, and
 * the staff report API over what the server keeps. Counts only, never a person: no session
 * ids, no times finer than the hour, no card or account data.
 *
 * Transport: a record travels as an ordinary terminal event (type `USAGE_EVENT_TYPE`) through
 * the kiosk's durable event outbox and `POST /api/terminal/v1/events`, so it is signed, queued
 * on disk while offline and re-sent until delivered. A terminal event's `detail` is a flat map
 * of short values, so the record is carried flat (`usageEventDetail`) and read back with
 * `parseUsageEvent`.
 *
 * Exactly once: the server keeps one record per (terminal, hourStart). A record is the whole
 * hour so far, never a delta; a later `revision` of the same hour replaces the earlier one (the
 * daily totals move by the difference), the same or an older revision is ignored. Re-delivery
 * of a batch therefore counts nothing twice.
 */
import { z } from 'zod';
import { IsoDate } from './content.ts';

export const USAGE_EVENT_TYPE = 'usage-hour';
export const HOUR_MS = 3_600_000;

/** Screen, service and content item ids: the kiosk's route and service names, content ids. */
export const UsageId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case id of letters, digits and dashes');
/** A UI language tag (`zh-CN`, `en`). */
export const UsageLang = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'language tag such as zh-CN or en');

/** Upper bounds of one hour's record, so a faulty terminal cannot send an unbounded one. */
export const USAGE_LIMITS = { screens: 64, services: 64, languages: 8, attractItems: 200, count: 100_000 } as const;

const Count = z.number().int().min(0).max(USAGE_LIMITS.count);
/** Attract seconds of one item in one hour on one screen. */
const HourSeconds = z.number().int().min(0).max(HOUR_MS / 1000);

const bounded = <T extends z.ZodType>(value: T, max: number, what: string) =>
  z.record(UsageId, value).refine((r) => Object.keys(r).length <= max, `at most ${max} ${what}`);

/** Steps of a session, in order; each counts the sessions that reached it. */
export const FUNNEL_STEPS = ['attract', 'home', 'service', 'done'] as const;
export const FunnelStep = z.enum(FUNNEL_STEPS);
export type FunnelStep = z.infer<typeof FunnelStep>;

/**
 * One terminal's usage in one UTC hour. A session counts in the hour it began, all of it (so
 * a record is final once that hour's sessions have ended; the kiosk may still send a later
 * revision).
 */
export const UsageHour = z
  .strictObject({
    /** Start of the UTC hour, epoch ms (a whole hour). */
    hourStart: z.number().int().min(0).refine((t) => t % HOUR_MS === 0, 'hourStart must be the start of an hour'),
    /** Raised each time the terminal sends the same hour again with more in it. */
    revision: z.number().int().min(0).max(1_000_000),
    /**
     * Sessions reaching each step: `attract` began from the attract loop, `home` showed the
     * home menu, `service` started at least one service, `done` completed at least one.
     */
    funnel: z.strictObject({ attract: Count, home: Count, service: Count, done: Count }),
    /** Times each screen was shown (by route name). */
    screens: bounded(Count, USAGE_LIMITS.screens, 'screens'),
    /** Per service id: times started, and times completed (its done step). */
    services: bounded(z.strictObject({ started: Count, completed: Count }), USAGE_LIMITS.services, 'services'),
    /** Sessions per UI language; a session that switched counts once for each language it used. */
    languages: z.record(UsageLang, Count).refine((r) => Object.keys(r).length <= USAGE_LIMITS.languages, `at most ${USAGE_LIMITS.languages} languages`),
    /** Sessions that turned elderly mode on. */
    elderlySessions: Count,
    /** Attract playlist items played (content item id): plays and whole seconds shown. */
    attract: bounded(z.strictObject({ plays: Count, seconds: HourSeconds }), USAGE_LIMITS.attractItems, 'attract items'),
  })
  .superRefine((h, ctx) => {
    const f = h.funnel;
    if (!(f.attract >= f.home && f.home >= f.service && f.service >= f.done)) ctx.addIssue({ code: 'custom', path: ['funnel'], message: 'funnel steps must not grow: attract >= home >= service >= done' });
    if (h.elderlySessions > f.attract) ctx.addIssue({ code: 'custom', path: ['elderlySessions'], message: 'more elderly-mode sessions than sessions' });
    for (const [id, s] of Object.entries(h.services)) {
      if (s.completed > s.started) ctx.addIssue({ code: 'custom', path: ['services', id], message: 'completed more often than started' });
    }
    const seconds = Object.values(h.attract).reduce((n, a) => n + a.seconds, 0);
    if (seconds > HOUR_MS / 1000) ctx.addIssue({ code: 'custom', path: ['attract'], message: 'more attract seconds than the hour has' });
  });
export type UsageHour = z.infer<typeof UsageHour>;

// ---- the record as a terminal event's flat detail -----------------------------------------

/** Prefixes of the flat detail's keyed counts; ids never contain a dot. */
const FLAT = {
  screen: 'screen.',
  started: 'started.',
  completed: 'completed.',
  lang: 'lang.',
  plays: 'plays.',
  seconds: 'seconds.',
} as const;

/** Scalar keys of the flat detail. Format version 1. */
const SCALARS = { v: 'v', hour: 'hour', rev: 'rev', elderly: 'elderly' } as const;

/**
 * The record as a terminal event's `detail`: `{ v: 1, hour, rev, elderly, 'funnel.attract', ...,
 * 'screen.<id>', 'started.<id>', 'completed.<id>', 'lang.<tag>', 'plays.<id>', 'seconds.<id>' }`.
 */
export function usageEventDetail(hour: UsageHour): Record<string, number> {
  const d: Record<string, number> = { [SCALARS.v]: 1, [SCALARS.hour]: hour.hourStart, [SCALARS.rev]: hour.revision, [SCALARS.elderly]: hour.elderlySessions };
  for (const step of FUNNEL_STEPS) d[`funnel.${step}`] = hour.funnel[step];
  for (const [id, n] of Object.entries(hour.screens)) d[FLAT.screen + id] = n;
  for (const [id, s] of Object.entries(hour.services)) {
    d[FLAT.started + id] = s.started;
    d[FLAT.completed + id] = s.completed;
  }
  for (const [lang, n] of Object.entries(hour.languages)) d[FLAT.lang + lang] = n;
  for (const [id, a] of Object.entries(hour.attract)) {
    d[FLAT.plays + id] = a.plays;
    d[FLAT.seconds + id] = a.seconds;
  }
  return d;
}

/** The most keys a valid flat detail can have (checked before anything is built from it). */
const MAX_FLAT_KEYS = 4 + FUNNEL_STEPS.length + USAGE_LIMITS.screens + 2 * USAGE_LIMITS.services + USAGE_LIMITS.languages + 2 * USAGE_LIMITS.attractItems;

/**
 * Reads a `usage-hour` event's detail back into a checked record. Unknown keys, a missing
 * scalar or a value that is not a count are errors (`success: false` with zod issues).
 */
export function parseUsageEvent(detail: Readonly<Record<string, unknown>> | undefined): z.ZodSafeParseResult<UsageHour> {
  const entries = Object.entries(detail ?? {});
  const fail = (message: string): z.ZodSafeParseResult<UsageHour> => ({ success: false, error: new z.ZodError([{ code: 'custom', path: [], message, input: undefined }]) as z.ZodError<UsageHour> });
  if (entries.length > MAX_FLAT_KEYS) return fail('too many keys');
  if (detail?.[SCALARS.v] !== 1) return fail('unknown usage record version');
  const record = {
    hourStart: detail[SCALARS.hour],
    revision: detail[SCALARS.rev],
    elderlySessions: detail[SCALARS.elderly],
    funnel: {} as Record<string, unknown>,
    screens: {} as Record<string, unknown>,
    services: {} as Record<string, { started?: unknown; completed?: unknown }>,
    languages: {} as Record<string, unknown>,
    attract: {} as Record<string, { plays?: unknown; seconds?: unknown }>,
  };
  const stray: string[] = [];
  for (const [key, value] of entries) {
    const dot = key.indexOf('.');
    const prefix = key.slice(0, dot + 1);
    const id = key.slice(dot + 1);
    if (dot < 0) {
      if (!Object.values(SCALARS).includes(key as never)) stray.push(key);
    } else if (prefix === 'funnel.' && (FUNNEL_STEPS as readonly string[]).includes(id)) record.funnel[id] = value;
    else if (prefix === FLAT.screen) record.screens[id] = value;
    else if (prefix === FLAT.started) (record.services[id] ??= {}).started = value;
    else if (prefix === FLAT.completed) (record.services[id] ??= {}).completed = value;
    else if (prefix === FLAT.lang) record.languages[id] = value;
    else if (prefix === FLAT.plays) (record.attract[id] ??= {}).plays = value;
    else if (prefix === FLAT.seconds) (record.attract[id] ??= {}).seconds = value;
    else stray.push(key);
  }
  if (stray.length > 0) return fail(`unknown keys: ${stray.slice(0, 5).join(', ')}`);
  return UsageHour.safeParse(record);
}

// ---- staff report API ---------------------------------------------------------------------

/** Staff roles that may read usage reports (every role: the figures carry no personal data). */
export const USAGE_READERS = ['admin', 'operator', 'content-editor', 'auditor'] as const;

export const UsageApiPaths = {
  services: '/api/usage/services',
  funnel: '/api/usage/funnel',
  plays: '/api/usage/plays',
  sessions: '/api/usage/sessions',
  /** The same report as CSV: `/api/usage/<report>.csv` with the same query. */
  csv: (report: UsageReport) => `/api/usage/${report}.csv`,
} as const;
export const USAGE_REPORTS = ['services', 'funnel', 'plays', 'sessions'] as const;
export type UsageReport = (typeof USAGE_REPORTS)[number];

/** The longest date range one report may cover. */
export const USAGE_MAX_DAYS = 366;

/** Days are China-time calendar days (`YYYY-MM-DD`), the district's business days. */
export const UsageDay = IsoDate;

const UsageFilters = {
  from: UsageDay,
  to: UsageDay,
  /** The terminals' group as it is now. */
  group: z.string().min(1).max(64).optional(),
  terminal: z.string().min(1).max(64).optional(),
  service: UsageId.optional(),
};

/** An inclusive range of whole days, at most `USAGE_MAX_DAYS` long. */
function dayRange<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) < USAGE_MAX_DAYS * 86_400_000, { path: ['to'], message: `at most ${USAGE_MAX_DAYS} days` });
}

/**
 * Filters every report takes: an inclusive range of days and optionally one group, one
 * terminal, one service (reports without services ignore it).
 */
export const UsageQuery = dayRange(z.strictObject(UsageFilters));
export type UsageQuery = z.infer<typeof UsageQuery>;

/** Service use: rows per day, per terminal or per group, each split by service. */
export const SERVICE_USE_BY = ['day', 'terminal', 'group'] as const;
export const ServiceUseQuery = dayRange(z.strictObject({ ...UsageFilters, by: z.enum(SERVICE_USE_BY).default('day') }));
export type ServiceUseQuery = z.infer<typeof ServiceUseQuery>;

/** Proof of play: rows per content item, or per item and terminal, or per item and day. */
export const PLAYS_BY = ['item', 'terminal', 'day'] as const;
export const PlaysQuery = dayRange(z.strictObject({ ...UsageFilters, by: z.enum(PLAYS_BY).default('item'), item: UsageId.optional() }));
export type PlaysQuery = z.infer<typeof PlaysQuery>;

const Total = z.number().int().min(0);

/**
 * `GET UsageApiPaths.services`: `key` is the day, terminal id or group (per `by`), `label` what
 * to show for it (the terminal's name; the day or group itself).
 */
export const ServiceUseReport = z.object({
  from: UsageDay,
  to: UsageDay,
  by: z.enum(SERVICE_USE_BY),
  rows: z.array(z.object({ key: z.string(), label: z.string(), service: UsageId, started: Total, completed: Total })),
  /** Per service over the whole range and filter. */
  totals: z.array(z.object({ service: UsageId, started: Total, completed: Total })),
});
export type ServiceUseReport = z.infer<typeof ServiceUseReport>;

/**
 * `GET UsageApiPaths.funnel`: sessions at each step in `FUNNEL_STEPS` order. With a service
 * filter, `service` and `done` count that service's starts and completions. `dropOff` is how
 * many of the previous step did not reach this one (0 for the first), `dropOffRate` that as a
 * share of the previous step (0 when the previous step is 0).
 */
export const FunnelReport = z.object({
  from: UsageDay,
  to: UsageDay,
  service: UsageId.nullable(),
  steps: z.array(z.object({ step: FunnelStep, sessions: Total, dropOff: Total, dropOffRate: z.number().min(0).max(1) })).length(FUNNEL_STEPS.length),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

/**
 * `GET UsageApiPaths.plays`: proof of play. `key`/`label` as in the service report (the item
 * id when `by` is `item`); `terminals` is how many distinct terminals played it.
 */
export const PlaysReport = z.object({
  from: UsageDay,
  to: UsageDay,
  by: z.enum(PLAYS_BY),
  rows: z.array(z.object({ item: UsageId, key: z.string(), label: z.string(), plays: Total, seconds: Total, terminals: Total })),
});
export type PlaysReport = z.infer<typeof PlaysReport>;

/** `GET UsageApiPaths.sessions`: sessions and elderly-mode sessions per day, and totals per language and screen. */
export const SessionsReport = z.object({
  from: UsageDay,
  to: UsageDay,
  days: z.array(z.object({ day: UsageDay, sessions: Total, elderlySessions: Total })),
  languages: z.array(z.object({ lang: UsageLang, sessions: Total })),
  screens: z.array(z.object({ screen: UsageId, shown: Total })),
});
export type SessionsReport = z.infer<typeof SessionsReport>;
