/**
 * What large uploads cost the district server's memory. The server runs as its own process
 * (main.ts, SQLite); its peak resident memory above the idle level is read from /proc after
 * each round (the peak is reset before it). Rounds:
 *   - six parallel anonymous 190 MB uploads (refused with 401 before the body is read; the
 *     client stops sending once answered): peak growth, and MB each client got to send;
 *   - one editor's 190 MB video upload, streamed to storage: peak growth and MB/s.
 * Three rounds each; prints medians. Target: peak growth well under one upload's size
 * (before the fix, one anonymous 100 MB upload grew it by 70 MB, six 190 MB ones to 1.1 GB).
 *
 *   npx tsx bench/server-upload-memory.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uploadUntilAnswered } from '../admin-web/server/test/support/http-upload.ts';
import { MEDIA_SAMPLES } from '../admin-web/server/test/support/media-samples.ts';
import { median } from './stats.ts';

const MB = 1e6;
const UPLOAD = 190 * MB;
const PARALLEL = 6;
const ROUNDS = 3;
const ADMIN = { username: 'admin', password: 'Bench-upload-lantern-7f3k-Qz91' };
const MAIN = path.resolve(import.meta.dirname, '../admin-web/server/src/main.ts');

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(path.join(tmpdir(), 'civic-bench-upload-'));
const [port, metricsPort] = [await freePort(), await freePort()];
const server = spawn(process.execPath, ['--import', 'tsx', MAIN], {
  env: { ...process.env, PORT: String(port), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, DATABASE_URL: '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;

/** Resident memory of the server process in MB: now, or the peak since the last reset. */
const rss = (field: 'VmRSS' | 'VmHWM') => Number(/(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field))!)![1]) / 1000;
// Writing 5 to clear_refs resets the peak (VmHWM) to the current size.
const resetPeak = () => writeFileSync(`/proc/${server.pid}/clear_refs`, '5');

async function peakGrowth<T>(round: () => Promise<T>): Promise<{ mb: number; result: T }> {
  const idle = rss('VmRSS');
  resetPeak();
  const result = await round();
  return { mb: rss('VmHWM') - idle, result };
}

try {
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await fetch(`${base}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const url = `${base}/api/staff/content/files?type=video/mp4`;
  const octets = { 'content-type': 'application/octet-stream' };

  const anonymous: { mb: number; sent: number }[] = [];
  const editor: { mb: number; mbps: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = await peakGrowth(() =>
      Promise.all(Array.from({ length: PARALLEL }, () => uploadUntilAnswered(url, { headers: { ...octets, 'content-length': String(UPLOAD) }, total: UPLOAD, head: MEDIA_SAMPLES['video/mp4'] }))),
    );
    if (a.result.some((r) => r.status !== 401)) throw new Error(`anonymous upload answered ${a.result.map((r) => r.status).join(', ')}`);
    anonymous.push({ mb: a.mb, sent: Math.max(...a.result.map((r) => r.bytesSent)) / MB });

    // Each round a different file (the last bytes differ), so every round stores 190 MB.
    const started = performance.now();
    const e = await peakGrowth(() =>
      uploadUntilAnswered(url, { headers: { ...octets, cookie, 'x-csrf-token': csrfToken, 'content-length': String(UPLOAD) }, total: UPLOAD, head: MEDIA_SAMPLES['video/mp4'].map((b, i) => (i === 15 ? round : b)) }),
    );
    if (e.result.status !== 201) throw new Error(`editor upload answered ${e.result.status} ${e.result.body}`);
    editor.push({ mb: e.mb, mbps: UPLOAD / MB / ((performance.now() - started) / 1000) });
  }
  const f = (n: number) => n.toFixed(1);
  console.log(`${PARALLEL} parallel anonymous ${UPLOAD / MB} MB uploads: server peak memory +${f(median(anonymous.map((r) => r.mb)))} MB (median of ${ROUNDS}), each client sent at most ${f(median(anonymous.map((r) => r.sent)))} MB before its 401`);
  console.log(`one editor's ${UPLOAD / MB} MB upload, streamed to SQLite: server peak memory +${f(median(editor.map((r) => r.mb)))} MB, ${f(median(editor.map((r) => r.mbps)))} MB/s (medians of ${ROUNDS})`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
