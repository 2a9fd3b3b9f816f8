/**
 * The console's one subscription to the staff event stream: one EventSource while someone is
 * logged in. Views register for the events they show and update in place; a `resync` (or a
 * connection made afresh, which cannot resume) tells them to reload. The open-alert count
 * for the navigation lives here.
 */
import { signal } from '@preact/signals';
import { FLEET_WATCHERS, STAFF_EVENT_AUDIENCE, STAFF_EVENTS_PATH, StaffEvent } from '@civic-kiosk/protocol/staff-live';
import { hasRole } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import type { ApiClient } from '../api/client.ts';
import { EventsDuringLoad } from './events-during-load.ts';

export type LiveState = 'off' | 'connecting' | 'open' | 'reconnecting';
type Listener = (event: StaffEvent) => void;

/** Wait before opening a new stream after the browser gave up on one. */
const REOPEN_MS = 3_000;

export const canWatchFleet = (role: StaffRole): boolean => hasRole(FLEET_WATCHERS, role);

export function createLive(api: ApiClient) {
  const state = signal<LiveState>('off');
  /** Open alerts in the whole fleet; undefined for a role that does not see alerts. */
  const openAlerts = signal<number | undefined>(undefined);
  const listeners = new Set<Listener>();
  let source: EventSource | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  let role: StaffRole | undefined;

  /** Alert events during a count: their counts are newer than its answer. */
  const alertsDuringCount = new EventsDuringLoad<number>();

  function dispatch(event: StaffEvent): void {
    if (event.type === 'alert') {
      openAlerts.value = event.open;
      alertsDuringCount.record(event.open);
    }
    if (event.type === 'resync') void countAlerts();
    for (const l of listeners) l(event);
  }

  async function countAlerts(): Promise<void> {
    if (!role || !canWatchFleet(role)) return;
    const since = alertsDuringCount.begin();
    const result = await api.alerts(true, 1).catch(() => undefined);
    if (since().length === 0 && result) openAlerts.value = result.open;
  }

  function open(): void {
    const s = new EventSource(STAFF_EVENTS_PATH);
    // A new EventSource has no Last-Event-ID to resume from: once it opens, what happened
    // before (since the views loaded, or while the last one was away) is reloaded. The
    // browser's own reconnects of this source resume instead.
    let fresh = true;
    source = s;
    state.value = 'connecting';
    s.onopen = () => {
      state.value = 'open';
      if (fresh) dispatch({ type: 'resync' });
      fresh = false;
    };
    s.onerror = () => {
      if (s.readyState !== EventSource.CLOSED) {
        state.value = 'reconnecting';
        return;
      }
      // Refused (the session ended, or the server is away): the session check ends a dead
      // session; otherwise try again shortly.
      state.value = 'reconnecting';
      s.close();
      void api.me().then(
        () => schedule(),
        () => schedule(),
      );
    };
    for (const type of Object.keys(STAFF_EVENT_AUDIENCE)) {
      s.addEventListener(type, (m) => {
        const parsed = StaffEvent.safeParse(JSON.parse((m as MessageEvent<string>).data));
        if (parsed.success) dispatch(parsed.data);
      });
    }
  }

  function schedule(): void {
    if (!role) return;
    clearTimeout(reopen);
    reopen = setTimeout(() => role && open(), REOPEN_MS);
  }

  function disconnect(): void {
    role = undefined;
    clearTimeout(reopen);
    source?.close();
    source = undefined;
    state.value = 'off';
    openAlerts.value = undefined;
  }

  return {
    state,
    openAlerts,
    /** Calls `fn` for every event; returns the unsubscribe (a useEffect cleanup). */
    on(fn: Listener): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    connect(as: StaffRole): void {
      disconnect();
      role = as;
      open();
      void countAlerts();
    },
    disconnect,
  };
}

export type Live = ReturnType<typeof createLive>;
