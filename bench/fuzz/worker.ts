/**
 * Runs one fuzz target in a worker thread (see campaign.ts), so that a parser that hangs can
 * be stopped from outside: before each input the start time goes into shared memory, where the
 * campaign's watchdog reads it.
 */
import fc from 'fast-check';
import { parentPort, workerData } from 'node:worker_threads';
import { FUZZ_TARGETS } from './targets.ts';

export interface WorkerInput {
  target: string;
  runs: number;
  seed: number;
  /** An input slower than this is re-run; slower again, it fails the campaign. */
  boundMs: number;
  /** Float64Array over it: [0] the current input's start (epoch ms, 0 between inputs), [1] its index. */
  clock: SharedArrayBuffer;
}

export interface WorkerReport {
  runs: number;
  seconds: number;
  /** Typed errors seen, by `Class code`. */
  errors: [string, number][];
  /** `rerunMs`: the best of five re-runs of that input, telling parser cost from a GC pause. */
  slowest: { ms: number; index: number; input: string; rerunMs: number };
  failure?: { input: string; error: string; seed: number; path: string | undefined; shrinks: number };
  /** Inputs over the bound even when re-run (a stall of a loaded machine is not one). */
  slow: { index: number; rerunMs: number; input: string }[];
}

/** The first inputs run while the JIT warms up; their times say nothing about the parser. */
const WARM_UP_INPUTS = 1_000;

const { target: name, runs, seed, boundMs, clock } = workerData as WorkerInput;
const shared = new Float64Array(clock);
const target = FUZZ_TARGETS.find((t) => t.name === name);
if (!target) throw new Error(`no fuzz target ${name}`);
const prepared = await target.prepare();
const show = prepared.show as (input: unknown) => string;
const run = prepared.run as (input: unknown) => Error[] | Promise<Error[]>;

const errors = new Map<string, number>();
const slowest = { ms: 0, index: -1, input: '', rerunMs: 0 };
let slowestInput: unknown;
/** Over the bound once; kept to re-run (a few: a stalled machine makes many). */
const overBound: { index: number; input: unknown }[] = [];
const MAX_OVER_BOUND = 20;
let index = 0;
const now = () => performance.timeOrigin + performance.now();

function typed(e: unknown): e is Error {
  return target!.typedErrors.some((c) => e instanceof c);
}

function account(found: Error[]): void {
  for (const e of found) {
    if (!typed(e)) throw e;
    const key = `${e.constructor.name} ${(e as { code?: unknown }).code ?? ''}`.trim();
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
}

function started(): number {
  shared[1] = index;
  const t = now();
  shared[0] = t;
  return t;
}

function finished(t: number, input: unknown): void {
  shared[0] = 0;
  const ms = now() - t;
  if (ms > boundMs && overBound.length < MAX_OVER_BOUND) overBound.push({ index, input });
  if (index >= WARM_UP_INPUTS && ms > slowest.ms) {
    Object.assign(slowest, { ms, index });
    slowestInput = input;
  }
  index++;
}

const syncProperty = fc.property(prepared.arbitrary as fc.Arbitrary<unknown>, (input) => {
  const t = started();
  let found: Error[];
  try {
    found = run(input) as Error[];
  } catch (e) {
    if (!typed(e)) throw e;
    found = [e];
  }
  finished(t, input);
  account(found);
});

const asyncProperty = fc.asyncProperty(prepared.arbitrary as fc.Arbitrary<unknown>, async (input) => {
  const t = started();
  let found: Error[];
  try {
    found = await run(input);
  } catch (e) {
    if (!typed(e)) throw e;
    found = [e];
  }
  finished(t, input);
  account(found);
});

const began = performance.now();
const details = target.async ? await fc.check(asyncProperty, { seed, numRuns: runs }) : fc.check(syncProperty, { seed, numRuns: runs });
async function rerun(input: unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = now();
    await Promise.resolve()
      .then(() => run(input))
      .catch(() => undefined);
    best = Math.min(best, now() - t);
  }
  return best;
}
if (slowest.index >= 0) Object.assign(slowest, { input: show(slowestInput), rerunMs: await rerun(slowestInput) });
const slow: WorkerReport['slow'] = [];
for (const { index: at, input } of overBound) {
  const rerunMs = await rerun(input);
  if (rerunMs > boundMs) slow.push({ index: at, rerunMs, input: show(input) });
}
const report: WorkerReport = {
  runs: details.numRuns,
  seconds: (performance.now() - began) / 1000,
  errors: [...errors].sort((a, b) => b[1] - a[1]),
  slowest,
  slow,
  ...(details.failed
    ? {
        failure: {
          input: show(details.counterexample?.[0]),
          error: details.errorInstance instanceof Error ? `${details.errorInstance.name}: ${details.errorInstance.message}` : String(details.errorInstance),
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
          shrinks: details.numShrinks,
        },
      }
    : {}),
};
parentPort!.postMessage(report);
