/**
 * Usage statistics at fleet scale, on SQLite with 10,000 terminals:
 *   - ingest: one day of hourly records from every terminal (240,000 usage-hour events), each
 *     delivered as the events route delivers it (`terminalEvents.store`: quota, parse, the
 *     exactly-once upsert, daily totals), every terminal's hour at once as at the top of an
 *     hour. Signature checks and HTTP are left out (bench/server-heartbeat.ts measures those).
 *     One day per round; target <= 60 s per day.
 *   - the funnel report over 30 days of daily totals of all 10,000 terminals (seeded straight
 *     into the daily tables: 300,000 terminal-days and their per-service rows), through
 *     `GET /api/usage/funnel` as an admin: all terminals, one group, one service, one terminal;
 *     median of several runs after a warm-up. Target <= 500 ms.
 *
 *   npx tsx bench/usage.ts
 *   USAGE_BENCH_DAYS=1 npx tsx bench/usage.ts   # ingest rounds (days), default 3
 */
import { cpus, loadavg } from 'node:os';
import { shanghaiDay } from '../protocol/src/common/china-time.ts';
import { HOUR_MS, USAGE_EVENT_TYPE, UsageApiPaths, usageEventDetail, UsageHour } from '../protocol/src/common/usage.ts';
import { statementSlices } from '../admin-web/server/src/db/statement-slices.ts';
import { TEST_ADMIN, withApp } from '../admin-web/server/test/support/app.ts';
import { seedFleet } from '../admin-web/server/test/support/fleet.ts';
import { loginStaff } from '../admin-web/server/test/support/staff.ts';
import { median } from './stats.ts';

const FLEET = 10_000;
const DAYS = Number(process.env.USAGE_BENCH_DAYS ?? 3);
if (!Number.isInteger(DAYS) || DAYS < 1) throw new Error('USAGE_BENCH_DAYS must be a positive integer');
const REPORT_DAYS = 30;
const RUNS = 9;
const INGEST_TARGET_S = 60;
const FUNNEL_TARGET_MS = 500;
const DAY_MS = 24 * HOUR_MS;

const SERVICES = ['bills', 'social-security', 'residence-permit', 'mailbox', 'guides', 'disclosure', 'hotlines', 'notices'];
const SCREENS = ['home', ...SERVICES, 'guide', 'notice', 'map'];
const ITEMS = ['flu-jab', 'tax-help', 'pension-day', 'fraud-warning', 'library-week', 'heat-advice'];

/** A small deterministic generator, so every run ingests the same records. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One terminal's plausible hour: busier in office hours (China time), every kind of count filled. */
function hourRecord(hourStart: number, rnd: () => number): UsageHour {
  const local = new Date(hourStart + 8 * HOUR_MS).getUTCHours();
  const busy = local >= 8 && local < 18 ? 1 : 0.1;
  const attract = Math.floor(rnd() * 20 * busy);
  const home = Math.floor(attract * (0.7 + 0.3 * rnd()));
  const service = Math.floor(home * (0.5 + 0.4 * rnd()));
  const done = Math.floor(service * (0.6 + 0.4 * rnd()));
  const services: UsageHour['services'] = {};
  let left = service;
  for (const id of SERVICES) {
    if (left === 0) break;
    const started = Math.max(1, Math.floor(left * rnd()));
    left -= Math.min(left, started);
    services[id] = { started, completed: Math.floor(started * rnd()) };
  }
  const screens = Object.fromEntries(SCREENS.filter(() => rnd() < 0.6).map((id) => [id, 1 + Math.floor(rnd() * 10)]));
  const attractItems = Object.fromEntries(ITEMS.map((id) => [id, { plays: 5 + Math.floor(rnd() * 5), seconds: Math.floor(rnd() * 500) }]));
  const en = Math.floor(attract * 0.1);
  return UsageHour.parse({
    hourStart,
    revision: 0,
    funnel: { attract, home, service, done },
    screens,
    services,
    languages: { 'zh-CN': attract - en, en },
    elderlySessions: Math.floor(attract * 0.2),
    attract: attractItems,
  });
}

const t = await withApp('sqlite', { config: { bootstrapAdmin: TEST_ADMIN } });
try {
  await seedFleet(t, FLEET);
  const ids = (await t.services.db.selectFrom('terminals').select(['id', 'group_name']).orderBy('id').execute()).map((r) => r.id);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; SQLite, ${FLEET} terminals`);

  // ---- ingest: one day of hourly records per round ----
  const dayStarts = Array.from({ length: DAYS }, (_, r) => Date.parse(`${shanghaiDay(t.clock.now() - (r + 2) * DAY_MS)}T00:00:00+08:00`));
  const seconds: number[] = [];
  // CPU time of this process (server code, one thread; plus SQLite's, which runs on it too):
  // what the ingest costs whatever else the machine is running.
  const cpuSeconds: number[] = [];
  let stored = 0;
  for (const [round, start] of dayStarts.entries()) {
    const rnd = random(round + 1);
    // Records are built before the clock starts: the terminals make them, not the server.
    const hours = Array.from({ length: 24 }, (_, h) =>
      ids.map((id) => {
        const detail = usageEventDetail(hourRecord(start + h * HOUR_MS, rnd));
        const event = { id: `${id}-${start + h * HOUR_MS}`, type: USAGE_EVENT_TYPE, at: start + (h + 1) * HOUR_MS, detail };
        return { id, event, bytes: JSON.stringify({ events: [event] }).length };
      }),
    );
    const began = performance.now();
    const cpu = process.cpuUsage();
    for (const hour of hours) {
      const counts = await Promise.all(hour.map((d) => t.services.terminalEvents.store(d.id, [d.event], d.bytes)));
      stored += counts.reduce((a, b) => a + b, 0);
    }
    seconds.push((performance.now() - began) / 1000);
    const used = process.cpuUsage(cpu);
    cpuSeconds.push((used.user + used.system) / 1e6);
    console.log(`ingest day ${round + 1} (${shanghaiDay(start)}): ${seconds.at(-1)!.toFixed(1)} s for ${24 * FLEET} hourly records, ${((24 * FLEET) / seconds.at(-1)!).toFixed(0)}/s; CPU ${cpuSeconds.at(-1)!.toFixed(1)} s`);
  }
  if (stored !== DAYS * 24 * FLEET) throw new Error(`stored ${stored} hourly records, expected ${DAYS * 24 * FLEET}`);
  const ingest = median(seconds);
  console.log(`ingest, one day of ${FLEET} terminals:  median ${ingest.toFixed(1)} s over ${DAYS} day(s) (CPU ${median(cpuSeconds).toFixed(1)} s), ${(ingest / INGEST_TARGET_S).toFixed(2)} of the ${INGEST_TARGET_S} s target: ${ingest <= INGEST_TARGET_S ? 'met' : 'NOT met on this run'}`);

  // ---- 30 days of daily totals, seeded as ingest would leave them ----
  const firstDay = Date.parse(shanghaiDay(t.clock.now() - 60 * DAY_MS));
  const days = Array.from({ length: REPORT_DAYS }, (_, i) => new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10));
  const rnd = random(99);
  const seedStarted = performance.now();
  let serviceRows = 0;
  await t.services.db.transaction().execute(async (trx) => {
    for (const day of days) {
      const dayRows = [];
      const svcRows = [];
      for (const terminal_id of ids) {
        const attract = 50 + Math.floor(rnd() * 150);
        const home = Math.floor(attract * 0.85);
        const service = Math.floor(home * 0.7);
        const done = Math.floor(service * 0.8);
        dayRows.push({ day, terminal_id, attract, home, service, done, elderly: Math.floor(attract * 0.2) });
        for (const s of SERVICES) {
          const started = Math.floor(rnd() * 30);
          if (started > 0) svcRows.push({ day, terminal_id, service: s, started, completed: Math.floor(started * 0.8) });
        }
      }
      for (const slice of statementSlices(dayRows)) await trx.insertInto('usage_days').values(slice).execute();
      for (const slice of statementSlices(svcRows)) await trx.insertInto('usage_day_services').values(slice).execute();
      serviceRows += svcRows.length;
    }
  });
  console.log(`seeded ${REPORT_DAYS} days x ${FLEET} terminals: ${REPORT_DAYS * FLEET} terminal-days, ${serviceRows} terminal-day-service rows in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  // ---- the funnel over those 30 days ----
  const admin = await loginStaff(t, 'admin', TEST_ADMIN.username);
  const range = `from=${days[0]}&to=${days.at(-1)}`;
  const variants = {
    'all terminals': range,
    'one group (5,000)': `${range}&group=xuhui`,
    'one service': `${range}&service=bills`,
    'one group, one service': `${range}&group=minhang&service=guides`,
    'one terminal': `${range}&terminal=${ids[4242]}`,
  };
  const medians: number[] = [];
  for (const [label, query] of Object.entries(variants)) {
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const began = performance.now();
      const res = await admin.request('GET', `${UsageApiPaths.funnel}?${query}`);
      const ms = performance.now() - began;
      if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
      if (i > 0) times.push(ms);
      if (i === 0 && label === 'all terminals') console.log(`funnel over ${REPORT_DAYS} days (all): ${res.json().steps.map((s: { step: string; sessions: number }) => `${s.step} ${s.sessions}`).join(', ')}`);
    }
    medians.push(median(times));
    console.log(`funnel, ${REPORT_DAYS} days, ${label.padEnd(24)} median ${median(times).toFixed(0)} ms of ${RUNS} (max ${Math.max(...times).toFixed(0)})`);
  }
  const worst = Math.max(...medians);
  console.log(`funnel, slowest median:               ${worst.toFixed(0)} ms, ${(worst / FUNNEL_TARGET_MS).toFixed(2)} of the ${FUNNEL_TARGET_MS} ms target: ${worst <= FUNNEL_TARGET_MS ? 'met' : 'NOT met on this run'}`);
} finally {
  await t.close();
}
