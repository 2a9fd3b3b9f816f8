import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { HOUR_MS, USAGE_EVENT_TYPE, usageEventDetail, UsageHour } from '@civic-kiosk/protocol/usage';
import type { TestTerminal } from '../support/terminal.ts';

/** The start of the UTC hour `hoursAgo` hours before `now`. */
export const hourBefore = (now: number, hoursAgo = 1): number => Math.floor(now / HOUR_MS) * HOUR_MS - hoursAgo * HOUR_MS;

type Counts = Omit<Partial<UsageHour>, 'funnel'> & { funnel?: Partial<UsageHour['funnel']> };

/** An hour's record: empty unless given, checked by the protocol schema. */
export function usageHour(hourStart: number, counts: Counts = {}): UsageHour {
  const { funnel, ...rest } = counts;
  return UsageHour.parse({
    hourStart,
    revision: 0,
    screens: {},
    services: {},
    languages: {},
    elderlySessions: 0,
    attract: {},
    ...rest,
    funnel: { attract: 0, home: 0, service: 0, done: 0, ...funnel },
  });
}

/** The events a kiosk's outbox would send for these hours (ids made on the terminal). */
export const usageEvents = (hours: readonly UsageHour[], at: number) => hours.map((h) => ({ id: randomUUID(), type: USAGE_EVENT_TYPE, at, detail: usageEventDetail(h) }));

export function sendEvents(kiosk: TestTerminal, events: readonly object[]): Promise<LightMyRequestResponse> {
  return kiosk.request('POST', TerminalApiPaths.events, { events });
}
