/**
 * Opens the browser-mode kiosk in Chromium's app mode (no address bar, no tabs), full screen
 * with `--kiosk`, with its own profile and without the background traffic a public terminal
 * must not make. `--no-sandbox` only when running as root, where Chromium refuses otherwise.
 * The host keeps Chromium's DevTools pipe to hold the window on the kiosk origin
 * (`navigation-guard.ts`); no DevTools port is opened.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { CHINA_TIME_ZONE } from '@civic-kiosk/protocol/china-time';
import { guardNavigation } from './navigation-guard.ts';
import type { KioskWindow, NavigationGuardOptions } from './navigation-guard.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** True when there is a screen to open a window on. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function chromiumArgs(url: string, options: { userDataDir: string; kiosk: boolean; root: boolean }): string[] {
  return [
    `--app=${url}`,
    ...(options.kiosk ? ['--kiosk'] : []),
    ...(options.root ? ['--no-sandbox'] : []),
    `--user-data-dir=${options.userDataDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter',
    '--noerrdialogs',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    '--password-store=basic',
    '--remote-debugging-pipe',
  ];
}

export interface LaunchOptions {
  userDataDir: string;
  kiosk: boolean;
  report?: NavigationGuardOptions['report'];
  /** Flags added after the kiosk's own (tests: `--headless`, a DevTools port to watch from). */
  extraArgs?: readonly string[];
}

/** The browser's environment: the host's, in the district's time zone (see CHINA_TIME_ZONE). */
export function chromiumEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TZ: CHINA_TIME_ZONE };
}

/** The Chromium process and its kiosk window (guarded; captured for staff screenshots). */
export interface LaunchedChromium {
  process: ChildProcess;
  window: KioskWindow;
}

export function launchChromium(binary: string, url: string, options: LaunchOptions): LaunchedChromium {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(binary, [...chromiumArgs(url, { userDataDir: options.userDataDir, kiosk: options.kiosk, root }), ...(options.extraArgs ?? [])], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    env: chromiumEnv(process.env),
  });
  const window = guardNavigation(child.stdio[3] as Writable, child.stdio[4] as Readable, { origin: new URL(url).origin, ...(options.report ? { report: options.report } : {}) });
  return { process: child, window };
}
