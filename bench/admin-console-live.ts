/**
 * A terminal's status change on the server to the change shown in an open console (target
 * <= 2 s), against the real server on SQLite with 10,000 terminals and Chromium showing the
 * fleet list with the terminal's row:
 *   - a heartbeat that brings a down terminal back: from the terminal's request to the row
 *     saying online, painted
 *   - missed heartbeats: from the fleet sweep starting (the periodic task that derives down
 *     terminals; it runs every half heartbeat interval, at most 10 s) to the row saying down
 * median and p95 of 15 changes each, wall clock (the page's Date.now() after the paint).
 *
 *   npx tsx bench/admin-console-live.ts
 */
import { TestTerminal } from '../admin-web/server/test/support/terminal.ts';
import { withFleetConsole } from './fleet-console.ts';
import { median, percentile } from './stats.ts';

const FLEET = 10_000;
const CHANGES = 15;
const MISSED_MS = 31_000;

await withFleetConsole(FLEET, { terminals: { heartbeatIntervalMs: 10_000 } }, async ({ t, base, adminPage }) => {
  const kiosk = await TestTerminal.enrol(t, { name: 'Bench live kiosk' });
  await kiosk.heartbeat();
  await t.services.monitor.tick();
  const { context, page } = await adminPage();
  await page.goto(`${base}/fleet`);
  await page.locator('.query-search').fill('Bench live kiosk');
  await page.locator('.fleet-table[aria-busy="false"] [role="row"][aria-rowindex="2"]').waitFor();
  // Every change of the row's status text, stamped once painted (strings: no DOM library here).
  await page.evaluate(`(() => {
    window.__shown = [];
    const cell = () => document.querySelector('.fleet-table [aria-rowindex="2"] .col-status');
    let last = cell().textContent;
    new MutationObserver(() => {
      const now = cell()?.textContent;
      if (now === undefined || now === last) return;
      last = now;
      requestAnimationFrame(() => setTimeout(() => window.__shown.push({ status: now, at: Date.now() })));
    }).observe(document.querySelector('.fleet-table'), { subtree: true, childList: true, characterData: true });
  })()`);
  const shown = async (count: number) => {
    for (;;) {
      const list = (await page.evaluate('window.__shown')) as { status: string; at: number }[];
      if (list.length >= count) return list[count - 1]!;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  const sweep: number[] = [];
  const heartbeat: number[] = [];
  let seen = 0;
  for (let i = 0; i < CHANGES; i++) {
    // Its heartbeats stop: the row's last heartbeat is moved back as if they were missed.
    await t.services.db.updateTable('terminals').set({ last_heartbeat_at: t.clock.now() - MISSED_MS }).where('id', '=', kiosk.id).execute();
    let started = Date.now();
    await t.services.monitor.evaluate();
    let change = await shown(++seen);
    if (change.status !== '离线') throw new Error(`expected 离线 (down), saw ${change.status}`);
    sweep.push(change.at - started);

    started = Date.now();
    await kiosk.heartbeat();
    change = await shown(++seen);
    if (change.status !== '在线') throw new Error(`expected 在线 (online), saw ${change.status}`);
    heartbeat.push(change.at - started);
  }
  const line = (label: string, xs: number[]) =>
    console.log(`${label.padEnd(38)} median ${median(xs).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms of ${xs.length}   target <= 2000 ms: ${percentile(xs, 95) <= 2000 ? 'within target' : 'OVER TARGET'}`);
  line('status change to console, heartbeat', heartbeat);
  line(`status change to console, sweep of ${FLEET + 1}`, sweep);
  await context.close();
});
