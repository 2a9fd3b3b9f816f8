import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { defaultConfig } from '../../src/config.ts';
import type { AppConfig, ConfigOverrides } from '../../src/config.ts';
import type { AppServices } from '../../src/services.ts';

export type Dialect = 'sqlite' | 'postgres';
/** Every server test runs against both: `describe.each(DIALECTS)('... (%s)', (dialect) => ...)`. */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

/** A clock tests move by hand; it starts at the real time so signatures look current. */
export class TestClock {
  private t = Date.now();
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
  config: AppConfig;
  clock: TestClock;
  dialect: Dialect;
  /** The PostgreSQL schema (postgres only), to start a second instance on the same data. */
  schema?: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: ConfigOverrides;
  /** Share another app's database (second instance behind a load balancer). */
  shareWith?: TestApp;
  clock?: TestClock;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: the server suite runs against PostgreSQL too. Run `npm test`, or start one with scripts/lib/postgres.mjs and export TEST_DATABASE_URL.');
  }
  return url;
}

/** Builds the whole app on a fresh SQLite directory or a fresh PostgreSQL schema. */
export async function withApp(dialect: Dialect, opts: TestAppOptions = {}): Promise<TestApp> {
  const clock = opts.clock ?? opts.shareWith?.clock ?? new TestClock();
  const owned = !opts.shareWith;
  let dataDir: string;
  let schema: string | undefined;
  let databaseUrl: string | undefined;
  if (opts.shareWith) {
    dataDir = opts.shareWith.config.dataDir;
    schema = opts.shareWith.schema;
    databaseUrl = opts.shareWith.config.databaseUrl;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'civic-server-test-'));
    if (dialect === 'postgres') {
      databaseUrl = testDatabaseUrl();
      schema = `t_${randomBytes(6).toString('hex')}`;
    }
  }
  const config = defaultConfig({
    dataDir,
    databaseUrl,
    databaseSchema: schema,
    logLevel: 'silent',
    processMetrics: false,
    now: clock.now,
    bootstrapAdmin: TEST_ADMIN,
    print: () => undefined,
    ...opts.config,
    terminals: { backgroundTimers: false, ...opts.config?.terminals },
  });
  const app = await buildApp(config);
  return {
    app,
    services: app.services,
    config,
    clock,
    dialect,
    schema,
    inject: (o) => app.inject(o),
    async close() {
      await app.close();
      if (!owned) return;
      if (schema && databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
