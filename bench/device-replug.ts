/**
 * Devices unplugged and plugged back in, 100 times each (card reader, ID reader, printer,
 * scanner): the simulator's pty goes away and returns at the same path while the device
 * manager runs with the default reconnect policy. Prints the time back in service (median,
 * p95, max; target <= 2 s every time) and what the process holds after all cycles against
 * after the first: file descriptors, active handles, timers, transport subscriptions, process
 * listeners (target: no growth). Then two cycles per device away for 10 s each: the reconnect
 * backoff must not leave a device that was away long out of service for long.
 *
 *   npm run bench -- device-replug          REPLUG_CYCLES=20 to shorten
 */
import { availableParallelism, loadavg } from 'node:os';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { ALL_SIMULATED } from '../device-drivers/src/node/sim/simulators.ts';
import { ReplugRig } from '../device-drivers/test/support/replug-rig.ts';
import type { ProcessResources } from '../device-drivers/test/support/replug-rig.ts';
import { median, percentile } from './stats.ts';

const cycles = Number(process.env.REPLUG_CYCLES ?? 100);
const TARGET_MS = 2_000;

console.log(`machine: ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}; ${cycles} unplug/replug cycles per device`);
const rig = await ReplugRig.start();
const times = new Map<DeviceKind, number[]>(ALL_SIMULATED.map((k) => [k, []]));
// One cycle of each first: lazily created things (thread pool, bindings) are not leaks.
for (const kind of ALL_SIMULATED) times.get(kind)!.push(await rig.replug(kind));
const before = await rig.resources();
for (const kind of ALL_SIMULATED) for (let i = 1; i < cycles; i++) times.get(kind)!.push(await rig.replug(kind));
const after = await rig.resources();
const AWAY_MS = 10_000;
const awayTimes: number[] = [];
for (const kind of ALL_SIMULATED) for (let i = 0; i < 2; i++) awayTimes.push(await rig.replug(kind, AWAY_MS));
await rig.stop();

const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
let met = true;
for (const [kind, ms] of times) {
  const worst = Math.max(...ms);
  met &&= worst <= TARGET_MS;
  console.log(`${kind.padEnd(16)} back in service: median ${fmt(median(ms))}, p95 ${fmt(percentile(ms, 95))}, max ${fmt(worst)}`);
}
met &&= Math.max(...awayTimes) <= TARGET_MS;
console.log(`away ${AWAY_MS / 1000} s, back in service: median ${fmt(median(awayTimes))}, max ${fmt(Math.max(...awayTimes))} (${awayTimes.length} cycles)`);
const growth = (Object.keys(before) as (keyof ProcessResources)[]).map((k) => [k, after[k] - before[k]] as const);
met &&= growth.every(([, d]) => d <= 0);
console.log(`after ${4 * (cycles - 1)} more cycles: ${growth.map(([k, d]) => `${k} ${d >= 0 ? '+' : ''}${d} (${after[k]})`).join(', ')}`);
console.log(met ? 'all targets met' : 'some targets missed (see the figures; a loaded machine is slower)');
