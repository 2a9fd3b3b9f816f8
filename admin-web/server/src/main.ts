import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';

/**
 * Entry point: `tsx admin-web/server/src/main.ts`. Reads the environment, listens, and shuts
 * down cleanly on SIGINT/SIGTERM (or when the parent that spawned it goes away).
 */
async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await buildApp(config);
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
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  console.error(`district server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
