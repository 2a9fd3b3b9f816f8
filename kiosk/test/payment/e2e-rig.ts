/**
 * The whole system for payment end-to-end and crash tests: the real district server (buildApp
 * on SQLite, on loopback) behind a TCP relay that can be cut (server down / cable pulled), the
 * kiosk host as its own process (`kiosk/src/node/main.ts`, simulated devices on ptys, enrolled
 * with a one-time code), and Chromium on the host's URL with the real socket bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PaymentView } from '@civic-kiosk/protocol/gateway';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { sendSimulatorCommand } from '@civic-kiosk/device-drivers/node/sim/control-client';
import { withApp, type TestApp, type TestAppOptions } from '../../../admin-web/server/test/support/app.ts';
import { loginStaff, type StaffClient } from '../../../admin-web/server/test/support/staff.ts';
import type { PaymentRecord } from '../../src/common/payment/types.ts';
import { ensureBuilt, launchBrowser, UI_DIR, type Kiosk } from '../support/browser.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/node/main.ts');

/** A loopback relay to the server; `cut()` drops every connection and refuses new ones. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(public target: number) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface HostProcess {
  child: ChildProcess;
  url: string;
  simulatorControl: string;
}

export class PaymentRig {
  t!: TestApp;
  operator!: StaffClient;
  admin!: StaffClient;
  relay!: Relay;
  kiosk!: Kiosk;
  page!: Page;
  host: HostProcess | null = null;
  /** The host's KIOSK_DATA_DIR. */
  dataDir = '';
  /** Chromium's profile directory, when `start({ profile: true })` asked to keep it searchable. */
  profileDir = '';
  private readonly token = randomBytes(24).toString('base64url');
  private hostPort = 0;
  private code = '';
  log: string[] = [];
  /** The server instance that created the database, once a restart replaced it. */
  private first: TestApp | undefined;

  /**
   * `fakeClock`: the page's clock is Playwright's, moved on by hand (`page.clock`); `server`:
   * settings of the district server (e.g. a low holder limit); `profile`: Chromium runs on a
   * profile directory of ours (`profileDir`), to be searched after the session.
   */
  async start(options: { fakeClock?: boolean; server?: TestAppOptions['config']; profile?: boolean } = {}): Promise<void> {
    await ensureBuilt();
    this.t = await withApp('sqlite', options.server ? { config: options.server } : {});
    const port = Number(new URL(await this.t.app.listen({ host: '127.0.0.1', port: 0 })).port);
    this.relay = new Relay(port);
    await this.relay.open();
    this.operator = await loginStaff(this.t, 'operator');
    this.admin = await loginStaff(this.t, 'admin');
    const created = await this.operator.request('POST', '/api/terminals', { name: '浦江镇社区服务中心 1号机', location: 'Hall A', group: 'pujiang' });
    this.code = created.json().enrolment.code;
    this.dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-pay-e2e-'));
    this.hostPort = await freePort();
    await this.startHost();
    if (options.profile) this.profileDir = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-profile-'));
    this.kiosk = await launchBrowser(this.profileDir ? { userDataDir: this.profileDir } : {});
    this.page = await this.kiosk.context.newPage();
    if (options.fakeClock) await this.page.clock.install();
    await this.page.goto(this.host!.url);
  }

  /** Start (or restart) the kiosk host process on the same data, port and bridge token. */
  async startHost(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        KIOSK_PORT: String(this.hostPort),
        KIOSK_DATA_DIR: this.dataDir,
        KIOSK_UI_DIR: UI_DIR,
        KIOSK_BRIDGE_TOKEN: this.token,
        KIOSK_DEVICES: 'simulated',
        KIOSK_STAFF_PIN: '2468',
        KIOSK_ENROL_SERVER: `http://127.0.0.1:${this.relay.port}`,
        KIOSK_ENROL_CODE: this.code,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let url = '';
    let control = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kiosk host did not start:\n${this.log.slice(-20).join('\n')}`)), 90_000);
      const line = (chunk: Buffer) => {
        for (const l of chunk.toString().split('\n')) {
          if (!l) continue;
          this.log.push(l);
          url ||= /browser mode at (\S+)/.exec(l)?.[1] ?? '';
          control ||= /simulator control socket (\S+)/.exec(l)?.[1] ?? '';
        }
        if (url) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', line);
      child.stderr!.on('data', line);
      child.on('exit', (code) => reject(new Error(`kiosk host exited (${code}):\n${this.log.slice(-20).join('\n')}`)));
    });
    await ready;
    this.host = { child, url, simulatorControl: control };
  }

  /** The kiosk process dies at once (power cut, crash): no clean-up runs. */
  async killHost(): Promise<void> {
    const child = this.host?.child;
    this.host = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /**
   * The district server restarts: a new instance on the same database (its simulators start
   * afresh in memory), reached through the same relay; the old one is closed.
   */
  async restartServer(): Promise<void> {
    const old = this.t;
    await this.stopServer();
    this.t = await withApp('sqlite', { shareWith: old });
    this.first ??= old;
    this.relay.target = Number(new URL(await this.t.app.listen({ host: '127.0.0.1', port: 0 })).port);
    await this.relay.open();
    this.operator = await loginStaff(this.t, 'operator');
    this.admin = await loginStaff(this.t, 'admin');
  }

  /** The district server stops (its process ends); `restartServer()` brings a new one up. */
  async stopServer(): Promise<void> {
    await this.relay.cut();
    await this.t.app.close();
  }

  async serverDown(): Promise<void> {
    await this.relay.cut();
  }

  async serverUp(): Promise<void> {
    await this.relay.open();
  }

  /** The simulated payer acts on the order shown as a QR code. */
  async payer(action: 'complete' | 'cancel' | 'expire', orderId?: string): Promise<void> {
    const id = orderId ?? (await this.shownOrderId());
    const res = await this.operator.request('POST', `/api/simulator/payments/${id}/${action}`);
    if (res.statusCode !== 200) throw new Error(`payer ${action} ${id}: ${res.statusCode} ${res.body}`);
  }

  async shownOrderId(): Promise<string> {
    const payload = await this.page.getByTestId('payment-qr').getAttribute('data-payload', { timeout: 60_000 });
    const id = /order\/([A-Z0-9]+)/.exec(payload ?? '')?.[1];
    if (!id) throw new Error(`no order id in QR payload ${payload}`);
    return id;
  }

  sim(device: DeviceKind, command: { action: string; [k: string]: unknown }) {
    if (!this.host?.simulatorControl) throw new Error('no simulator control socket');
    return sendSimulatorCommand(this.host.simulatorControl, device, command);
  }

  async receipts(): Promise<string[]> {
    const r = await this.sim('receipt-printer', { action: 'receipts' });
    if (!r.ok) throw new Error(r.error);
    return (r.receipts as unknown[]).map((x) => JSON.stringify(x));
  }

  /** The server's ledger: every payment it holds. */
  async ledger(): Promise<(PaymentView & { terminalId: string })[]> {
    const res = await this.operator.request('GET', '/api/staff/transactions?limit=500');
    return res.json().payments;
  }

  async billerFault(biller: string, mode: 'normal' | 'decline' | 'down' | 'timeout'): Promise<void> {
    const res = await this.admin.request('PUT', `/api/staff/gateway/simulators/${biller}`, { mode });
    if (res.statusCode !== 200) throw new Error(`simulator fault: ${res.statusCode} ${res.body}`);
  }

  /** The page's outbox, read straight from IndexedDB. */
  outbox(): Promise<PaymentRecord[]> {
    return this.page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('civic-kiosk-payments');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('attempts')) { db.close(); resolve([]); return; }
        const req = db.transaction('attempts').objectStore('attempts').getAll();
        req.onsuccess = () => { db.close(); resolve(req.result); };
        req.onerror = () => reject(req.error);
      };
    })`);
  }

  async stop(): Promise<void> {
    await this.kiosk?.close().catch(() => undefined);
    await this.killHost().catch(() => undefined);
    await this.relay?.cut().catch(() => undefined);
    await this.t?.close().catch(() => undefined);
    // The first instance owns the database directory; a restarted one only shares it.
    await this.first?.close().catch(() => undefined);
    for (const dir of [this.dataDir, this.profileDir]) if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Touches from wherever the page is to the bill screens' first step. */
export async function toBills(page: Page): Promise<void> {
  const attract = page.getByTestId('attract');
  const home = page.getByTestId('nav-home');
  const tile = page.locator('.tile[data-route="bills"]');
  await attract.or(home).or(tile).first().waitFor({ timeout: 60_000 });
  if (await attract.isVisible()) await attract.click();
  else if (await home.isVisible()) await home.click();
  await tile.click();
  await page.locator('[data-biller="water"]').waitFor({ timeout: 60_000 });
}

/** Touches from wherever the page is to a looked-up bill (typed account). */
export async function openBill(page: Page, biller: string, account: string): Promise<void> {
  await toBills(page);
  await page.locator(`[data-biller="${biller}"]`).click();
  for (const d of account) await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('.keypad-submit').click();
  await page.getByTestId('bill-details').waitFor({ timeout: 60_000 });
}

/** Leave an outcome screen for the start of the bill flow. */
export async function finish(page: Page): Promise<void> {
  await page.getByTestId('bill-outcome').locator('button').last().click();
}
