/**
 * Devices unplugged and plugged back in under a running device manager (the simulator's pty
 * goes away and returns at the same path): each is back in service within 2 s, however long
 * it was away, and reconnecting leaks nothing. The 100-cycle figures: bench/device-replug.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SIMULATED } from '../../../src/node/sim/simulators.ts';
import { ReplugRig } from '../../support/replug-rig.ts';

const BACK_IN_SERVICE_MS = 2_000;

let rig: ReplugRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('unplugging and replugging devices', () => {
  it('brings every device back within 2 s, five times each, without growth in fds, handles, timers or listeners', async () => {
    rig = await ReplugRig.start();
    // A first cycle of each creates what is created once (thread pool, bindings).
    for (const kind of ALL_SIMULATED) await rig.replug(kind);
    const before = await rig.resources();
    for (let cycle = 0; cycle < 5; cycle++) {
      for (const kind of ALL_SIMULATED) expect(await rig.replug(kind), `${kind}, cycle ${cycle + 1}`).toBeLessThanOrEqual(BACK_IN_SERVICE_MS);
    }
    // The last cycle's port may still be closing; growth must be gone within a moment.
    const started = rig;
    await expect.poll(() => started.resources(), { timeout: 3_000 }).toEqual(before);
    expect(Object.values(rig.manager.health()).every((h) => h.state === 'ready')).toBe(true);
  }, 120_000);

  it('brings a printer back within 2 s after it was away for 8 s (the reconnect backoff stays short)', async () => {
    rig = await ReplugRig.start();
    expect(await rig.replug('receipt-printer', 8_000)).toBeLessThanOrEqual(BACK_IN_SERVICE_MS);
  }, 60_000);
});
