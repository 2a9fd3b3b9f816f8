import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { AuditLog } from './audit/audit-log.ts';
import type { AppConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { ApiError } from './errors.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { registerRoutes } from './http/register.ts';
import type { AnyRoute } from './http/route.ts';
import { Metrics } from './metrics/metrics.ts';
import { routeModules } from './routes/index.ts';
import type { AppServices } from './services.ts';
import { StaffService } from './staff/staff-service.ts';
import { TerminalAuthenticator } from './terminals/terminal-auth.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** Builds the district server: database and migrations, plugins, then every route module. */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
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

  await app.register(cookie);
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
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, body);
  });

  const metrics = new Metrics(config.processMetrics);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const audit = new AuditLog(database.db, config.now);
  const routes: AnyRoute[] = [];
  const services: AppServices = {
    config,
    database,
    db: database.db,
    now: config.now,
    log: app.log,
    audit,
    metrics,
    staff: new StaffService(database.db, audit, config),
    terminalAuth: new TerminalAuthenticator(database.db, config.now, config.terminals.clockSkewMs),
    onClose: (fn) => closers.push(fn),
    routes: () => routes,
  };
  app.decorate('services', services);
  for (const module of routeModules) routes.push(...(await module(services)));
  registerRoutes(app, routes, services);
  await services.staff.ensureBootstrapAdmin();
  return app;
}
