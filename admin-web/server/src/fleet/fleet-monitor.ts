import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { AppConfig } from '../config.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import type { TerminalAuthenticator } from '../terminals/terminal-auth.ts';
import type { AlertBook, Condition } from './alerts.ts';
import type { HeartbeatStore } from './heartbeat-store.ts';
import type { WebhookOutbox } from './webhooks.ts';
import { PeriodicTask } from '../periodic-task.ts';

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
 * Periodic fleet work: derive down and stuck terminals and device faults, reconcile alerts,
 * deliver webhooks, trim heartbeat history and spent nonces. Tests call `tick()` directly.
 */
export class FleetMonitor {
  private readonly task: PeriodicTask;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: TerminalRegistry,
    private readonly alerts: AlertBook,
    private readonly webhooks: WebhookOutbox,
    private readonly heartbeats: HeartbeatStore,
    private readonly terminalAuth: TerminalAuthenticator,
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
    await this.webhooks.deliverDue();
    await this.heartbeats.prune(this.config.terminals.heartbeatHistoryPerTerminal);
    await this.terminalAuth.pruneNonces();
  }

  async evaluate(): Promise<void> {
    for (const t of await this.registry.list()) {
      if (t.status === 'pending') continue;
      if (t.status === 'revoked') {
        await this.alerts.reconcile(t.id, [], () => true);
        continue;
      }
      const present = conditionsOf(t.status, t.heartbeat, t.screenSince);
      // While down the last heartbeat is stale: keep device alerts as they were.
      await this.alerts.reconcile(t.id, present, (key) => t.status !== 'down' || !key.startsWith(DEVICE_FAULT));
    }
  }
}
