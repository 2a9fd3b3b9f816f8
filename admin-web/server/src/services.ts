import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditLog } from './audit/audit-log.ts';
import type { AppConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { AnyRoute } from './http/route.ts';
import type { Metrics } from './metrics/metrics.ts';
import type { StaffService } from './staff/staff-service.ts';
import type { AlertBook } from './fleet/alerts.ts';
import type { FleetMonitor } from './fleet/fleet-monitor.ts';
import type { HeartbeatStore } from './fleet/heartbeat-store.ts';
import type { TerminalEvents } from './fleet/terminal-events.ts';
import type { CommandStore } from './push/command-store.ts';
import type { CommandDispatcher } from './push/dispatcher.ts';
import type { EmergencyBroadcasts } from './push/emergency-broadcasts.ts';
import type { PushHub } from './push/push-hub.ts';
import type { TerminalAuthenticator } from './terminals/terminal-auth.ts';
import type { TerminalRegistry } from './terminals/terminal-registry.ts';

/**
 * What route modules and feature services are built from. Created once per app in app.ts;
 * features that need more add it here.
 */
export interface AppServices {
  config: AppConfig;
  database: DatabaseHandle;
  db: Kysely<Database>;
  now: () => number;
  log: FastifyBaseLogger;
  audit: AuditLog;
  metrics: Metrics;
  staff: StaffService;
  terminalAuth: TerminalAuthenticator;
  terminals: TerminalRegistry;
  heartbeats: HeartbeatStore;
  terminalEvents: TerminalEvents;
  alerts: AlertBook;
  monitor: FleetMonitor;
  commands: CommandStore;
  /** Send a command to terminals (e.g. collect-content after a release is published). */
  dispatcher: CommandDispatcher;
  push: PushHub;
  broadcasts: EmergencyBroadcasts;
  /** Runs `fn` when the app closes (timers, connections). */
  onClose(fn: () => Promise<void> | void): void;
  /** The routes of the whole app, for the OpenAPI document. */
  routes(): readonly AnyRoute[];
  /** Every method and URL Fastify serves (from its onRoute hook). */
  servedRoutes(): readonly { method: string; url: string }[];
}

/** A feature's routes; listed once in routes/index.ts. */
export type RouteModule = (services: AppServices) => AnyRoute[] | Promise<AnyRoute[]>;
