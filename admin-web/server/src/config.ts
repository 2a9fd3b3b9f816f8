import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Everything the server is configured with. Tests build it directly; main.ts reads the env. */
export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Absent: SQLite file in dataDir. `postgres://...`: PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests use a fresh one each); default `public`. */
  databaseSchema?: string;
  /** Set the Secure flag on cookies (behind https). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  bodyLimitBytes: number;
  /** Pino log level; 'silent' in tests. */
  logLevel: string;
  /** Collect Node process metrics (off in tests: they are per process, not per app). */
  processMetrics: boolean;
  /** The server's clock; injectable for tests. */
  now: () => number;
  bootstrapAdmin?: { username: string; password: string };
  /** Public base URL terminals use, put into enrolment QR payloads. */
  publicUrl: string;
  terminals: {
    heartbeatIntervalMs: number;
    /** Missed heartbeats before a terminal counts as down. */
    missedHeartbeatsForDown: number;
    /** How long the same non-idle screen may last before a terminal counts as stuck. */
    stuckAfterMs: number;
    clockSkewMs: number;
    enrolmentCodeTtlMs: number;
    heartbeatHistoryPerTerminal: number;
    commandTtlMs: number;
    /** Webhook URLs that receive alerts (JSON POST). */
    alertWebhooks: string[];
    /** Run the fleet monitor and webhook delivery on timers (tests drive them by hand). */
    backgroundTimers: boolean;
    /** Milliseconds between SSE keep-alive comments. */
    pushKeepAliveMs: number;
    /** Check Ed25519 signatures on a worker thread (default when there is more than one CPU). */
    verifySignaturesOffThread: boolean;
  };
  staff: {
    sessionTtlMs: number;
    maxFailedLogins: number;
    lockoutMs: number;
    /** Login attempts allowed per client address per minute. */
    loginAttemptsPerMinute: number;
  };
  /** Where a generated one-time admin password is printed. */
  print: (line: string) => void;
}

export type ConfigOverrides = Omit<Partial<AppConfig>, 'terminals' | 'staff'> & {
  terminals?: Partial<AppConfig['terminals']>;
  staff?: Partial<AppConfig['staff']>;
};

export function defaultConfig(overrides: ConfigOverrides = {}): AppConfig {
  const base: AppConfig = {
    host: '127.0.0.1',
    port: 8080,
    dataDir: path.resolve('.data'),
    secureCookies: false,
    trustProxy: false,
    bodyLimitBytes: 1024 * 1024,
    logLevel: 'info',
    processMetrics: true,
    now: () => Date.now(),
    publicUrl: 'http://127.0.0.1:8080',
    terminals: {
      heartbeatIntervalMs: 30_000,
      missedHeartbeatsForDown: 3,
      stuckAfterMs: 15 * 60_000,
      clockSkewMs: 5 * 60_000,
      enrolmentCodeTtlMs: 24 * 60 * 60_000,
      heartbeatHistoryPerTerminal: 500,
      commandTtlMs: 24 * 60 * 60_000,
      alertWebhooks: [],
      backgroundTimers: true,
      pushKeepAliveMs: 15_000,
      verifySignaturesOffThread: availableParallelism() > 1,
    },
    staff: {
      sessionTtlMs: 8 * 60 * 60_000,
      maxFailedLogins: 5,
      lockoutMs: 15 * 60_000,
      loginAttemptsPerMinute: 30,
    },
    print: (line) => console.log(line),
  };
  return {
    ...base,
    ...overrides,
    terminals: { ...base.terminals, ...overrides.terminals },
    staff: { ...base.staff, ...overrides.staff },
  };
}

/** An integer environment variable of at least `min`, or the fallback when unset. */
export function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got '${v}'`);
  return n;
}

/** Reads the configuration from environment variables (documented in README.md). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 8080);
  const d = defaultConfig().terminals;
  return defaultConfig({
    host,
    port,
    dataDir: path.resolve(env.DATA_DIR || './.data'),
    logLevel: env.LOG_LEVEL || 'info',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    publicUrl: env.PUBLIC_URL || `http://${host}:${port}`,
    bootstrapAdmin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
    terminals: {
      heartbeatIntervalMs: int(env, 'HEARTBEAT_INTERVAL_MS', d.heartbeatIntervalMs),
      stuckAfterMs: int(env, 'STUCK_AFTER_MS', d.stuckAfterMs),
      alertWebhooks: (env.ALERT_WEBHOOKS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
  });
}
