/**
 * One hour offline, shared by the suite and `npm run faults -- outage`: the whole system of
 * the payment end-to-end rig (district server behind a relay that is cut, kiosk host process
 * with simulated devices, Chromium on the host's page). A payer pays a QR order just after
 * the server went away, so that payment is in doubt at the terminal; terminal events are
 * queued on the kiosk's disk; a person browses guides, notices and hotlines from local
 * content; then the server comes back and everything queued must arrive exactly once.
 *
 * What is compressed: the page's clock (Playwright's fake clock) is moved on by the whole
 * hour in one-minute steps, so every timer of the UI (QR expiry, idle wipe, payment
 * reconciliation backoff up to its 60 s ceiling) runs as it would over the hour. The kiosk
 * host's clock is the real one, because it signs requests with it and the server refuses
 * stale signatures; its offline behaviour (push reconnect backoff, capped at 60 s, and the
 * heartbeat loop) reaches its steady state within the real outage of `realOutageMs`.
 */
import { WebSocket } from 'ws';
import type { Page } from 'playwright-core';
import { BRIDGE_SOCKET_PATH, TOKEN_FRAGMENT_KEY } from '../../src/common/bridge-wire.ts';
import { openBill } from '../payment/e2e-rig.ts';
import type { PaymentRig } from '../payment/e2e-rig.ts';

const HOUR_MS = 60 * 60_000;
const STEP_MS = 60_000;
const PROBE = 'outage-probe';

export interface OutageOptions {
  /** Terminal events queued while offline. */
  events: number;
  /** How long the server is really unreachable (the page's clock moves a whole hour meanwhile). */
  realOutageMs: number;
}

export interface OutageFigures {
  eventsQueued: number;
  eventsStored: number;
  duplicates: number;
  /** Information screens opened and shown while the server was down. */
  screensShown: number;
  pageClockAdvancedMs: number;
  /** The payment paid while the terminal was cut off: ledger rows in state paid (must be 1). */
  paymentsPaid: number;
  /** The kiosk's own record of that payment once reconciled. */
  outboxStatus: string | undefined;
  /** From the server coming back to every event stored and the payment settled at the kiosk. */
  drainMs: number;
}

/** Reports terminal events through the host's bridge socket, as the UI's `terminal.reportEvent` does. */
async function reportEvents(rig: PaymentRig, count: number): Promise<void> {
  const url = new URL(rig.host!.url);
  const token = new URLSearchParams(url.hash.slice(1)).get(TOKEN_FRAGMENT_KEY)!;
  const ws = new WebSocket(`ws://${url.host}${BRIDGE_SOCKET_PATH}?token=${encodeURIComponent(token)}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const replies = new Map<number, () => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string; id?: number };
    if (m.type === 'reply' && m.id !== undefined) replies.get(m.id)?.();
  });
  for (let n = 1; n <= count; n++) {
    const answered = new Promise<void>((resolve) => replies.set(n, resolve));
    ws.send(JSON.stringify({ type: 'call', id: n, channel: 'terminal.reportEvent', arg: { type: PROBE, detail: { n } } }));
    await answered;
  }
  ws.close();
}

/**
 * Opens a list screen from home, as a person would, and its first item where the list has
 * items to open (hotlines are rows); true when the screen showed entries from local content.
 */
async function browse(page: Page, route: string): Promise<boolean> {
  const attract = page.getByTestId('attract');
  const home = page.getByTestId('nav-home');
  await attract.or(home).or(page.locator('.tiles')).first().waitFor({ timeout: 30_000 });
  if (await attract.isVisible()) await attract.click();
  else if (await home.isVisible()) await home.click();
  await page.locator(`.tile[data-route="${route}"]`).click();
  await page.locator('#screen-title').waitFor({ timeout: 30_000 });
  const entries = page.locator('.list-item, .list-row');
  if ((await entries.count()) === 0) return false;
  const item = page.locator('.list-item').first();
  if ((await item.count()) > 0) {
    await item.click();
    await page.getByTestId('nav-back').waitFor({ timeout: 30_000 });
  }
  return true;
}

async function probesOnServer(rig: PaymentRig): Promise<{ stored: number; rows: number }> {
  const rows = await rig.t.services.db.selectFrom('terminal_events').select(['detail']).where('type', '=', PROBE).execute();
  const distinct = new Set(rows.map((r) => (JSON.parse(r.detail) as { n: number }).n));
  return { stored: distinct.size, rows: rows.length };
}

export async function runOutage(rig: PaymentRig, options: OutageOptions): Promise<OutageFigures> {
  const { page } = rig;
  const account = '5500123';
  await openBill(page, 'gas', account);
  await page.getByTestId('pay').click();
  const orderId = await rig.shownOrderId();

  await rig.serverDown();
  const downSince = performance.now();
  // The payer pays while the terminal cannot reach the server: in doubt at the kiosk.
  await rig.payer('complete', orderId);
  await reportEvents(rig, options.events);

  let screensShown = 0;
  let advanced = 0;
  const routes = ['guides', 'notices', 'hotlines'];
  for (let step = 0; advanced < HOUR_MS; step++) {
    await page.clock.fastForward(STEP_MS);
    advanced += STEP_MS;
    // A person at the screen every ten minutes of the hour.
    if (step % 10 === 9 && (await browse(page, routes[(step / 10) % routes.length | 0]!))) screensShown++;
  }
  const rest = options.realOutageMs - (performance.now() - downSince);
  if (rest > 0) await new Promise((r) => setTimeout(r, rest));

  await rig.serverUp();
  const upAt = performance.now();
  let probes: { stored: number; rows: number };
  let record: { status: string } | undefined;
  for (;;) {
    probes = await probesOnServer(rig);
    record = (await rig.outbox().catch(() => [])).find((r) => r.accountMasked.endsWith(account.slice(-4)));
    if ((probes.stored >= options.events && record?.status === 'paid') || performance.now() - upAt > 180_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const drainMs = performance.now() - upAt;
  const paid = (await rig.ledger()).filter((p) => p.account === account && p.state === 'paid');
  return {
    eventsQueued: options.events,
    eventsStored: probes.stored,
    duplicates: probes.rows - probes.stored,
    screensShown,
    pageClockAdvancedMs: advanced,
    paymentsPaid: paid.length,
    outboxStatus: record?.status,
    drainMs,
  };
}
