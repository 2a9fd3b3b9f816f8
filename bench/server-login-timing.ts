/**
 * Does a wrong password take as long for an unknown username as for a known one? (If not,
 * timing tells which staff usernames exist.) Builds the server on SQLite with the login
 * throttle out of the way and times failed logins through `inject`, known and unknown names
 * interleaved, after a warm-up. Prints the medians and their ratio, unknown / known.
 * Target: ratio between 0.9 and 1.1.
 *
 *   npx tsx bench/server-login-timing.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../admin-web/server/src/app.ts';
import { defaultConfig } from '../admin-web/server/src/config.ts';
import { median } from './stats.ts';

const ATTEMPTS = 60;
const WARM_UP = 6;

const dataDir = mkdtempSync(path.join(tmpdir(), 'civic-bench-login-'));
const app = await buildApp(
  defaultConfig({
    dataDir,
    logLevel: 'silent',
    processMetrics: false,
    bootstrapAdmin: { username: 'admin', password: 'bench-admin-password-2026' },
    print: () => undefined,
    terminals: { backgroundTimers: false },
    // Every attempt has its password checked: no waits, no lock.
    staff: { accountFailuresBeforeBackoff: 1e9, addressFailuresBeforeBackoff: 1e9, hardLockFailures: 1e9 },
  }),
);
try {
  const time = async (username: string): Promise<number> => {
    const started = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password: 'not-the-password' } });
    const ms = performance.now() - started;
    if (res.statusCode !== 401) throw new Error(`expected 401, got ${res.statusCode} ${res.body}`);
    return ms;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < WARM_UP + ATTEMPTS; i++) {
    const k = await time('admin');
    const u = await time(`nobody-${i}`);
    if (i < WARM_UP) continue;
    known.push(k);
    unknown.push(u);
  }
  const ratio = median(unknown) / median(known);
  const ok = ratio >= 0.9 && ratio <= 1.1;
  console.log(
    `failed login, median of ${ATTEMPTS}: known username ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms, ` +
      `ratio ${ratio.toFixed(3)}: ${ok ? 'within target' : 'OUTSIDE TARGET'} (0.9-1.1)`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
