/**
 * Browser mode recovers from a host restart by itself, in real Chromium on a virtual display:
 * the host process (kiosk/src/node/main.ts with KIOSK_OPEN=chromium) opens its page; the host is
 * killed (SIGKILL: no clean-up runs, its Chromium may stay) and started again with a fresh
 * bridge token; nobody types a URL, yet the kiosk window shows a page whose bridge calls
 * succeed, and a page presenting the old token is still refused. Twice: as it happens here
 * (Chromium notices its host's DevTools pipe close and quits), and with the browser outliving
 * its host (the restarted host must end it: Chromium would hand the new launch to it and leave
 * the refused page on screen). The test watches Chromium through a DevTools port of its own (a
 * wrapper named by CHROMIUM_PATH adds the flag, and for the second case drops the pipe flag so
 * that browser does not quit with its host).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { BRIDGE_CLOSE } from '../../src/common/bridge-socket.ts';
import { endLeftoverBrowser } from '../../src/node/host/leftover-browser.ts';
import { ensureBuilt, UI_DIR } from '../support/browser.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/node/main.ts');

let dir: string;
let xvfb: ChildProcess | undefined;
let display = '';
let host: ChildProcess | undefined;
let port = 0;
const log: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log.slice(-15).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An X server of our own; `-displayfd` picks a free display number and tells it on fd 3. */
async function startXvfb(): Promise<void> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1080x1920x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  xvfb = child;
  display = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdio[3]!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    // No Xvfb on the machine: say so at once (scripts/install-system-deps.sh installs it).
    child.once('error', (e) => reject(new Error(`Xvfb could not start: ${e.message}`)));
  });
}

/** Starts main.ts as the kiosk's service would; resolves once it has printed its URL. */
async function startHost(data: string, detachBrowser = false): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      ...(detachBrowser ? { TEST_DETACH_BROWSER: '1' } : {}),
      DISPLAY: display,
      KIOSK_OPEN: 'chromium',
      CHROMIUM_PATH: path.join(dir, 'chromium'),
      KIOSK_PORT: String(port),
      KIOSK_DATA_DIR: data,
      KIOSK_UI_DIR: UI_DIR,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host = child;
  return new Promise<string>((resolve, reject) => {
    const line = (chunk: Buffer) => {
      for (const l of chunk.toString().split('\n').filter(Boolean)) {
        log.push(l);
        const url = /browser mode at (\S+)/.exec(l)?.[1];
        if (url) resolve(url);
      }
    };
    child.stdout!.on('data', line);
    child.stderr!.on('data', line);
    child.once('exit', (code) => reject(new Error(`kiosk host exited (${code}):\n${log.slice(-15).join('\n')}`)));
  });
}

/** The host dies at once (crash, OOM kill): no clean-up runs. */
async function killHost(): Promise<void> {
  const child = host;
  host = undefined;
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

/** The kiosk window as Chromium's own DevTools port shows it (the port is in the profile). */
interface Window {
  browser: Browser;
  /** Every page of the kiosk's origin the browser shows. */
  pages: Page[];
}

async function kioskWindows(data: string, origin: string): Promise<Window> {
  return until('the kiosk window', async () => {
    const activePort = (await readFile(path.join(data, 'chromium-profile', 'DevToolsActivePort'), 'utf8')).split('\n')[0];
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${activePort}`, { timeout: 5_000 });
    const pages = browser.contexts().flatMap((c) => c.pages()).filter((p) => p.url().startsWith(origin));
    if (pages.length) return { browser, pages };
    await browser.close();
    return undefined;
  });
}

/** One bridge call from inside the page with a given token: the reply, or the socket's close code. */
function callWithToken(page: Page, token: string): Promise<{ ok: boolean } | { closed: number }> {
  return page.evaluate(
    (t) =>
      new Promise<{ ok: boolean } | { closed: number }>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(t)}`);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'terminal.info' }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as { type: string; reply?: { ok: boolean } };
          if (m.type === 'reply') {
            resolve({ ok: m.reply!.ok });
            ws.close();
          }
        };
        ws.onclose = (e) => resolve({ closed: e.code });
      }),
    token,
  );
}

const pageToken = (page: Page) => page.evaluate(() => sessionStorage.getItem('kiosk-bridge-token') ?? '');

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-restart-'));
  // The kiosk's own flags plus a DevTools port for the test to watch from.
  await writeFile(
    path.join(dir, 'chromium'),
    [
      '#!/bin/sh',
      'if [ -n "$TEST_DETACH_BROWSER" ]; then for a do shift; [ "$a" = --remote-debugging-pipe ] || set -- "$@" "$a"; done; fi',
      'exec /usr/bin/chromium --remote-debugging-port=0 --disable-gpu "$@"',
      '',
    ].join('\n'),
  );
  await chmod(path.join(dir, 'chromium'), 0o755);
  await startXvfb();
  port = 20_000 + Math.floor(Math.random() * 20_000);
}, 240_000);

afterAll(async () => {
  await killHost();
  // The host's Chromium, if a killed host left it: found by its profile, as the host itself does.
  for (const data of ['crash', 'outlived']) await endLeftoverBrowser(path.join(dir, data, 'chromium-profile')).catch(() => false);
  xvfb?.kill();
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const tokenOf = (url: string) => new URL(url).hash.slice('#kiosk-token='.length);

/** Host up, page working; host killed and started again; the page back working with the fresh token only. */
async function restart(data: string, detachFirstBrowser: boolean): Promise<void> {
  const firstUrl = await startHost(data, detachFirstBrowser);
  const origin = new URL(firstUrl).origin;
  const first = await kioskWindows(data, origin);
  // Not enrolled: the enrolment screen shows once the page has the terminal's info over the bridge.
  await first.pages[0]!.locator('#enrol-title').waitFor({ timeout: 60_000 });
  const oldToken = await pageToken(first.pages[0]!);
  expect(oldToken).toBe(tokenOf(firstUrl));
  expect(await callWithToken(first.pages[0]!, oldToken)).toEqual({ ok: true });
  await first.browser.close();

  await killHost();
  const secondUrl = await startHost(data);
  const newToken = tokenOf(secondUrl);
  expect(newToken).not.toBe(oldToken);

  // Nobody types a URL: the window shows pages holding the fresh token only (a refused page left
  // on screen would keep the old one), and their own bridge works.
  const second = await until('the kiosk window with the fresh token', async () => {
    const w = await kioskWindows(data, origin);
    const tokens = await Promise.all(w.pages.map((p) => pageToken(p).catch(() => '')));
    if (tokens.every((t) => t === newToken)) return w;
    await w.browser.close();
    return undefined;
  });
  try {
    const page = second.pages[0]!;
    await page.locator('#enrol-title').waitFor({ timeout: 60_000 });
    expect(await callWithToken(page, newToken)).toEqual({ ok: true });
    // The token check is as strict as before: the old token is refused.
    expect(await callWithToken(page, oldToken)).toEqual({ closed: BRIDGE_CLOSE.badToken });
  } finally {
    await second.browser.close();
    await killHost();
  }
}

describe('browser mode after a host restart', () => {
  it('comes back working by itself with the fresh token when the browser quit with its host; the old token stays refused', { timeout: 240_000 }, async () => {
    await restart(path.join(dir, 'crash'), false);
  });

  it('ends a browser that outlived its host, so the page comes back with the fresh token', { timeout: 240_000 }, async () => {
    const before = log.length;
    await restart(path.join(dir, 'outlived'), true);
    expect(log.slice(before)).toContain('kiosk: ended the browser left by the previous run');
  });
});
