#!/usr/bin/env node
// The fault and abuse suites with their figures (README, "Fault and abuse suites"):
//   npm run faults -- outage     an hour offline, then back: events and payment drained once
//   npm run faults -- kill       server SIGKILL and PostgreSQL crash under signed load
//   npm run faults -- lockdown   escape attempts against the browser-mode kiosk in Chromium
// With no argument, all three in turn. Exits non-zero if any failed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const SUITES = {
  outage: [tsx, ['bench/faults/outage.ts']],
  kill: [tsx, ['bench/faults/server-crash.ts']],
  lockdown: ['npx', ['vitest', 'run', 'kiosk/test/faults/lockdown-escape.test.ts']],
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((c) => !(c in SUITES));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const failed = [];
for (const name of chosen.length ? chosen : Object.keys(SUITES)) {
  console.log(`\n== faults: ${name}`);
  const [cmd, args] = SUITES[name];
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed.push(name);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')}` : '\nall fault suites passed');
process.exit(failed.length ? 1 : 0);
