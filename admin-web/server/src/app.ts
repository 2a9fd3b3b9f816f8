import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { AuditLog } from './audit/audit-log.ts';
import type { AppConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { GroupCommit } from './db/group-commit.ts';
import { migrate } from './db/migrator.ts';
import { ApiError } from './errors.ts';
import { installBodyStreams } from './http/body-stream.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { registerRoutes } from './http/register.ts';
import type { AnyRoute } from './http/route.ts';
import { Metrics } from './metrics/metrics.ts';
import { routeModules } from './routes/index.ts';
import type { AppServices } from './services.ts';
import { StaffService } from './staff/staff-service.ts';
import { AlertBook } from './fleet/alerts.ts';
import { FleetMonitor } from './fleet/fleet-monitor.ts';
import { FleetRetention } from './fleet/retention.ts';
import { UsageIngest } from './usage/ingest.ts';
import { UsageRetention } from './usage/retention.ts';
import { USAGE_EVENT_TYPE } from '@civic-kiosk/protocol/usage';
import { HeartbeatStore } from './fleet/heartbeat-store.ts';
import { OperatingHoursBook } from './fleet/operating-hours.ts';
import { TerminalScreenshots } from './fleet/screenshots.ts';
import { TerminalEvents } from './fleet/terminal-events.ts';
import { WebhookOutbox } from './fleet/webhooks.ts';
import { CommandStore } from './push/command-store.ts';
import { createPersonalData } from './personal-data/services.ts';
import { CommandDispatcher } from './push/dispatcher.ts';
import { EmergencyBroadcasts } from './push/emergency-broadcasts.ts';
import { PushHub } from './push/push-hub.ts';
import { StaffEvents } from './push/staff-events.ts';
import { InlineSignatureVerifier, WorkerSignatureVerifier } from './terminals/signature-verifier.ts';
import { TerminalAuthenticator } from './terminals/terminal-auth.ts';
import { TerminalRegistry } from './terminals/terminal-registry.ts';
import { createGateway } from './gateway/back-offices.ts';
import { mailReadVouchers } from './gateway/mail-read-vouchers.ts';
import { PeriodicTask } from './periodic-task.ts';
import { PaymentService } from './transactions/payment-service.ts';
import { Reconciler } from './transactions/reconciliation.ts';
import { ContentFileStore } from './content/file-store.ts';
import { ContentReleases } from './content/release-service.ts';
import { ensureInitialRelease } from './content/seed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** Builds the district server: database and migrations, plugins, then every route module. */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  // First: an adapter nobody registered stops the server before it opens anything.
  const gateway = createGateway(config.gateway, config.now);
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, schema: config.databaseSchema });
  const closers: (() => Promise<void> | void)[] = [];
  app.addHook('onClose', async () => {
    for (const fn of closers.reverse()) await fn();
    await database.destroy();
  });
  try {
    await migrate(database.db, database.dialect);
  } catch (e) {
    await database.destroy();
    throw e;
  }
  gateway.simulators?.keepBillerBooksIn(database.db);

  // Every route Fastify serves, to check that none bypasses the route helper's auth.
  const served: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') served.push({ method, url: r.url });
  });
  await app.register(cookie);
  await installSecurityHeaders(app);
  installErrorHandling(app);
  // Keep the raw bytes of every body: terminal signatures cover them.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new ApiError('invalid-json', 400, 'The body is not valid JSON'), undefined);
    }
  });
  installBodyStreams(app);

  const metrics = new Metrics(config.processMetrics);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const { db, notifier } = database;
  const now = config.now;
  const onError = (err: unknown) => app.log.error({ err }, 'background task failed');
  const audit = new AuditLog(db, now);
  // Nonces and heartbeats of concurrent requests share commits.
  const commits = new GroupCommit(db);
  const signatures = config.terminals.verifySignaturesOffThread
    ? new WorkerSignatureVerifier({ onWorkerFailure: (err) => app.log.error({ err }, 'signature worker failed; checking signatures inline until it is back') })
    : new InlineSignatureVerifier();
  closers.push(() => signatures.close());
  const terminalAuth = new TerminalAuthenticator(db, commits, signatures, now, config.terminals.clockSkewMs);
  const terminals = new TerminalRegistry(db, audit, config);
  const heartbeats = new HeartbeatStore(db, commits, now, config.terminals);
  // Staff sessions are checked on the stream's keep-alives; `services` exists by then.
  const staffEvents = new StaffEvents(
    notifier,
    (id) => terminals.get(id).then((r) => terminals.view(r), () => undefined),
    (token) => services.staff.authenticate(token),
    onError,
  );
  const operatingHours = new OperatingHoursBook(db, audit, now);
  const webhooks = new WebhookOutbox(db, now, config.terminals.alertWebhooks);
  const alerts = new AlertBook(db, now, webhooks, audit, staffEvents);
  const commands = new CommandStore(db, audit, now);
  const screenshots = new TerminalScreenshots(db, audit, now);
  const push = new PushHub(db, notifier, commands, metrics, onError, (id) => terminalAuth.invalidate(id));
  const dispatcher = new CommandDispatcher(commands, push, config.terminals.commandTtlMs);
  const broadcasts = new EmergencyBroadcasts(db, terminals, dispatcher, staffEvents, now);
  const contentFiles = new ContentFileStore(db, now);
  const payments = new PaymentService(db, gateway.backOffices, audit, now, config.gateway.paymentTtlMs);
  // Usage records arrive as terminal events and share the nonces' and heartbeats' commits.
  const usage = new UsageIngest(commits, now, config.terminals);
  const personalData = await createPersonalData(db, config, alerts, () => gateway.backOffices.socialSecurity);
  const routes: AnyRoute[] = [];
  const services: AppServices = {
    config,
    database,
    db,
    now,
    log: app.log,
    audit,
    metrics,
    staff: new StaffService(db, audit, config),
    terminalAuth,
    terminals,
    heartbeats,
    terminalEvents: new TerminalEvents(db, now, config.terminals, { [USAGE_EVENT_TYPE]: (id, events) => usage.take(id, events) }),
    alerts,
    operatingHours,
    monitor: new FleetMonitor(config, terminals, alerts, webhooks, terminalAuth, operatingHours, staffEvents, broadcasts, onError),
    retention: new FleetRetention(db, now, config.terminals, onError, screenshots),
    screenshots,
    commands,
    dispatcher,
    push,
    broadcasts,
    staffEvents,
    gateway,
    payments,
    reconciler: new Reconciler(db, gateway.backOffices, payments, audit, now),
    contentFiles,
    releases: new ContentReleases(db, contentFiles, audit, now),
    personalData,
    usage,
    usageRetention: new UsageRetention(db, now, config.terminals, onError),
    mailVouchers: mailReadVouchers(personalData.hasher, now),
    onClose: (fn) => closers.push(fn),
    routes: () => routes,
    servedRoutes: () => served,
  };
  metrics.gauge('civic_terminals_online', 'Enrolled terminals whose heartbeats are current', async () => (await terminals.list()).filter((t) => t.status === 'online' || t.status === 'stuck').length);
  await push.start(config.terminals.pushKeepAliveMs, config.terminals.backgroundTimers);
  closers.push(() => push.stop());
  await staffEvents.start(config.terminals.pushKeepAliveMs, config.terminals.backgroundTimers);
  closers.push(() => staffEvents.stop());
  if (config.terminals.backgroundTimers) {
    services.monitor.start();
    closers.push(() => services.monitor.stop());
    // Payments left open for two minutes are advanced once a minute, so a crashed terminal
    // does not leave a paid order without its biller payment until the daily reconciliation.
    const sweep = new PeriodicTask(
      () => payments.sweep(2 * 60_000),
      (err) => app.log.warn({ err }, 'payment sweep failed'),
    );
    sweep.start(60_000);
    closers.push(() => sweep.stop());
    services.retention.start();
    closers.push(() => services.retention.stop());
    services.usageRetention.start();
    closers.push(() => services.usageRetention.stop());
  }
  // The signing key exists before any route can ask for it; a fresh database gets the default content.
  await services.releases.signingKey();
  if (await ensureInitialRelease(services.releases, config.contentSeedDir)) app.log.info('published the default content release');
  app.decorate('services', services);
  for (const module of routeModules) routes.push(...(await module(services)));
  registerRoutes(app, routes, services);
  await services.staff.ensureBootstrapAdmin();
  return app;
}
