import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { defaultConfig } from '../../src/config.ts';
import type { AppConfig, ConfigOverrides } from '../../src/config.ts';
import type { AppServices } from '../../src/services.ts';
import { freshDatabaseLocation } from './database.ts';
import type { Dialect } from './database.ts';

export { DIALECTS, testDatabaseUrl } from './database.ts';
export type { Dialect } from './database.ts';

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

/** Builds the whole app on a fresh SQLite directory or a fresh PostgreSQL schema. */
export async function withApp(dialect: Dialect, opts: TestAppOptions = {}): Promise<TestApp> {
  const clock = opts.clock ?? opts.shareWith?.clock ?? new TestClock();
  const location = opts.shareWith ? undefined : freshDatabaseLocation(dialect);
  const { dataDir, databaseUrl, schema } = location ?? { ...opts.shareWith!.config, schema: opts.shareWith!.schema };
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
      await location?.remove();
    },
  };
}
