#!/usr/bin/env node
// The one test command: type-check, lint, then every Vitest suite (against a throwaway
// PostgreSQL as well as SQLite), and a closing "N passed, N failed" line read from
// Vitest's JSON report. Type-check and lint count as one check each, and so does "no
// simulator (socat) outlived the test that started it".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startPostgres } from './lib/postgres.mjs';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, '.test-results');
const vitestArgs = process.argv.slice(2);
// A run of some files gets a report of its own: runs side by side must not read each other's.
const report = path.join(resultsDir, vitestArgs.length ? `vitest-${process.pid}.json` : 'vitest.json');

function step(name, cmd, args, env = process.env) {
  console.error(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status === 0;
}

let passed = 0;
let failed = 0;
const failures = [];
const count = (name, ok) => {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
};

if (vitestArgs.length === 0) {
  count('typecheck', step('typecheck', process.execPath, ['scripts/typecheck.mjs']));
  count('lint', step('lint', 'npx', ['eslint', '--max-warnings=0', '.']));
}

let pg;
// Every process the tests start inherits this marker: a socat still carrying it after the run
// is a simulator that outlived its owner, told apart from any other socat on the machine.
const runMarker = `${process.pid}-${Date.now()}`;
const env = { ...process.env, KIOSK_TEST_RUN: runMarker };
if (!env.TEST_DATABASE_URL) {
  try {
    pg = await startPostgres();
    env.TEST_DATABASE_URL = pg.url;
    console.error(`PostgreSQL for tests at ${pg.url}`);
  } catch (e) {
    // Tests that need PostgreSQL fail (not skip) without TEST_DATABASE_URL.
    console.error(`warning: ${e.message}`);
  }
}

rmSync(report, { force: true });
mkdirSync(resultsDir, { recursive: true });
try {
  step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs], env);
} finally {
  pg?.stop();
}

let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  for (const file of json.testResults) {
    for (const t of file.assertionResults) if (t.status === 'failed') failures.push(`${path.relative(root, file.name)} > ${t.fullName}`);
    // A file that failed to load has no assertions but must not pass silently.
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failed++;
      failures.push(`${path.relative(root, file.name)} (failed to load: ${file.message?.split('\n')[0] ?? 'unknown'})`);
    }
  }
  if (json.numTotalTests === 0) {
    failed++;
    failures.push('vitest ran no test');
  }
} catch (e) {
  failed++;
  failures.push(`vitest report unreadable: ${e.message}`);
}
if (vitestArgs.length) rmSync(report, { force: true });

/** Live socat processes (not zombies) that carry this run's marker (Linux /proc). */
function socatsOfThisRun() {
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const live = stat.includes('(socat)') && stat[stat.lastIndexOf(')') + 2] !== 'Z';
      return live && readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`KIOSK_TEST_RUN=${runMarker}`);
    } catch {
      return false; // gone meanwhile
    }
  });
}
// A simulator gets a moment to follow its owner (the kernel signals it when the owner dies).
let leftovers = socatsOfThisRun();
for (let waited = 0; leftovers.length > 0 && waited < 3000; waited += 100) {
  await new Promise((r) => setTimeout(r, 100));
  leftovers = socatsOfThisRun();
}
if (leftovers.length > 0) {
  failed++;
  failures.push(`simulated devices outlived their owner: ${leftovers.length} socat process(es) left behind (pids ${leftovers.join(', ')}; killed now)`);
  for (const pid of leftovers) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
} else passed++;

if (failures.length) console.error(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
if (skipped) console.error(`\n${skipped} test(s) skipped: skips are not allowed here.`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && skipped === 0 ? 0 : 1);
