/**
 * Browser mode: `tsx kiosk/src/node/main.ts`. Opens the devices and the kiosk core, serves
 * the UI and the bridge on http://127.0.0.1:8090/, prints the URL, and opens Chromium in app
 * mode when asked to and a display is there. Environment:
 *   KIOSK_PORT            port (default 8090; loopback only)
 *   KIOSK_DATA_DIR        data dir (default .data/kiosk)
 *   KIOSK_UI_DIR          UI build (default kiosk/dist/ui)
 *   KIOSK_BRIDGE_TOKEN    keep one token across restarts of this host (default: fresh)
 *   KIOSK_DEVICES=simulated | KIOSK_DEVICE_CONFIG=path   devices (see device-host.ts)
 *   KIOSK_STAFF_PIN       sets the staff PIN hash in the kiosk config when it has none
 *   KIOSK_ENROL_SERVER + KIOSK_ENROL_CODE   enrol at start when not enrolled yet
 *   KIOSK_OPEN=chromium   open Chromium in app mode (KIOSK_FULLSCREEN=1 adds --kiosk)
 */
import path from 'node:path';
import { openKioskDevices } from './device-host.ts';
import { defaultDataDir } from './files.ts';
import { findChromium, hasDisplay, launchChromium } from './host/chromium.ts';
import { endLeftoverBrowser } from './host/leftover-browser.ts';
import { startKioskHost } from './host/kiosk-host.ts';
import { KioskCore } from './kiosk-core.ts';
import { browserModeShell } from './shell-actions.ts';
import type { KioskWindow } from './host/navigation-guard.ts';
import { enrolFromEnv, staffPinFromEnv } from './startup.ts';

const kioskRoot = path.resolve(import.meta.dirname, '..', '..');
const APP_VERSION = '0.1.0';

async function main(): Promise<void> {
  const env = process.env;
  const dataDir = defaultDataDir(env);
  await staffPinFromEnv(dataDir, env);
  const { devices, simulatorControl, problem } = await openKioskDevices(env);
  if (problem) console.error(`kiosk: devices absent: ${problem}`);
  if (simulatorControl) console.error(`kiosk: simulator control socket ${simulatorControl}`);
  // The window opens after the core: a screenshot before then (or with no window) is refused.
  let window: KioskWindow | undefined;
  const shell = browserModeShell(async () => window?.capture());
  const core = await KioskCore.open({ dataDir, appVersion: APP_VERSION, devices, shell, log: (m) => console.error(`kiosk: ${m}`) });

  await enrolFromEnv(core, env, (m) => console.error(`kiosk: ${m}`));

  const host = await startKioskHost({
    backend: core,
    uiDir: env.KIOSK_UI_DIR ?? path.join(kioskRoot, 'dist', 'ui'),
    port: Number(env.KIOSK_PORT ?? 8090),
    ...(env.KIOSK_BRIDGE_TOKEN ? { token: env.KIOSK_BRIDGE_TOKEN } : {}),
  });
  console.log(`kiosk: browser mode at ${host.url}`);

  let browser: ReturnType<typeof launchChromium>['process'] | undefined;
  if (env.KIOSK_OPEN === 'chromium') {
    const binary = findChromium(env);
    if (!binary) console.error('kiosk: Chromium not found; open the URL above in a browser');
    else if (!hasDisplay(env)) console.error('kiosk: no display (DISPLAY/WAYLAND_DISPLAY); open the URL above in a browser');
    else {
      const userDataDir = path.join(dataDir, 'chromium-profile');
      // The browser of a previous run would keep its page with the old token: end it first.
      if (await endLeftoverBrowser(userDataDir)) console.error('kiosk: ended the browser left by the previous run');
      const launched = launchChromium(binary, host.url, {
        userDataDir,
        kiosk: env.KIOSK_FULLSCREEN === '1',
        // Like the Electron shell, refused navigations and windows go to the server's event log.
        report: (type, url) => void core.report({ type, detail: { url } }),
      });
      browser = launched.process;
      window = launched.window;
    }
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    browser?.kill();
    await host.stop();
    await core.stop();
    await devices.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`kiosk: failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
