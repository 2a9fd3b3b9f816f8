import { STAFF_EVENTS_PATH, StaffEvent } from '@civic-kiosk/protocol/staff-live';
import type { StaffClient } from './staff.ts';
import { PushStream } from './terminal.ts';

/** Opens the staff event stream over real HTTP with a staff member's session cookie. */
export async function openStaffEvents(baseUrl: string, staff: Pick<StaffClient, 'cookie'>, lastEventId?: string): Promise<PushStream> {
  const controller = new AbortController();
  const res = await fetch(baseUrl + STAFF_EVENTS_PATH, { headers: { cookie: staff.cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`staff event stream refused: ${res.status} ${await res.text()}`);
  return new PushStream(res.body, controller);
}

/** The stream's events so far, checked against the contract. */
export const staffEvents = (stream: PushStream): StaffEvent[] => stream.events.map((e) => StaffEvent.parse(JSON.parse(e.data)));

type Of<K extends StaffEvent['type']> = Extract<StaffEvent, { type: K }>;

/** The events of one type so far. */
export const eventsOf = <K extends StaffEvent['type']>(stream: PushStream, type: K): Of<K>[] => staffEvents(stream).filter((e): e is Of<K> => e.type === type);

/** Waits until an event of the type satisfying `match` has arrived; returns the first such. */
export async function nextStaffEvent<K extends StaffEvent['type']>(stream: PushStream, type: K, match: (e: Of<K>) => boolean = () => true): Promise<Of<K>> {
  await stream.waitForEvents(() => eventsOf(stream, type).some(match));
  return eventsOf(stream, type).find(match)!;
}
