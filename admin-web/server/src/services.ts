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
import type { FleetRetention } from './fleet/retention.ts';
import type { HeartbeatStore } from './fleet/heartbeat-store.ts';
import type { OperatingHoursBook } from './fleet/operating-hours.ts';
import type { TerminalScreenshots } from './fleet/screenshots.ts';
import type { TerminalEvents } from './fleet/terminal-events.ts';
import type { CommandStore } from './push/command-store.ts';
import type { CommandDispatcher } from './push/dispatcher.ts';
import type { EmergencyBroadcasts } from './push/emergency-broadcasts.ts';
import type { PushHub } from './push/push-hub.ts';
import type { StaffEvents } from './push/staff-events.ts';
import type { PersonalData } from './personal-data/services.ts';
import type { TerminalAuthenticator } from './terminals/terminal-auth.ts';
import type { TerminalRegistry } from './terminals/terminal-registry.ts';
import type { Gateway } from './gateway/back-offices.ts';
import type { MailReadVouchers } from './gateway/mail-read-vouchers.ts';
import type { PaymentService } from './transactions/payment-service.ts';
import type { Reconciler } from './transactions/reconciliation.ts';
import type { ContentFileStore } from './content/file-store.ts';
import type { ContentReleases } from './content/release-service.ts';
import type { UsageIngest } from './usage/ingest.ts';
import type { UsageRetention } from './usage/retention.ts';

/**
 * Every service of the app, built once in app.ts (the one composition root) from the config;
 * route modules only map HTTP to these. Features that need more add it here and in app.ts.
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
  /** Operating hours per terminal group: down alerts wait outside them. */
  operatingHours: OperatingHoursBook;
  monitor: FleetMonitor;
  /** Deletes old terminal events and heartbeat history (tests call `prune()`). */
  retention: FleetRetention;
  /** Screenshots terminals took for staff (a few per terminal, a day each, views audited). */
  screenshots: TerminalScreenshots;
  commands: CommandStore;
  /** Send a command to terminals (e.g. collect-content after a release is published). */
  dispatcher: CommandDispatcher;
  push: PushHub;
  broadcasts: EmergencyBroadcasts;
  /** The staff event stream open consoles listen to (status, alerts, acknowledgements). */
  staffEvents: StaffEvents;
  /** The back offices (billers, payments, social security, permits, mailbox) and their simulators. */
  gateway: Gateway;
  payments: PaymentService;
  reconciler: Reconciler;
  /** Seals and opens the read vouchers of a terminal's offline mailbox copy. */
  mailVouchers: MailReadVouchers;
  /** Content files by hash (uploads stream into it). */
  contentFiles: ContentFileStore;
  /** Content drafts and signed releases. */
  releases: ContentReleases;
  /** Holder sessions, the personal-data access log, contribution statements. */
  personalData: PersonalData;
  /** Terminals' hourly usage records, stored once and rolled into daily totals. */
  usage: UsageIngest;
  /** Deletes hourly usage records past their days (tests call `prune()`). */
  usageRetention: UsageRetention;
  /** Runs `fn` when the app closes (timers, connections). */
  onClose(fn: () => Promise<void> | void): void;
  /** The routes of the whole app, for the OpenAPI document. */
  routes(): readonly AnyRoute[];
  /** Every method and URL Fastify serves (from its onRoute hook). */
  servedRoutes(): readonly { method: string; url: string }[];
}

/** A feature's routes; listed once in routes/index.ts. */
export type RouteModule = (services: AppServices) => AnyRoute[] | Promise<AnyRoute[]>;
