/**
 * The hour of usage a terminal is counting, as pure state: facts and the time go in, the new
 * state and the hour that just closed come out. No I/O and no clock: the privileged side
 * persists each state and queues each closed hour for the server (usage-recorder.ts).
 *
 * As the contract says (`UsageHour` in the protocol), a session counts in the hour it began,
 * all of it, so an hour closes once it is over AND its last session has ended (at most
 * SESSION_STALE_MS later); each hour is sent once and never counted again. Attract plays,
 * which happen between sessions, count in the hour they end in. China Standard Time is UTC+8
 * with no daylight saving, so the UTC hour the record names starts at a whole hour in Shanghai
 * too: a record falls in one China-time day.
 *
 * The page cannot inflate what it reports: a service starts only once its session reached
 * home and completes only after it started in that session (so each hour's funnel narrows,
 * attract ≥ home ≥ service ≥ done, and completions never exceed starts), and every counter has
 * a cap per hour (HOURLY_CAPS) beyond which facts are dropped.
 */
import { HOUR_MS } from '@civic-kiosk/protocol/usage';
import type { UsageHour } from '@civic-kiosk/protocol/usage';
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';
import type { USAGE_LANGS, UsageFact } from './facts.ts';

export type UsageLang = (typeof USAGE_LANGS)[number];
export type UsageCounts = Omit<UsageHour, 'hourStart' | 'revision'>;

/**
 * The most one hour may count, from what a screen can do in an hour: a session takes a few
 * seconds at least, a screen half a second, an attract item a second, and the attract loop
 * cannot show more than an hour of items in an hour.
 */
export const HOURLY_CAPS = {
  sessions: 720,
  screens: 7200,
  serviceStarts: 3600,
  attractPlays: 3600,
  attractSeconds: HOUR_MS / 1000,
  /** Distinct attract items (a playlist holds at most 200). */
  attractItems: 200,
} as const;

/**
 * A session that has said nothing for this long is over: no screen keeps a session longer (the
 * longest idle timeout is 4 minutes in elderly mode), so a page that died mid-session holds
 * its hour back for minutes, not until the next person comes.
 */
export const SESSION_STALE_MS = 10 * 60_000;

/** What the open session has done so far: steps, languages, mode; nothing about the person. */
export interface SessionMarks {
  home: boolean;
  service: boolean;
  done: boolean;
  langs: UsageLang[];
  elderly: boolean;
  /** Services entered and not yet completed: a completion counts only for one of these. */
  open: KioskService[];
  /** When the session last reported anything. */
  lastAt: number;
}

export interface UsageState {
  hourStart: number;
  counts: UsageCounts;
  /** The session in progress; it began in `hourStart`'s hour, which stays open until it ends. */
  session: SessionMarks | null;
}

export interface UsageStep {
  state: UsageState;
  /** The hour that closed on the way, if it counted anything (an empty hour is not sent). */
  closed: UsageHour | null;
}

export const hourOf = (epochMs: number): number => Math.floor(epochMs / HOUR_MS) * HOUR_MS;

export function emptyCounts(): UsageCounts {
  return { funnel: { attract: 0, home: 0, service: 0, done: 0 }, screens: {}, services: {}, languages: {}, elderlySessions: 0, attract: {} };
}

export function openHour(now: number): UsageState {
  return { hourStart: hourOf(now), counts: emptyCounts(), session: null };
}

export function isEmpty(c: UsageCounts): boolean {
  return c.funnel.attract === 0 && Object.keys(c.screens).length === 0 && Object.keys(c.services).length === 0 && Object.keys(c.attract).length === 0;
}

/**
 * Moves time on: ends a session that went quiet, then closes the open hour once `now` is past
 * it and no session of it is running. A clock set back never reopens a closed hour: what
 * arrives "earlier" counts in the open one.
 */
export function advance(state: UsageState, now: number): UsageStep {
  let s = state;
  if (s.session && now - s.session.lastAt > SESSION_STALE_MS) s = endSession(s);
  if (s.session || hourOf(now) <= s.hourStart) return { state: s, closed: null };
  const closed = isEmpty(s.counts) ? null : { hourStart: s.hourStart, revision: 0, ...s.counts };
  return { state: openHour(now), closed };
}

/**
 * Counts one fact at `now`, closing the open hour when it is due: before the fact (it belongs
 * to a later hour) or after it (it ended the hour's last session). At most one closes.
 */
export function recordFact(state: UsageState, fact: UsageFact, now: number): UsageStep {
  // A new person: the last session is over (its page never said so), and its hour may be too.
  const before = advance(fact.kind === 'session-started' ? endSession(state) : state, now);
  const after = advance(apply(before.state, fact, now), now);
  return { state: after.state, closed: before.closed ?? after.closed };
}

function apply(state: UsageState, fact: UsageFact, now: number): UsageState {
  if (fact.kind === 'session-started') return { ...state, session: { home: false, service: false, done: false, langs: [], elderly: false, open: [], lastAt: now } };
  if (fact.kind === 'session-ended') return endSession(state);
  if (fact.kind === 'attract-played') return playAttract(state, fact.item, fact.seconds);
  const session = state.session;
  // Everything else happens inside a session; outside one it is a page out of step.
  if (!session) return state;
  const c = state.counts;
  const marks = { ...session, lastAt: now };
  switch (fact.kind) {
    case 'screen': {
      if (sum(Object.values(c.screens)) >= HOURLY_CAPS.screens) return state;
      const screens = { ...c.screens, [fact.screen]: (c.screens[fact.screen] ?? 0) + 1 };
      return { ...state, counts: { ...c, screens }, session: { ...marks, home: marks.home || fact.screen === 'home' } };
    }
    case 'service-started': {
      if (!marks.home || sum(Object.values(c.services).map((v) => v.started)) >= HOURLY_CAPS.serviceStarts) return state;
      const was = c.services[fact.service] ?? { started: 0, completed: 0 };
      const open = marks.open.includes(fact.service) ? marks.open : [...marks.open, fact.service];
      return { ...state, counts: { ...c, services: { ...c.services, [fact.service]: { ...was, started: was.started + 1 } } }, session: { ...marks, service: true, open } };
    }
    case 'service-completed': {
      const was = c.services[fact.service];
      if (!was || !marks.open.includes(fact.service)) return state;
      const open = marks.open.filter((x) => x !== fact.service);
      return { ...state, counts: { ...c, services: { ...c.services, [fact.service]: { ...was, completed: was.completed + 1 } } }, session: { ...marks, done: true, open } };
    }
    case 'language':
      return { ...state, session: { ...marks, langs: marks.langs.includes(fact.lang) ? marks.langs : [...marks.langs, fact.lang] } };
    case 'elderly':
      return { ...state, session: { ...marks, elderly: marks.elderly || fact.on } };
  }
}

/** Counts the open session's funnel steps, languages and elderly mode in its hour. */
function endSession(state: UsageState): UsageState {
  const m = state.session;
  if (!m) return state;
  const c = state.counts;
  if (c.funnel.attract >= HOURLY_CAPS.sessions) return { ...state, session: null };
  const f = c.funnel;
  const funnel = { attract: f.attract + 1, home: f.home + Number(m.home), service: f.service + Number(m.service), done: f.done + Number(m.done) };
  const languages = { ...c.languages };
  for (const lang of m.langs) languages[lang] = (languages[lang] ?? 0) + 1;
  return { ...state, counts: { ...c, funnel, languages, elderlySessions: c.elderlySessions + Number(m.elderly) }, session: null };
}

function playAttract(state: UsageState, item: string, seconds: number): UsageState {
  // Touched before it showed: not a play.
  if (seconds === 0) return state;
  const c = state.counts;
  const items = Object.values(c.attract);
  const known = Object.hasOwn(c.attract, item);
  if (sum(items.map((a) => a.plays)) >= HOURLY_CAPS.attractPlays || (!known && items.length >= HOURLY_CAPS.attractItems)) return state;
  const was = c.attract[item] ?? { plays: 0, seconds: 0 };
  // The loop cannot have shown more than an hour in an hour: seconds beyond that are cut.
  const counted = Math.min(seconds, HOURLY_CAPS.attractSeconds - sum(items.map((a) => a.seconds)));
  return { ...state, counts: { ...c, attract: { ...c.attract, [item]: { plays: was.plays + 1, seconds: was.seconds + counted } } } };
}

const sum = (values: number[]): number => values.reduce((n, v) => n + v, 0);
