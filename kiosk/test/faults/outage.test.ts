/**
 * The server unreachable for an hour of the terminal's clock, then back (see
 * outage-scenario.ts for what is compressed): information screens keep working, and every
 * terminal event queued meanwhile is stored once, the payment paid meanwhile settled once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PaymentRig } from '../payment/e2e-rig.ts';
import { runOutage } from './outage-scenario.ts';

vi.setConfig({ testTimeout: 400_000, hookTimeout: 300_000 });

const rig = new PaymentRig();
beforeAll(() => rig.start({ fakeClock: true }), 300_000);
afterAll(() => rig.stop());

describe('an hour without the district server', () => {
  it('keeps the information screens, then delivers every queued event and settles the payment in doubt exactly once', async () => {
    const f = await runOutage(rig, { events: 120, realOutageMs: 15_000 });
    console.log(`outage: ${JSON.stringify(f)}`);
    expect(f.pageClockAdvancedMs).toBe(60 * 60_000);
    expect(f.screensShown).toBe(6);
    expect(f.eventsStored).toBe(f.eventsQueued);
    expect(f.duplicates).toBe(0);
    expect(f.paymentsPaid).toBe(1);
    expect(f.outboxStatus).toBe('paid');
  });
});
