import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiDay, shanghaiTime } from '@civic-kiosk/protocol/china-time';
import { HOUR_MS, parseUsageEvent, UsageHour, usageEventDetail } from '@civic-kiosk/protocol/usage';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';
import { UsageFact } from '../../../src/common/usage/facts.ts';
import { SESSION_SCREENS } from '../../../src/common/usage/screens.ts';
import type { SessionScreen } from '../../../src/common/usage/screens.ts';
import { advance, HOURLY_CAPS, openHour, recordFact, SESSION_STALE_MS } from '../../../src/common/usage/usage-hour.ts';
import type { UsageState } from '../../../src/common/usage/usage-hour.ts';

/** 2026-12-05 10:00 UTC (18:00 in Shanghai). */
const T0 = Date.UTC(2026, 11, 5, 10);

/** Feeds timed facts in, then moves time on to `end`; returns every hour that closed and the state. */
function run(facts: { at: number; fact: UsageFact }[], end?: number): { closed: UsageHour[]; state: UsageState } {
  let state = openHour(facts[0]?.at ?? T0);
  const closed: UsageHour[] = [];
  for (const { at, fact } of facts) {
    const step = recordFact(state, fact, at);
    state = step.state;
    if (step.closed) closed.push(step.closed);
  }
  if (end !== undefined) {
    const step = advance(state, end);
    state = step.state;
    if (step.closed) closed.push(step.closed);
  }
  return { closed, state };
}

// ---- a well-behaved page: whole sessions, attract plays between them --------------------------

interface ScriptedSession {
  services: { service: KioskService; completed: boolean; screens: SessionScreen[] }[];
  langs: ('zh-CN' | 'en')[];
  elderly: boolean;
  plays: { item: string; seconds: number }[];
  /** Ms between this session's facts (a few seconds to a few minutes, so sessions cross hours). */
  gap: number;
  /** Ms of attract loop before the session starts. */
  idle: number;
}

const scriptedSession: fc.Arbitrary<ScriptedSession> = fc.record({
  services: fc.array(fc.record({ service: fc.constantFrom(...KIOSK_SERVICES), completed: fc.boolean(), screens: fc.array(fc.constantFrom(...SESSION_SCREENS), { maxLength: 3 }) }), { maxLength: 4 }),
  langs: fc.subarray(['zh-CN', 'en'] as ('zh-CN' | 'en')[], { minLength: 1 }),
  elderly: fc.boolean(),
  plays: fc.array(fc.record({ item: fc.constantFrom('poster-bills', 'video-guides', 'notice-heating'), seconds: fc.integer({ min: 0, max: 600 }) }), { maxLength: 4 }),
  gap: fc.integer({ min: 1_000, max: 120_000 }),
  idle: fc.integer({ min: 0, max: 40 * 60_000 }),
});

/** The facts a page reports for the script, with their times. */
function factsOf(sessions: ScriptedSession[]): { at: number; fact: UsageFact; sessionStart: number | null }[] {
  const out: { at: number; fact: UsageFact; sessionStart: number | null }[] = [];
  let t = T0;
  for (const s of sessions) {
    // Each play is reported as it leaves the screen.
    for (const p of s.plays) out.push({ at: (t += p.seconds * 1000 + 1), fact: { kind: 'attract-played', ...p }, sessionStart: null });
    t += s.idle;
    const start = (t += 1);
    const add = (fact: UsageFact) => out.push({ at: (t += s.gap), fact, sessionStart: start });
    out.push({ at: start, fact: { kind: 'session-started' }, sessionStart: start });
    for (const lang of s.langs) add({ kind: 'language', lang });
    add({ kind: 'screen', screen: 'home' });
    if (s.elderly) add({ kind: 'elderly', on: true });
    for (const v of s.services) {
      add({ kind: 'service-started', service: v.service });
      for (const screen of v.screens) add({ kind: 'screen', screen });
      if (v.completed) add({ kind: 'service-completed', service: v.service });
    }
    add({ kind: 'session-ended' });
  }
  return out;
}

/** What each hour must say, counted straight from the script: a session's everything in the hour it began. */
function expectedHours(sessions: ScriptedSession[]): Map<number, UsageHour> {
  const hours = new Map<number, UsageHour>();
  const hourOf = (at: number) => {
    const start = Math.floor(at / HOUR_MS) * HOUR_MS;
    if (!hours.has(start)) hours.set(start, { hourStart: start, revision: 0, funnel: { attract: 0, home: 0, service: 0, done: 0 }, screens: {}, services: {}, languages: {}, elderlySessions: 0, attract: {} });
    return hours.get(start)!;
  };
  const facts = factsOf(sessions);
  for (const { at, fact, sessionStart } of facts) {
    const h = hourOf(sessionStart ?? at);
    if (fact.kind === 'attract-played' && fact.seconds > 0) {
      const a = (h.attract[fact.item] ??= { plays: 0, seconds: 0 });
      a.plays += 1;
      // A play that began in the hour before counts whole in this one, up to a full hour in all.
      const shown = Object.values(h.attract).reduce((n, x) => n + x.seconds, 0);
      a.seconds += Math.min(fact.seconds, HOUR_MS / 1000 - shown);
    }
    if (fact.kind === 'screen') h.screens[fact.screen] = (h.screens[fact.screen] ?? 0) + 1;
    if (fact.kind === 'service-started') (h.services[fact.service] ??= { started: 0, completed: 0 }).started += 1;
    if (fact.kind === 'service-completed') h.services[fact.service]!.completed += 1;
  }
  let i = 0;
  for (const s of sessions) {
    const start = facts.filter((f) => f.fact.kind === 'session-started')[i++]!.at;
    const h = hourOf(start);
    h.funnel.attract += 1;
    h.funnel.home += 1;
    h.funnel.service += Number(s.services.length > 0);
    h.funnel.done += Number(s.services.some((v) => v.completed));
    for (const lang of s.langs) h.languages[lang] = (h.languages[lang] ?? 0) + 1;
    h.elderlySessions += Number(s.elderly);
  }
  return hours;
}

describe('the hour of usage on the terminal', () => {
  it('any script of whole sessions gives, per hour, exactly the counts of its facts (a session counts in the hour it began)', () => {
    fc.assert(
      fc.property(fc.array(scriptedSession, { maxLength: 12 }), (sessions) => {
        const facts = factsOf(sessions);
        const end = (facts.at(-1)?.at ?? T0) + HOUR_MS;
        const { closed } = run(facts, end);
        const expected = [...expectedHours(sessions).values()].filter((h) => h.funnel.attract > 0 || Object.keys(h.attract).length > 0);
        expect(closed).toEqual(expected);
        // And the server takes every one of them as it is, flat in a terminal event.
        for (const hour of closed) expect(parseUsageEvent(usageEventDetail(hour))).toEqual({ success: true, data: hour });
      }),
    );
  });

  it('whatever a page sends, in any order and at any time, each hour closes once, within its caps and valid for the server', () => {
    const anyFact = fc.oneof(
      fc.constant<UsageFact>({ kind: 'session-started' }),
      fc.constant<UsageFact>({ kind: 'session-ended' }),
      fc.constantFrom(...SESSION_SCREENS).map((screen): UsageFact => ({ kind: 'screen', screen })),
      fc.constantFrom(...KIOSK_SERVICES).map((service): UsageFact => ({ kind: 'service-started', service })),
      fc.constantFrom(...KIOSK_SERVICES).map((service): UsageFact => ({ kind: 'service-completed', service })),
      fc.constantFrom('zh-CN', 'en').map((lang): UsageFact => ({ kind: 'language', lang })),
      fc.boolean().map((on): UsageFact => ({ kind: 'elderly', on })),
      fc.record({ item: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), seconds: fc.integer({ min: 0, max: 600 }) }).map((p): UsageFact => ({ kind: 'attract-played', ...p })),
    );
    // Steps forward mostly, sometimes back (a clock corrected), sometimes hours at once.
    const step = fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: -HOUR_MS, max: 0 }), fc.integer({ min: 0, max: 3 * HOUR_MS }));
    fc.assert(
      fc.property(fc.array(fc.tuple(anyFact, step), { maxLength: 300 }), (script) => {
        let at = T0;
        const facts = script.map(([fact, dt]) => ({ fact: UsageFact.parse(fact), at: (at += dt) }));
        const { closed } = run(facts, at + 2 * HOUR_MS);
        for (const hour of closed) {
          expect(UsageHour.safeParse(hour).success, JSON.stringify(hour)).toBe(true);
          expect(hour.funnel.attract).toBeLessThanOrEqual(HOURLY_CAPS.sessions);
        }
        const starts = closed.map((h) => h.hourStart);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
        expect(new Set(starts).size).toBe(starts.length);
      }),
    );
  });

  it('names the UTC hour; in Shanghai the same hour starts on the hour too, and the hour after 15:00 UTC is the next China-time day', () => {
    const lastMinute = Date.UTC(2026, 11, 5, 15, 59, 30);
    const { closed } = run(
      [
        { at: lastMinute, fact: { kind: 'session-started' } },
        { at: lastMinute + 1_000, fact: { kind: 'screen', screen: 'home' } },
        // Past midnight in Shanghai: still the session that began at 23:59.
        { at: lastMinute + 60_000, fact: { kind: 'screen', screen: 'notices' } },
        { at: lastMinute + 61_000, fact: { kind: 'session-ended' } },
        { at: lastMinute + 62_000, fact: { kind: 'attract-played', item: 'poster-bills', seconds: 10 } },
      ],
      Date.UTC(2026, 11, 5, 17),
    );
    expect(closed.map((h) => [shanghaiTime(h.hourStart), shanghaiDay(h.hourStart)])).toEqual([
      ['2026-12-05 23:00', '2026-12-05'],
      ['2026-12-06 00:00', '2026-12-06'],
    ]);
    expect(closed[0]).toMatchObject({ hourStart: Date.UTC(2026, 11, 5, 15), funnel: { attract: 1, home: 1 }, screens: { home: 1, notices: 1 }, attract: {} });
    expect(closed[1]).toMatchObject({ funnel: { attract: 0 }, screens: {}, attract: { 'poster-bills': { plays: 1, seconds: 10 } } });
  });

  it('keeps an hour open while its last session runs, and closes it when that session ends or goes quiet', () => {
    const begun = T0 + HOUR_MS - 60_000;
    let { state, closed } = run([
      { at: begun, fact: { kind: 'session-started' } },
      { at: begun + 1_000, fact: { kind: 'screen', screen: 'home' } },
    ]);
    let step = advance(state, T0 + HOUR_MS + 5 * 60_000);
    expect(step.closed).toBeNull();
    ({ state } = step);
    step = recordFact(state, { kind: 'session-ended' }, T0 + HOUR_MS + 6 * 60_000);
    expect(step.closed).toMatchObject({ hourStart: T0, funnel: { attract: 1, home: 1 } });
    expect(closed).toEqual([]);

    // A page that died mid-session: ten quiet minutes end the session, and its hour closes.
    ({ state, closed } = run([
      { at: begun, fact: { kind: 'session-started' } },
      { at: begun + 1_000, fact: { kind: 'screen', screen: 'home' } },
    ]));
    expect(advance(state, begun + 1_000 + SESSION_STALE_MS - 1).closed).toBeNull();
    expect(advance(state, begun + 1_000 + SESSION_STALE_MS + 1).closed).toMatchObject({ hourStart: T0, funnel: { attract: 1, home: 1 } });
  });

  it('never counts in an hour it has closed: a clock set back counts in the open hour', () => {
    const { closed, state } = run(
      [
        { at: T0 + 10_000, fact: { kind: 'attract-played', item: 'poster-bills', seconds: 10 } },
        { at: T0 + HOUR_MS + 10_000, fact: { kind: 'attract-played', item: 'poster-bills', seconds: 10 } },
        { at: T0 + 20_000, fact: { kind: 'attract-played', item: 'poster-bills', seconds: 5 } },
      ],
    );
    expect(closed.map((h) => [h.hourStart, h.attract['poster-bills']])).toEqual([[T0, { plays: 1, seconds: 10 }]]);
    expect(state).toMatchObject({ hourStart: T0 + HOUR_MS, counts: { attract: { 'poster-bills': { plays: 2, seconds: 15 } } } });
  });

  it('sends no record for an hour in which nothing happened', () => {
    expect(advance(openHour(T0), T0 + 5 * HOUR_MS).closed).toBeNull();
  });

  describe('a page cannot inflate the counts', () => {
    it('counts at most HOURLY_CAPS.sessions sessions in an hour, however many it reports', () => {
      const facts = Array.from({ length: 2000 }, (_, i) => [
        { at: T0 + i, fact: { kind: 'session-started' } as UsageFact },
        { at: T0 + i, fact: { kind: 'screen', screen: 'home' } as UsageFact },
        { at: T0 + i, fact: { kind: 'session-ended' } as UsageFact },
      ]).flat();
      const { closed } = run(facts, T0 + HOUR_MS);
      expect(closed[0]!.funnel).toEqual({ attract: HOURLY_CAPS.sessions, home: HOURLY_CAPS.sessions, service: 0, done: 0 });
      expect(closed[0]!.screens.home).toBe(2000);
    });

    it('shows no more than an hour of attract items in an hour', () => {
      const facts = Array.from({ length: 100 }, (_, i) => ({ at: T0 + i, fact: { kind: 'attract-played', item: `item-${i % 3}`, seconds: 600 } as UsageFact }));
      const { closed } = run(facts, T0 + HOUR_MS);
      const attract = Object.values(closed[0]!.attract);
      expect(attract.reduce((n, a) => n + a.seconds, 0)).toBe(3600);
      expect(attract.reduce((n, a) => n + a.plays, 0)).toBe(100);
    });

    it('completes a service only after the same session started it, and starts one only after home', () => {
      const { closed } = run(
        [
          { at: T0, fact: { kind: 'session-started' } },
          { at: T0 + 1, fact: { kind: 'service-started', service: 'bills' } },
          { at: T0 + 2, fact: { kind: 'service-completed', service: 'bills' } },
          { at: T0 + 3, fact: { kind: 'screen', screen: 'home' } },
          { at: T0 + 4, fact: { kind: 'service-completed', service: 'guides' } },
          { at: T0 + 5, fact: { kind: 'service-started', service: 'guides' } },
          { at: T0 + 6, fact: { kind: 'service-completed', service: 'guides' } },
          { at: T0 + 7, fact: { kind: 'service-completed', service: 'guides' } },
          { at: T0 + 8, fact: { kind: 'session-ended' } },
          // Outside a session a page has no screens to show.
          { at: T0 + 9, fact: { kind: 'screen', screen: 'bills' } },
        ],
        T0 + HOUR_MS,
      );
      expect(closed[0]).toMatchObject({ funnel: { attract: 1, home: 1, service: 1, done: 1 }, services: { guides: { started: 1, completed: 1 } }, screens: { home: 1 } });
      expect(closed[0]!.services.bills).toBeUndefined();
    });
  });

  it('refuses facts that name a person, text or an unknown screen', () => {
    for (const bad of [
      { kind: 'screen', screen: 'admin' },
      { kind: 'service-started', service: 'bills', account: '20481234' },
      { kind: 'language', lang: 'fr' },
      { kind: 'attract-played', item: 'Poster bills', seconds: 10 },
      { kind: 'attract-played', item: 'poster-bills', seconds: 601 },
      { kind: 'search', text: '张三' },
    ]) expect(UsageFact.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
