import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { buildMetricsServer } from './metrics/metrics-server.ts';

/**
 * Entry point: `tsx admin-web/server/src/main.ts`. Reads the environment, listens (the API on
 * HOST:PORT, Prometheus metrics on METRICS_HOST:METRICS_PORT), and shuts down cleanly on
 * SIGINT/SIGTERM (or when the parent that spawned it goes away).
 */
async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await buildApp(config);
  const metrics = buildMetricsServer(app.services.metrics, config.metrics.token);
  app.addHook('onClose', () => metrics.close());
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Spawned with an IPC channel: leave with the parent.
  process.on('disconnect', () => shutdown('disconnect'));
  const metricsUrl = await metrics.listen({ host: config.metrics.host, port: config.metrics.port });
  app.log.info(`Prometheus metrics at ${metricsUrl}/metrics${config.metrics.token ? ' (bearer token)' : ''}`);
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  console.error(`district server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
