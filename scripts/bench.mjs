#!/usr/bin/env node
// Runs every bench/*.ts in turn with tsx (one process each, so they do not disturb each
// other's timings) and passes their figures through. Exits non-zero if any benchmark failed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const only = process.argv.slice(2);

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (files.length === 0) {
  console.error(only.length ? `no benchmark in bench/ matches ${only.join(', ')}` : 'no benchmark in bench/');
  process.exit(1);
}

const failed = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const started = Date.now();
  const r = spawnSync(tsx, [path.join(benchDir, file)], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(file);
    console.log(`-- ${file} FAILED (${r.signal ?? `exit ${r.status}`}) after ${seconds} s`);
  } else {
    console.log(`-- ${file} done in ${seconds} s`);
  }
}
console.log(`\n${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
