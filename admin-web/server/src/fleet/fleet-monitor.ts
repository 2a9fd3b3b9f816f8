import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { AppConfig } from '../config.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import type { TerminalAuthenticator } from '../terminals/terminal-auth.ts';
import type { EmergencyBroadcasts } from '../push/emergency-broadcasts.ts';
import type { StaffEvents } from '../push/staff-events.ts';
import type { AlertBook, Condition } from './alerts.ts';
import type { OperatingHoursBook } from './operating-hours.ts';
import type { WebhookOutbox } from './webhooks.ts';
import { PeriodicTask } from '../periodic-task.ts';
import { HOLDER_LIMIT_ALERT_KEY } from '../personal-data/holder-sessions.ts';

const DEVICE_FAULT = 'device-fault:';

/** Conditions worth an alert for one terminal, from its derived status and last heartbeat. */
export function conditionsOf(status: string, heartbeat: HeartbeatRequest | null, screenSince: number | null): Condition[] {
  if (status === 'down') return [{ kind: 'down', key: 'down', details: {} }];
  const out: Condition[] = [];
  if (status === 'stuck') out.push({ kind: 'stuck', key: 'stuck', details: { screen: heartbeat?.screen ?? null, since: screenSince } });
  for (const [device, health] of Object.entries(heartbeat?.devices ?? {})) {
    if (health?.state === 'absent') out.push({ kind: 'device-fault', key: `${DEVICE_FAULT}${device}`, details: { device, reasons: health.reasons } });
  }
  return out;
}

/**
 * Periodic fleet work: derive down and stuck terminals and device faults, reconcile alerts
 * (a down alert waits while its group is outside its operating hours), tell open consoles of
 * status changes time alone made, end expired broadcasts, deliver webhooks, trim spent nonces
 * (history retention is FleetRetention's). Tests call `tick()` directly.
 */
export class FleetMonitor {
  private readonly task: PeriodicTask;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: TerminalRegistry,
    private readonly alerts: AlertBook,
    private readonly webhooks: WebhookOutbox,
    private readonly terminalAuth: TerminalAuthenticator,
    private readonly hours: OperatingHoursBook,
    private readonly staffEvents: StaffEvents,
    private readonly broadcasts: EmergencyBroadcasts,
    onError: (err: unknown) => void,
  ) {
    this.task = new PeriodicTask(() => this.tick(), onError);
  }

  start(): void {
    this.task.start(Math.max(1_000, Math.min(10_000, Math.floor(this.config.terminals.heartbeatIntervalMs / 2))));
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async tick(): Promise<void> {
    await this.evaluate();
    await this.broadcasts.endExpired();
    await this.webhooks.deliverDue();
    await this.terminalAuth.pruneNonces();
  }

  async evaluate(): Promise<void> {
    const terminals = await this.registry.list();
    // Consoles first: reconciling the alerts of a large fleet takes a while.
    this.staffEvents.observe(terminals);
    const closed = await this.hours.closedGroups();
    for (const t of terminals) {
      if (t.status === 'pending') continue;
      if (t.status === 'revoked') {
        await this.alerts.reconcile(t.id, [], () => true);
        continue;
      }
      // Outside its group's hours a down terminal raises nothing yet; one already raised stays open.
      const waiting = t.status === 'down' && closed.has(t.group);
      const present = waiting ? [] : conditionsOf(t.status, t.heartbeat, t.screenSince);
      // While down the last heartbeat is stale: keep device alerts as they were. Holder-limit
      // alerts are not the monitor's: holder sessions open and resolve them.
      await this.alerts.reconcile(t.id, present, (key) => key !== HOLDER_LIMIT_ALERT_KEY && (t.status !== 'down' || (!key.startsWith(DEVICE_FAULT) && !waiting)));
    }
  }
}
