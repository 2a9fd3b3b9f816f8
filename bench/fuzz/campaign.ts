/**
 * The fuzz campaign: every parser that reads bytes from a device, a card or the network gets
 * FUZZ_RUNS generated inputs (noise, valid encodings, mutated ones, arbitrary chunking). Only
 * the project's typed errors may come out, no input may take longer than FUZZ_INPUT_BOUND_MS,
 * and nothing may crash. Prints, per parser: inputs, typed errors by class, the slowest input
 * and throughput; exits 1 on any failure, printing the seed that reproduces it. An input over
 * the bound is re-run (best of five) so that a stall of a shared machine does not count; one
 * still running at ten times the bound is a hang.
 *
 *   npm run fuzz                                   # 10^6 inputs per parser, a fresh seed
 *   FUZZ_RUNS=10000 FUZZ_SEED=42 FUZZ_TARGETS=ccid-frames,apdu npm run fuzz
 *
 * Each parser runs in a worker thread, one after the other; a watchdog terminates a worker
 * whose current input has hung (a hang cannot be stopped from inside).
 */
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FUZZ_TARGETS } from './targets.ts';
import type { WorkerInput, WorkerReport } from './worker.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const seed = process.env.FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(process.env.FUZZ_SEED);
const boundMs = Number(process.env.FUZZ_INPUT_BOUND_MS ?? 1_000);
const hangMs = 10 * boundMs;
const only = process.env.FUZZ_TARGETS?.split(',').map((s) => s.trim()).filter(Boolean);

const unknown = only?.filter((name) => !FUZZ_TARGETS.some((t) => t.name === name)) ?? [];
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !(boundMs > 0) || unknown.length > 0) {
  console.error(`usage: FUZZ_RUNS=<n >= 1> FUZZ_SEED=<32-bit integer> FUZZ_INPUT_BOUND_MS=<ms> FUZZ_TARGETS=<${FUZZ_TARGETS.map((t) => t.name).join(',')}>`);
  if (unknown.length) console.error(`no such target: ${unknown.join(', ')}`);
  process.exit(64);
}
const targets = FUZZ_TARGETS.filter((t) => !only || only.includes(t.name));

type Outcome = { report: WorkerReport } | { hang: { index: number; ms: number } } | { crash: string };

function runTarget(name: string): Promise<Outcome> {
  const clock = new SharedArrayBuffer(16);
  const shared = new Float64Array(clock);
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { target: name, runs, seed, boundMs, clock } satisfies WorkerInput });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(outcome);
    };
    const watchdog = setInterval(() => {
      const started = shared[0]!;
      const ms = started > 0 ? performance.timeOrigin + performance.now() - started : 0;
      if (ms > hangMs) settle({ hang: { index: shared[1]!, ms } });
    }, Math.min(100, hangMs / 2));
    worker.once('message', (report: WorkerReport) => settle({ report }));
    worker.once('error', (e) => settle({ crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
    worker.once('exit', (code) => settle({ crash: `worker exited with code ${code}` }));
  });
}

const n = (x: number) => x.toLocaleString('en-US');
console.log(`fuzz campaign: ${n(runs)} inputs per parser, seed ${seed}, per-input bound ${boundMs} ms (a hang at ${hangMs} ms); ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
const failed: string[] = [];
for (const t of targets) {
  const outcome = await runTarget(t.name);
  const reproduce = `reproduce: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} FUZZ_TARGETS=${t.name} npm run fuzz`;
  if ('hang' in outcome) {
    failed.push(t.name);
    console.log(`${t.name}: HANG: input #${outcome.hang.index} still running after ${outcome.hang.ms.toFixed(0)} ms\n  ${reproduce}`);
    continue;
  }
  if ('crash' in outcome) {
    failed.push(t.name);
    console.log(`${t.name}: CRASH of the harness: ${outcome.crash}\n  ${reproduce}`);
    continue;
  }
  const { report } = outcome;
  const typed = report.errors.reduce((sum, [, count]) => sum + count, 0);
  console.log(
    `${t.name}: ${n(report.runs)} inputs in ${report.seconds.toFixed(1)} s (${n(Math.round(report.runs / report.seconds))}/s); ` +
      `slowest ${report.slowest.ms.toFixed(2)} ms (input #${report.slowest.index}, ${report.slowest.rerunMs.toFixed(3)} ms when re-run); typed errors ${n(typed)}`,
  );
  for (const [key, count] of report.errors) console.log(`    ${key.padEnd(40)} ${n(count)}`);
  if (process.env.FUZZ_VERBOSE) console.log(`    slowest input: ${report.slowest.input}`);
  for (const slow of report.slow) {
    failed.push(t.name);
    console.log(`  SLOW: input #${slow.index} takes ${slow.rerunMs.toFixed(1)} ms when re-run (bound ${boundMs} ms)\n  input: ${slow.input}\n  ${reproduce}`);
  }
  if (report.failure) {
    failed.push(t.name);
    const f = report.failure;
    console.log(`  FAILED after ${f.shrinks} shrinks: ${f.error}\n  input: ${f.input}\n  ${reproduce} (fast-check path ${f.path})`);
  }
}
const failedTargets = [...new Set(failed)];
console.log(failedTargets.length === 0 ? `all ${targets.length} parsers clean` : `${failedTargets.length} of ${targets.length} parsers failed: ${failedTargets.join(', ')}`);
process.exit(failedTargets.length === 0 ? 0 : 1);
