/**
 * Signed heartbeat ingest on SQLite: a child process enrols 50 terminals, pre-signs heartbeats
 * (fresh nonce each) and sends them back to back over keep-alive loopback connections, as
 * many as there are terminals (in a fleet each terminal holds its own); the same load on the
 * unsigned GET /healthz is the baseline. Signing happens before any timed round, so the rounds
 * time the server's ingest (parse, verify, replay check, store, reply), not the generator's
 * Ed25519. One untimed warm-up round of each comes first (JIT, caches, SQLite pages). Prints
 * heartbeats/s and the ratio, medians of the rounds.
 * Target: >= 3,000 signed heartbeats/s on a 2-core machine.
 *
 *   npx tsx bench/server-heartbeat.ts
 *   BENCH_CONNECTIONS=16 npx tsx bench/server-heartbeat.ts   # terminals sharing fewer connections
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TerminalApiPaths } from '../protocol/src/common/terminal-api.ts';
import type { HeartbeatRequest } from '../protocol/src/common/terminal-api.ts';
import { generateTerminalKeyPair, newNonce, signRequest } from '../protocol/src/common/terminal-signing.ts';
import { runLoad } from './server-load.ts';
import type { LoadRequest, LoadResult } from './server-load.ts';

const TERMINALS = 50;
const ROUNDS = 5;
const PER_ROUND = 5_000;
// One extra round of heartbeats for the warm-up: every nonce is used once.
const HEARTBEATS = (ROUNDS + 1) * PER_ROUND;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? TERMINALS);
if (!Number.isInteger(CONNECTIONS) || CONNECTIONS < 1) throw new Error('BENCH_CONNECTIONS must be a positive integer');
const MAX_SECONDS = 10;

interface Start {
  base: string;
  codes: string[];
}
interface Done {
  baseline: LoadResult[];
  signed: LoadResult[];
}

async function generator(start: Start): Promise<Done> {
  const enc = new TextEncoder();
  const terminals = [];
  for (const code of start.codes) {
    const keys = await generateTerminalKeyPair();
    const res = await fetch(start.base + TerminalApiPaths.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKeyText, appVersion: '1.4.0' }) });
    if (!res.ok) throw new Error(`enrol: ${res.status} ${await res.text()}`);
    terminals.push({ id: ((await res.json()) as { terminalId: string }).terminalId, keys });
  }
  const signed: LoadRequest[] = [];
  for (let i = 0; i < HEARTBEATS; i++) {
    const t = terminals[i % terminals.length]!;
    const hb: HeartbeatRequest = {
      appVersion: '1.4.0',
      contentVersion: 'release-2026-11-01',
      devices: { 'card-reader': { state: 'ready' }, 'receipt-printer': { state: i % 7 === 0 ? 'degraded' : 'ready', ...(i % 7 === 0 ? { reasons: ['paper-near-end'] } : {}) } as never },
      screen: i % 3 === 0 ? { mode: 'session', service: 'bills' } : { mode: 'attract' },
      uptimeSeconds: i,
      freeDiskBytes: 20_000_000_000,
    };
    const body = JSON.stringify(hb);
    const headers = await signRequest({ method: 'POST', pathWithQuery: TerminalApiPaths.heartbeat, terminalId: t.id, timestamp: Date.now(), nonce: newNonce(), body: enc.encode(body) }, t.keys.privateKey);
    signed.push({ method: 'POST', path: TerminalApiPaths.heartbeat, headers: { ...headers, 'content-type': 'application/json' }, body });
  }
  const unsigned: LoadRequest[] = Array.from({ length: PER_ROUND }, () => ({ method: 'GET', path: '/healthz', headers: {} }));
  // Alternate rounds so a change in background load hits both alike; medians are reported.
  const done: Done = { baseline: [], signed: [] };
  for (let r = 0; r <= ROUNDS; r++) {
    const baseline = await runLoad(start.base, unsigned, CONNECTIONS, MAX_SECONDS);
    const heartbeats = await runLoad(start.base, signed.slice(r * PER_ROUND, (r + 1) * PER_ROUND), CONNECTIONS, MAX_SECONDS);
    if (r === 0) continue;
    done.baseline.push(baseline);
    done.signed.push(heartbeats);
  }
  return done;
}

async function server(): Promise<void> {
  const { buildApp } = await import('../admin-web/server/src/app.ts');
  const { defaultConfig } = await import('../admin-web/server/src/config.ts');
  const { SYSTEM_ACTOR } = await import('../admin-web/server/src/audit/audit-log.ts');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-heartbeat-'));
  const app = await buildApp(defaultConfig({ dataDir, logLevel: 'silent', processMetrics: false, print: () => undefined, terminals: { backgroundTimers: false } }));
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const codes: string[] = [];
    for (let i = 0; i < TERMINALS; i++) codes.push((await app.services.terminals.create(SYSTEM_ACTOR, { name: `bench-${i}`, location: 'bench', group: 'bench' })).enrolment.code);
    const child = fork(fileURLToPath(import.meta.url), ['generator'], { stdio: 'inherit' });
    const result = await new Promise<Done>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Done));
      child.once('exit', (code) => reject(new Error(`generator exited with ${code}`)));
      child.send({ base, codes } satisfies Start);
    });
    child.kill();
    const stored = await app.services.db.selectFrom('terminal_heartbeats').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const median = (rs: LoadResult[]) => [...rs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rs.length / 2)]!;
    const fmt = (rs: LoadResult[]) => {
      const errors = rs.reduce((n, r) => n + r.errors, 0);
      const firstError = rs.find((r) => r.firstError)?.firstError;
      return `median ${median(rs).perSecond.toFixed(0)}/s over ${rs.length} rounds [${rs.map((r) => r.perSecond.toFixed(0)).join(', ')}], ${errors} errors${firstError ? ` (${firstError})` : ''}`;
    };
    const ratio = median(result.signed).perSecond / median(result.baseline).perSecond;
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${CONNECTIONS} keep-alive connections`);
    console.log(`measures: server ingest of pre-signed requests, ${PER_ROUND} per round after a warm-up round`);
    console.log(`unsigned baseline GET /healthz:   ${fmt(result.baseline)}`);
    console.log(`signed heartbeats (SQLite):       ${fmt(result.signed)}`);
    console.log(`heartbeats stored:                ${stored.n}`);
    console.log(`signed / baseline throughput:     ${ratio.toFixed(2)}`);
    console.log(`target >= 3000 heartbeats/s:      ${median(result.signed).perSecond >= 3000 ? 'met' : 'NOT met on this run'}`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'generator') {
  process.once('message', (start) => {
    generator(start as Start).then(
      (done) => process.send!(done, () => process.exit(0)),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
} else {
  await server();
}
