import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabaseLocation } from './support/database.ts';

const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe.each(DIALECTS)('main.ts as a spawned process (%s)', (dialect) => {
  it('serves /healthz, metrics only on the metrics listener, prints the one-time admin password on first start, and exits 0 on SIGTERM', { timeout: 120_000 }, async () => {
    const location = freshDatabaseLocation(dialect);
    const port = await freePort();
    const metricsPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      DATA_DIR: location.dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: '',
      ADMIN_PASSWORD: '',
    };
    if (location.databaseUrl) Object.assign(env, { DATABASE_URL: location.databaseUrl, DATABASE_SCHEMA: location.schema });
    else delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let health: unknown;
      for (let i = 0; i < 300 && health === undefined; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          if (res.ok) health = await res.json();
        } catch {
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      expect(health).toEqual({ status: 'ok', database: dialect });
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/civic_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
      expect(out).toMatch(/one-time password: \S+/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await location.remove();
    }
  });
});
