#!/usr/bin/env node
// The one test command: type-check, lint, then every Vitest suite (against a throwaway
// PostgreSQL as well as SQLite), and a closing "N passed, N failed" line read from
// Vitest's JSON report. Type-check and lint count as one check each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startPostgres } from './lib/postgres.mjs';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, '.test-results');
const report = path.join(resultsDir, 'vitest.json');
const vitestArgs = process.argv.slice(2);

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
const env = { ...process.env };
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

if (failures.length) console.error(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
if (skipped) console.error(`\n${skipped} test(s) skipped: skips are not allowed here.`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && skipped === 0 ? 0 : 1);
