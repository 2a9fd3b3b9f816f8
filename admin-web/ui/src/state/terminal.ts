/**
 * One terminal as its detail view shows it: the terminal, its heartbeat history, events,
 * alerts, commands and screenshots, loaded together and refreshed while the view is open: at
 * once on a live event about it, and on a timer besides (more often while a command awaits
 * its acknowledgement, whose screenshot arrives without an event). What a role may not read (alerts
 * for content editors, screenshots for read-only roles) is not asked for.
 */
import { signal } from '@preact/signals';
import type { CommandView, ScreenshotView, TerminalEventList, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { AlertView } from '@civic-kiosk/protocol/staff-live';
import type { CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import type { ApiClient } from '../api/client.ts';
import type { HeartbeatRecord } from './terminal-history.ts';

/** Heartbeats the chart and the device timeline cover (at the default 30 s interval: about 100 minutes). */
export const HISTORY_SIZE = 200;
const EVENTS_SIZE = 50;
const COMMANDS_SIZE = 30;
const REFRESH_MS = 10_000;
/** While a command awaits its acknowledgement. */
const AWAITING_MS = 1_500;

export interface TerminalReads {
  alerts: boolean;
  screenshots: boolean;
}

export function createTerminalDetail(api: ApiClient, terminalId: string, reads: TerminalReads) {
  const view = signal<TerminalView | undefined>(undefined);
  const heartbeats = signal<readonly HeartbeatRecord[]>([]);
  const events = signal<TerminalEventList['events']>([]);
  const alerts = signal<readonly AlertView[]>([]);
  const commands = signal<readonly CommandView[]>([]);
  const screenshots = signal<readonly ScreenshotView[]>([]);
  const error = signal<string | undefined>(undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** Loads overlap (an event during a timed refresh): an answer older than the one shown is dropped. */
  let started = 0;
  let shown = 0;

  const awaiting = () => commands.value.some((c) => c.status === 'pending' || c.status === 'delivered');

  async function load(): Promise<void> {
    const mine = ++started;
    try {
      const [v, h, e, a, c, s] = await Promise.all([
        api.terminal(terminalId),
        api.heartbeats(terminalId, HISTORY_SIZE),
        api.terminalEvents(terminalId, EVENTS_SIZE),
        reads.alerts ? api.terminalAlerts(terminalId) : undefined,
        api.commands(terminalId, COMMANDS_SIZE),
        reads.screenshots ? api.screenshots(terminalId) : undefined,
      ]);
      if (stopped || mine < shown) return;
      shown = mine;
      view.value = v;
      heartbeats.value = h.heartbeats;
      events.value = e.events;
      alerts.value = a?.alerts ?? [];
      commands.value = c.commands;
      screenshots.value = s?.screenshots ?? [];
      error.value = undefined;
    } catch (e) {
      if (!stopped && mine >= shown) error.value = (e as Error).message;
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void load().then(schedule), awaiting() ? AWAITING_MS : REFRESH_MS);
  }

  return {
    terminalId,
    view,
    heartbeats,
    events,
    alerts,
    commands,
    screenshots,
    error,
    start(): void {
      void load().then(schedule);
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
    /** Loads everything now (a live event said this terminal changed). */
    refresh(): void {
      void load().then(schedule);
    },
    /** Sends a command; the history shows it at once and follows its acknowledgement. */
    async send(command: CommandSpec): Promise<void> {
      await api.sendCommand(terminalId, command);
      await load();
      schedule();
    },
  };
}

export type TerminalDetail = ReturnType<typeof createTerminalDetail>;
