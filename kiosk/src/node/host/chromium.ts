/**
 * Opens the browser-mode kiosk in Chromium's app mode (no address bar, no tabs), full screen
 * with `--kiosk`, with its own profile and without the background traffic a public terminal
 * must not make. `--no-sandbox` only when running as root, where Chromium refuses otherwise.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

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
  ];
}

export function launchChromium(binary: string, url: string, options: { userDataDir: string; kiosk: boolean }): ChildProcess {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return spawn(binary, chromiumArgs(url, { ...options, root }), { stdio: 'ignore' });
}
