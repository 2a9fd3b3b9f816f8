import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { MAX_EVENTS_PER_REQUEST } from '@civic-kiosk/protocol/terminal-api';
import { defaultHolderSessionConfig, type HolderSessionConfig } from './personal-data/holder-sessions.ts';
import { BACK_OFFICE_KINDS, defaultGatewayConfig, SIMULATOR_TARGETS, type GatewayConfig, type SimulatorTarget } from './gateway/back-offices.ts';
import { FAULT_MODES, type FaultMode } from './gateway/simulator/faults.ts';
import { DEFAULT_CONTENT_DIR } from './content/seed.ts';

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
  /** Body limit of routes that take a JSON body and set none of their own. */
  bodyLimitBytes: number;
  /** Largest content file an editor may upload (streamed to storage, never held whole). */
  contentUploadLimitBytes: number;
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
    /** Per-terminal event quota (per instance): events and request bytes per window. */
    eventQuotaWindowMs: number;
    eventsPerWindow: number;
    eventBytesPerWindow: number;
    /** Retention: events and heartbeat history older than this many days, or beyond the count per terminal, are deleted. */
    eventRetentionDays: number;
    eventsPerTerminal: number;
    heartbeatRetentionDays: number;
    /** Usage statistics: hourly records are kept this many days (daily totals for good). */
    usageHourRetentionDays: number;
    /** How often retention runs, and rows per delete statement (writes go on between batches). */
    retentionIntervalMs: number;
    retentionBatchRows: number;
    /** Enrolment attempts: wrong codes before each further one makes the next wait (per address, and over all addresses). */
    enrolAddressFailuresBeforeBackoff: number;
    enrolGlobalFailuresBeforeBackoff: number;
    /** The first wait, doubled per further wrong code up to the caps; failures idle this long are forgotten. */
    enrolBackoffBaseMs: number;
    enrolAddressMaxWaitMs: number;
    enrolGlobalMaxWaitMs: number;
    enrolFailureMemoryMs: number;
  };
  /** The Prometheus listener, apart from the public one; a token is required off loopback. */
  metrics: { host: string; port: number; token?: string };
  /** Login throttling: see staff/account-throttle.ts and README (District server, Staff). */
  staff: {
    sessionTtlMs: number;
    /** Failures in a row per username after which each one makes the next attempt wait. */
    accountFailuresBeforeBackoff: number;
    /** The same per client address, across usernames (per instance). */
    addressFailuresBeforeBackoff: number;
    /** The first wait; each further failure doubles it up to backoffMaxMs. */
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** Failures in a row per username that lock it until a known device or an admin clears it. */
    hardLockFailures: number;
    /** Failure counts idle this long are forgotten (hard locks are not). */
    failureMemoryMs: number;
    knownDeviceTtlMs: number;
    /** Wrong passwords one known-device cookie may send before it stops counting as known. */
    knownDeviceMaxFailures: number;
  };
  /** Holder proof and the personal-data access log (personal-data/, README "Holder proof"). */
  holders: HolderSessionConfig & {
    /** Hex key of the access log's holder hashes; unset: the per-installation key made by migration 0204. */
    hashKeyHex?: string;
    /** Lookups of the public statement check page per client address per minute. */
    verifyLookupsPerMinute: number;
  };
  /** The back offices behind the gateway (adapters, simulator faults, payment QR lifetime). */
  gateway: GatewayConfig;
  /** The content folder published as the first release of a fresh database. */
  contentSeedDir: string;
  /** The built admin console (admin-web/ui/dist); served at / once built, its pages answer 404 until then. */
  adminConsoleDir: string;
  /** The kiosk UI built for the content studio's preview (kiosk/dist/preview); /kiosk-preview answers 404 until built. */
  kioskPreviewDir: string;
  /** Where a generated one-time admin password is printed. */
  print: (line: string) => void;
}

export type ConfigOverrides = Omit<Partial<AppConfig>, 'terminals' | 'staff' | 'holders'> & {
  holders?: Partial<AppConfig['holders']>;
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
    bodyLimitBytes: 64 * 1024,
    contentUploadLimitBytes: 200 * 1024 * 1024,
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
      eventQuotaWindowMs: 60 * 60_000,
      eventsPerWindow: 1_000,
      eventBytesPerWindow: 4 * 1024 * 1024,
      eventRetentionDays: 90,
      eventsPerTerminal: 10_000,
      heartbeatRetentionDays: 30,
      usageHourRetentionDays: 90,
      retentionIntervalMs: 10 * 60_000,
      retentionBatchRows: 1_000,
      enrolAddressFailuresBeforeBackoff: 5,
      enrolGlobalFailuresBeforeBackoff: 50,
      enrolBackoffBaseMs: 1_000,
      enrolAddressMaxWaitMs: 5 * 60_000,
      enrolGlobalMaxWaitMs: 60_000,
      enrolFailureMemoryMs: 60 * 60_000,
    },
    metrics: { host: '127.0.0.1', port: 9464 },
    staff: {
      sessionTtlMs: 8 * 60 * 60_000,
      accountFailuresBeforeBackoff: 3,
      addressFailuresBeforeBackoff: 10,
      backoffBaseMs: 1000,
      backoffMaxMs: 15 * 60_000,
      hardLockFailures: 50,
      failureMemoryMs: 24 * 60 * 60_000,
      knownDeviceTtlMs: 90 * 24 * 60 * 60_000,
      knownDeviceMaxFailures: 5,
    },
    holders: { ...defaultHolderSessionConfig(), verifyLookupsPerMinute: 30 },
    gateway: defaultGatewayConfig(),
    contentSeedDir: DEFAULT_CONTENT_DIR,
    adminConsoleDir: path.resolve(import.meta.dirname, '../../ui/dist'),
    kioskPreviewDir: path.resolve(import.meta.dirname, '../../../kiosk/dist/preview'),
    print: (line) => console.log(line),
  };
  return {
    ...base,
    ...overrides,
    terminals: { ...base.terminals, ...overrides.terminals },
    staff: { ...base.staff, ...overrides.staff },
    holders: { ...base.holders, ...overrides.holders },
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
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024),
    contentUploadLimitBytes: int(env, 'CONTENT_UPLOAD_LIMIT_BYTES', 200 * 1024 * 1024, 1),
    terminals: {
      heartbeatIntervalMs: int(env, 'HEARTBEAT_INTERVAL_MS', d.heartbeatIntervalMs),
      stuckAfterMs: int(env, 'STUCK_AFTER_MS', d.stuckAfterMs),
      alertWebhooks: (env.ALERT_WEBHOOKS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      ...terminalLimitsFromEnv(env),
    },
    metrics: metricsFromEnv(env),
    holders: holdersFromEnv(env),
    gateway: gatewayFromEnv(env),
    contentSeedDir: env.CONTENT_SEED_DIR || DEFAULT_CONTENT_DIR,
  });
}

function holdersFromEnv(env: NodeJS.ProcessEnv): ConfigOverrides['holders'] {
  const d = defaultConfig().holders;
  return {
    holdersPerHour: int(env, 'HOLDERS_PER_TERMINAL_HOUR', d.holdersPerHour, 1),
    challengesPerMinute: int(env, 'HOLDER_CHALLENGES_PER_MINUTE', d.challengesPerMinute, 1),
    sessionIdleMs: int(env, 'HOLDER_SESSION_IDLE_MS', d.sessionIdleMs, 10_000),
    sessionMaxMs: int(env, 'HOLDER_SESSION_MAX_MS', d.sessionMaxMs, 10_000),
    verifyLookupsPerMinute: int(env, 'STATEMENT_VERIFY_PER_MINUTE', d.verifyLookupsPerMinute, 1),
    hashKeyHex: env.PERSONAL_DATA_HASH_KEY || undefined,
  };
}

/** Quotas, retention and enrolment throttling (README, District server). */
function terminalLimitsFromEnv(env: NodeJS.ProcessEnv): ConfigOverrides['terminals'] {
  const d = defaultConfig().terminals;
  return {
    eventQuotaWindowMs: int(env, 'TERMINAL_EVENT_QUOTA_WINDOW_MS', d.eventQuotaWindowMs, 1_000),
    // A full events request must fit in a window: at least one batch of events and 1 MiB.
    eventsPerWindow: int(env, 'TERMINAL_EVENTS_PER_WINDOW', d.eventsPerWindow, MAX_EVENTS_PER_REQUEST),
    eventBytesPerWindow: int(env, 'TERMINAL_EVENT_BYTES_PER_WINDOW', d.eventBytesPerWindow, 1024 * 1024),
    eventRetentionDays: int(env, 'TERMINAL_EVENT_RETENTION_DAYS', d.eventRetentionDays, 1),
    eventsPerTerminal: int(env, 'TERMINAL_EVENTS_PER_TERMINAL', d.eventsPerTerminal, 1),
    heartbeatRetentionDays: int(env, 'HEARTBEAT_RETENTION_DAYS', d.heartbeatRetentionDays, 1),
    heartbeatHistoryPerTerminal: int(env, 'HEARTBEAT_HISTORY_PER_TERMINAL', d.heartbeatHistoryPerTerminal, 1),
    usageHourRetentionDays: int(env, 'USAGE_HOUR_RETENTION_DAYS', d.usageHourRetentionDays, 1),
    retentionIntervalMs: int(env, 'RETENTION_INTERVAL_MS', d.retentionIntervalMs, 1_000),
    retentionBatchRows: int(env, 'RETENTION_BATCH_ROWS', d.retentionBatchRows, 1),
    enrolAddressFailuresBeforeBackoff: int(env, 'ENROL_FAILURES_PER_ADDRESS', d.enrolAddressFailuresBeforeBackoff, 1),
    enrolGlobalFailuresBeforeBackoff: int(env, 'ENROL_FAILURES_GLOBAL', d.enrolGlobalFailuresBeforeBackoff, 1),
    enrolAddressMaxWaitMs: int(env, 'ENROL_MAX_WAIT_MS', d.enrolAddressMaxWaitMs, 1_000),
    enrolGlobalMaxWaitMs: int(env, 'ENROL_GLOBAL_MAX_WAIT_MS', d.enrolGlobalMaxWaitMs, 1_000),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** METRICS_HOST/PORT/TOKEN; anywhere but loopback the listener needs a bearer token. */
function metricsFromEnv(env: NodeJS.ProcessEnv): AppConfig['metrics'] {
  const d = defaultConfig().metrics;
  const host = env.METRICS_HOST || d.host;
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters');
  if (!LOOPBACK_HOSTS.has(host) && token === undefined) throw new Error(`METRICS_HOST=${host} is not loopback: set METRICS_TOKEN too`);
  return { host, port: int(env, 'METRICS_PORT', d.port), ...(token ? { token } : {}) };
}

/** Reads GATEWAY_<KIND>=<adapter> (e.g. GATEWAY_BILLERS=simulator) and SIMULATOR_FAULTS=water:timeout,payments:down. */
function gatewayFromEnv(env: NodeJS.ProcessEnv): GatewayConfig {
  const cfg = { ...defaultGatewayConfig(), env };
  for (const kind of BACK_OFFICE_KINDS) {
    const v = env[`GATEWAY_${kind.toUpperCase().replace('-', '_')}`];
    if (v) cfg.adapters[kind] = v;
  }
  for (const item of (env.SIMULATOR_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [target, mode] = item.split(':');
    if (!SIMULATOR_TARGETS.includes(target as SimulatorTarget) || !FAULT_MODES.includes(mode as FaultMode)) {
      throw new Error(`SIMULATOR_FAULTS: '${item}' is not <${SIMULATOR_TARGETS.join('|')}>:<${FAULT_MODES.join('|')}>`);
    }
    cfg.faults[target as SimulatorTarget] = mode as FaultMode;
  }
  cfg.paymentTtlMs = int(env, 'PAYMENT_QR_TTL_MS', cfg.paymentTtlMs, 10_000);
  if (env.SIMULATOR_CARD_ISSUER_KEY) cfg.cardIssuerKey = parseIssuerKey(env.SIMULATOR_CARD_ISSUER_KEY);
  return cfg;
}
