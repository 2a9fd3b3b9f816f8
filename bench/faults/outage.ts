/**
 * `npm run faults -- outage`: the hour-long outage of kiosk/test/faults/outage.test.ts with
 * more events and a longer real outage. Prints events queued and stored, duplicates, the
 * payment in doubt, and the time from the server's return to everything drained.
 */
import { PaymentRig } from '../../kiosk/test/payment/e2e-rig.ts';
import { runOutage } from '../../kiosk/test/faults/outage-scenario.ts';

const rig = new PaymentRig();
let ok = false;
try {
  await rig.start({ fakeClock: true });
  const f = await runOutage(rig, { events: Number(process.env.FAULT_EVENTS ?? 1000), realOutageMs: Number(process.env.FAULT_OUTAGE_MS ?? 90_000) });
  console.log(`page clock moved on: ${f.pageClockAdvancedMs / 60_000} min; information screens shown while offline: ${f.screensShown}`);
  console.log(`terminal events queued offline: ${f.eventsQueued}; stored on the server: ${f.eventsStored}; stored twice: ${f.duplicates}`);
  console.log(`payment paid while offline: ${f.paymentsPaid} on the ledger, kiosk record ${f.outboxStatus}`);
  console.log(`server back to all drained: ${(f.drainMs / 1000).toFixed(1)} s`);
  ok = f.eventsStored === f.eventsQueued && f.duplicates === 0 && f.paymentsPaid === 1 && f.outboxStatus === 'paid';
} finally {
  await rig.stop();
}
process.exit(ok ? 0 : 1);
