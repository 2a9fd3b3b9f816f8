/**
 * Emergency broadcast to 2,000 open push channels on SQLite: a child process holds 2,000
 * signed SSE connections over loopback; the server broadcasts (and ends, and broadcasts
 * again) and the child records when each terminal got the command. Prints p50/p99/max
 * delivery latency from issuance. Target: p99 <= 1 s.
 *
 *   npx tsx bench/server-broadcast.ts
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SseParser } from '../protocol/src/common/sse.ts';
import { TerminalApiPaths } from '../protocol/src/common/terminal-api.ts';
import type { CommandEnvelope } from '../protocol/src/common/terminal-api.ts';
import { generateTerminalKeyPair, newNonce, signRequest } from '../protocol/src/common/terminal-signing.ts';
import { percentile } from './stats.ts';

const CHANNELS = 2_000;
const BROADCASTS = 3;
const OPEN_BATCH = 100;

type ToChild = { base: string; ids: string[] } | { expect: string };
type FromChild = { publicKeys: string[] } | { opened: number } | { latencies: number[] };

async function terminals(): Promise<void> {
  const send = (m: FromChild) => process.send!(m);
  const keys = await Promise.all(Array.from({ length: CHANNELS }, () => generateTerminalKeyPair()));
  send({ publicKeys: keys.map((k) => k.publicKeyText) });
  let expecting: { kind: string; latencies: number[] } | undefined;
  const onCommand = (c: CommandEnvelope) => {
    if (!expecting || c.kind !== expecting.kind) return;
    expecting.latencies.push(Date.now() - c.issuedAt);
    if (expecting.latencies.length === CHANNELS) {
      send({ latencies: expecting.latencies });
      expecting = undefined;
    }
  };
  process.on('message', async (m: ToChild) => {
    if ('expect' in m) {
      expecting = { kind: m.expect, latencies: [] };
      return;
    }
    const url = new URL(m.base);
    let opened = 0;
    for (let i = 0; i < m.ids.length; i += OPEN_BATCH) {
      await Promise.all(
        m.ids.slice(i, i + OPEN_BATCH).map(async (id, j) => {
          const headers = await signRequest({ method: 'GET', pathWithQuery: TerminalApiPaths.push, terminalId: id, timestamp: Date.now(), nonce: newNonce(), body: new Uint8Array(0) }, keys[i + j]!.privateKey);
          await new Promise<void>((resolve, reject) => {
            const req = http.get({ host: url.hostname, port: url.port, path: TerminalApiPaths.push, headers, agent: false }, (res) => {
              if (res.statusCode !== 200) return reject(new Error(`push refused: ${res.statusCode}`));
              const parser = new SseParser();
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                for (const ev of parser.feed(chunk)) if (ev.event === 'command') onCommand(JSON.parse(ev.data) as CommandEnvelope);
              });
              opened++;
              resolve();
            });
            req.on('error', reject);
          });
        }),
      );
    }
    send({ opened });
  });
}

async function server(): Promise<void> {
  const { buildApp } = await import('../admin-web/server/src/app.ts');
  const { defaultConfig } = await import('../admin-web/server/src/config.ts');
  const { SYSTEM_ACTOR } = await import('../admin-web/server/src/audit/audit-log.ts');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-broadcast-'));
  const app = await buildApp(defaultConfig({ dataDir, logLevel: 'silent', processMetrics: false, print: () => undefined, terminals: { backgroundTimers: false } }));
  const child = fork(fileURLToPath(import.meta.url), ['terminals'], { stdio: 'inherit' });
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`terminal process exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as FromChild);
      });
    });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const { publicKeys } = (await next()) as { publicKeys: string[] };
    const now = Date.now();
    const ids = publicKeys.map((_, i) => `bench-terminal-${i}`);
    // Enrolled terminals straight into the database: enrolment is not what is measured here.
    for (let i = 0; i < ids.length; i += 200) {
      await app.services.db
        .insertInto('terminals')
        .values(ids.slice(i, i + 200).map((id, j) => ({ id, name: id, location: 'bench', group_name: 'bench', status: 'active' as const, public_key: publicKeys[i + j]!, created_at: now, enrolled_at: now, revoked_at: null, last_heartbeat_at: now, last_heartbeat: null, screen_key: 'attract/', screen_since: now })))
        .execute();
    }
    const openStarted = performance.now();
    child.send({ base, ids } satisfies ToChild);
    const { opened } = (await next()) as { opened: number };
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`push channels open: ${opened} (server counts ${app.services.push.openChannels}) in ${((performance.now() - openStarted) / 1000).toFixed(1)} s`);
    const title = { 'zh-CN': '紧急通知', en: 'Emergency notice' };
    let broadcastId = '';
    const p99s: number[] = [];
    for (let round = 0; round < BROADCASTS; round++) {
      const kind = round % 2 === 0 ? 'emergency-on' : 'emergency-off';
      child.send({ expect: kind } satisfies ToChild);
      await new Promise((r) => setTimeout(r, 200));
      const result = next();
      if (kind === 'emergency-on') broadcastId = (await app.services.broadcasts.start(SYSTEM_ACTOR, { level: 'warning', title, body: title })).broadcastId;
      else await app.services.broadcasts.end(SYSTEM_ACTOR, broadcastId);
      const { latencies } = (await result) as { latencies: number[] };
      const sorted = [...latencies].sort((a, b) => a - b);
      p99s.push(percentile(sorted, 99));
      console.log(`${kind.padEnd(14)} to ${sorted.length} terminals: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`);
    }
    const worst = Math.max(...p99s);
    console.log(`target p99 <= 1000 ms: ${worst <= 1000 ? 'met' : 'NOT met on this run'} (worst p99 ${worst} ms)`);
  } finally {
    child.kill();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'terminals') await terminals();
else await server();
