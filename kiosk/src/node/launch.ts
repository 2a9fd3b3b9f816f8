/**
 * `npm run kiosk -w kiosk` / `tsx kiosk/src/node/launch.ts`: start the kiosk in the best shell
 * this machine has. Electron when its binary is installed (fetched on demand with electron's
 * own install script, since the repo installs electron without running it); if it cannot be
 * fetched or there is no display, browser mode (the local host, Chromium in app mode).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hasDisplay } from './host/chromium.ts';

const kioskRoot = path.resolve(import.meta.dirname, '..', '..');
const repoRoot = path.resolve(kioskRoot, '..');

/** The Electron binary, if installed. */
export function electronBinary(): string | undefined {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const bin = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Runs electron's install script (downloads the binary); false when that fails. */
function installElectron(): boolean {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    console.error('kiosk: fetching the Electron binary (electron/install.js)');
    const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'inherit', timeout: 180_000 });
    return r.status === 0;
  } catch {
    return false;
  }
}

function browserMode(reason: string): void {
  console.error(`kiosk: ${reason}; starting browser mode`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(kioskRoot, 'src/node/main.ts')], {
    stdio: 'inherit',
    env: { KIOSK_OPEN: 'chromium', ...process.env },
  });
  forward(child);
}

function forward(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function main(): void {
  if (process.env.KIOSK_SHELL === 'browser') return browserMode('KIOSK_SHELL=browser');
  if (!hasDisplay()) return browserMode('no display for Electron');
  const binary = electronBinary() ?? (installElectron() ? electronBinary() : undefined);
  if (!binary) return browserMode('the Electron binary is not available');
  if (!existsSync(path.join(kioskRoot, 'dist/electron-main/main.js'))) {
    spawnSync(process.execPath, [path.join(repoRoot, 'build/bundle-electron.mjs')], { stdio: 'inherit' });
  }
  forward(spawn(binary, [kioskRoot], { stdio: 'inherit', env: { KIOSK_DEV: '1', ...process.env } }));
}

main();
