/**
 * The district server as its own process (`src/main.ts` via tsx) under signed terminal load,
 * for the crash suites: terminals are created on the database beforehand, enrol over HTTP,
 * then send signed heartbeats and event batches from concurrent workers. Every request the
 * server answered 2xx is written down as acknowledged, so that after a kill or a database
 * restart the database can be asked whether it holds each of them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { HeartbeatRequest, TerminalEventsRequest } from '@civic-kiosk/protocol/terminal-api';
import { generateTerminalKeyPair, newNonce, signRequest } from '@civic-kiosk/protocol/terminal-signing';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import { buildApp } from '../../src/app.ts';
import { defaultConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { DatabaseLocation } from '../support/database.ts';
import { freePort, killChild, stopChild } from './processes.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
const EVENTS_PER_BATCH = 5;

interface LoadTerminal {
  id: string;
  privateKey: Awaited<ReturnType<typeof generateTerminalKeyPair>>['privateKey'];
  /** Unique per heartbeat (sent as uptimeSeconds), so each stored row can be matched. */
  seq: number;
}

/** What the load saw: acknowledged keys, and every failure by kind. */
export interface LoadTally {
  sent: number;
  acknowledged: number;
  /** `status code` (with the error code) or a network error name → count. */
  failures: Map<string, number>;
  /** Time of the first 2xx after `markRecoveryStart()`, if any. */
  firstSuccessAfterMark?: number;
}

export class ServerUnderLoad {
  readonly base: string;
  private child: ChildProcess | undefined;
  private readonly terminals: LoadTerminal[] = [];
  private readonly ackedHeartbeats = new Set<string>();
  private readonly ackedEvents = new Set<string>();
  private running = false;
  private workers: Promise<void>[] = [];
  private recoveryMark: number | undefined;
  readonly tally: LoadTally = { sent: 0, acknowledged: 0, failures: new Map() };
  log = '';

  private constructor(
    private readonly location: Pick<DatabaseLocation, 'dataDir' | 'databaseUrl' | 'schema'>,
    private readonly port: number,
    private readonly metricsPort: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Creates `terminals` on the database, starts the server and enrols them. */
  static async start(location: Pick<DatabaseLocation, 'dataDir' | 'databaseUrl' | 'schema'>, terminals: number): Promise<ServerUnderLoad> {
    const codes: string[] = [];
    const seed = await buildApp(
      defaultConfig({ dataDir: location.dataDir, databaseUrl: location.databaseUrl, databaseSchema: location.schema, logLevel: 'silent', processMetrics: false, print: () => undefined, terminals: { backgroundTimers: false } }),
    );
    try {
      for (let i = 0; i < terminals; i++) codes.push((await seed.services.terminals.create(SYSTEM_ACTOR, { name: `fault-${i}`, location: 'fault suite', group: 'faults' })).enrolment.code);
    } finally {
      await seed.close();
    }
    const server = new ServerUnderLoad(location, await freePort(), await freePort());
    await server.spawn();
    for (const code of codes) {
      const keys = await generateTerminalKeyPair();
      const res = await fetch(server.base + TerminalApiPaths.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKeyText, appVersion: '1.4.0' }) });
      if (!res.ok) throw new Error(`enrol: ${res.status} ${await res.text()}`);
      server.terminals.push({ id: ((await res.json()) as { terminalId: string }).terminalId, privateKey: keys.privateKey, seq: 0 });
    }
    return server;
  }

  /** Starts `src/main.ts` on the same database and port and waits for /healthz. */
  async spawn(): Promise<number> {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(this.metricsPort),
      DATA_DIR: this.location.dataDir,
      LOG_LEVEL: 'fatal',
      ADMIN_USERNAME: '',
      ADMIN_PASSWORD: '',
      // The load is many times a terminal's: neither quotas nor retention may blur the count.
      TERMINAL_EVENTS_PER_WINDOW: '100000000',
      TERMINAL_EVENT_BYTES_PER_WINDOW: '1000000000',
      TERMINAL_EVENTS_PER_TERMINAL: '100000000',
      HEARTBEAT_HISTORY_PER_TERMINAL: '100000000',
      RETENTION_INTERVAL_MS: '86400000',
    };
    delete env.DATABASE_URL;
    if (this.location.databaseUrl) Object.assign(env, { DATABASE_URL: this.location.databaseUrl, DATABASE_SCHEMA: this.location.schema });
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-20_000)));
    child.stderr!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-20_000)));
    this.child = child;
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${this.log}`);
      const ok = await fetch(`${this.base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not answer /healthz:\n${this.log}`);
  }

  /** True while the server process started last is running. */
  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The process dies at once: no shutdown hook, no flush. */
  kill(): Promise<void> {
    return this.child ? killChild(this.child) : Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    if (this.child) await stopChild(this.child);
  }

  /** Starts `workers` concurrent senders, each alternating heartbeats and event batches. */
  startLoad(workers: number): void {
    this.running = true;
    this.workers = Array.from({ length: workers }, (_, w) => this.worker(w));
  }

  async stopLoad(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    this.workers = [];
  }

  /** From now on, note when the next request succeeds (recovery time). */
  markRecoveryStart(): void {
    this.recoveryMark = performance.now();
    delete this.tally.firstSuccessAfterMark;
  }

  private async worker(w: number): Promise<void> {
    for (let n = 0; this.running; n++) {
      const t = this.terminals[(w + n * 7) % this.terminals.length]!;
      if (n % 2 === 0) await this.heartbeat(t);
      else await this.events(t);
    }
  }

  private async heartbeat(t: LoadTerminal): Promise<void> {
    const seq = ++t.seq;
    const hb: HeartbeatRequest = {
      appVersion: '1.4.0',
      contentVersion: null,
      devices: {},
      screen: { mode: 'attract' },
      uptimeSeconds: seq,
      freeDiskBytes: 20_000_000_000,
    };
    if (await this.send(t, TerminalApiPaths.heartbeat, hb)) this.ackedHeartbeats.add(`${t.id}:${seq}`);
  }

  private async events(t: LoadTerminal): Promise<void> {
    const body: TerminalEventsRequest = { events: Array.from({ length: EVENTS_PER_BATCH }, () => ({ id: randomUUID(), type: 'fault-suite', at: Date.now(), detail: { n: t.seq } })) };
    if (await this.send(t, TerminalApiPaths.events, body)) for (const e of body.events) this.ackedEvents.add(`${t.id}:${e.id}`);
  }

  /** One signed request; true when answered 2xx. */
  private async send(t: LoadTerminal, pathname: string, payload: unknown): Promise<boolean> {
    const body = JSON.stringify(payload);
    const headers = await signRequest({ method: 'POST', pathWithQuery: pathname, terminalId: t.id, timestamp: Date.now(), nonce: newNonce(), body: new TextEncoder().encode(body) }, t.privateKey);
    this.tally.sent++;
    try {
      const res = await fetch(this.base + pathname, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      if (res.ok) {
        this.tally.acknowledged++;
        if (this.recoveryMark !== undefined && this.tally.firstSuccessAfterMark === undefined) this.tally.firstSuccessAfterMark = performance.now() - this.recoveryMark;
        return true;
      }
      let code = '';
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
      } catch {
        // Not the server's error model: counted by status alone.
      }
      this.fail(`${res.status} ${code}`.trim());
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      this.fail(`network ${cause?.code ?? (e as Error).name}`);
      // Nothing listens: do not spin.
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  private fail(kind: string): void {
    this.tally.failures.set(kind, (this.tally.failures.get(kind) ?? 0) + 1);
  }

  /**
   * Reads the database directly (the server may be stopped): how many acknowledged
   * heartbeats and events it holds, how many it lacks, and any stored twice.
   */
  async audit(): Promise<{ acknowledged: number; stored: number; lost: number; duplicates: number }> {
    const handle = await openDatabase({ dataDir: this.location.dataDir, databaseUrl: this.location.databaseUrl, schema: this.location.schema });
    try {
      const heartbeatRows = await handle.db.selectFrom('terminal_heartbeats').select(['terminal_id', 'payload']).execute();
      const eventRows = await handle.db.selectFrom('terminal_events').select(['terminal_id', 'event_id']).execute();
      const keys = [
        ...heartbeatRows.map((r) => `hb ${r.terminal_id}:${(JSON.parse(r.payload) as HeartbeatRequest).uptimeSeconds}`),
        ...eventRows.map((r) => `ev ${r.terminal_id}:${r.event_id}`),
      ];
      const stored = new Set(keys);
      const acked = [...[...this.ackedHeartbeats].map((k) => `hb ${k}`), ...[...this.ackedEvents].map((k) => `ev ${k}`)];
      return { acknowledged: acked.length, stored: stored.size, lost: acked.filter((k) => !stored.has(k)).length, duplicates: keys.length - stored.size };
    } finally {
      await handle.destroy();
    }
  }
}
