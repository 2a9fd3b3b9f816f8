/**
 * The Electron main process: one instance, the app:// scheme, the locked-down window, the
 * privileged core (terminal identity, devices, sync) and the bridge IPC, all set up here.
 * Environment: KIOSK_DATA_DIR (default: the app's userData dir), KIOSK_DEVICES /
 * KIOSK_DEVICE_CONFIG (see device-host.ts), KIOSK_STAFF_PIN and KIOSK_ENROL_SERVER +
 * KIOSK_ENROL_CODE (see startup.ts), KIOSK_DEV=1 for a development window.
 */
import path from 'node:path';
import { app, ipcMain, powerSaveBlocker, session } from 'electron';
import { CHINA_TIME_ZONE } from '@civic-kiosk/protocol/china-time';
import type { BrowserWindow } from 'electron';
import { KioskCore } from '../node/kiosk-core.ts';
import { openKioskDevices } from '../node/device-host.ts';
import { enrolFromEnv, staffPinFromEnv } from '../node/startup.ts';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { electronShellActions } from './electron-shell-actions.ts';
import { forwardBridgeEvents, IPC_EVENT_CHANNEL, registerBridgeIpc } from './ipc.ts';
import { createKioskWindow, lockDownSession } from './kiosk-window.ts';

const production = app.isPackaged && process.env.KIOSK_DEV !== '1';
const appRoot = app.getAppPath();

// Renderers inherit it: the clock and dayparts are the lobby's whatever zone the OS was given.
process.env.TZ = CHINA_TIME_ZONE;
registerAppScheme();
app.commandLine.appendSwitch('disable-features', 'Translate,MediaRouter');
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => window?.focus());
  // New web contents of any kind (a window slipped past the handler) get the same rules.
  app.on('web-contents-created', (_e, contents) => contents.setWindowOpenHandler(() => ({ action: 'deny' })));

  void app.whenReady().then(async () => {
    const kioskSession = session.fromPartition('persist:kiosk');
    lockDownSession(kioskSession);
    const dataDir = process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'kiosk');
    await staffPinFromEnv(dataDir, process.env);
    const { devices, problem, simulatorControl } = await openKioskDevices();
    if (problem) console.error(`kiosk: devices absent: ${problem}`);
    if (simulatorControl) console.error(`kiosk: simulator control socket ${simulatorControl}`);
    const core = await KioskCore.open({
      dataDir,
      appVersion: app.getVersion(),
      devices,
      shell: electronShellActions(() => window),
      log: (m) => console.error(`kiosk: ${m}`),
    });
    await enrolFromEnv(core, process.env, (m) => console.error(`kiosk: ${m}`));
    serveAppProtocol(kioskSession, { uiDir: path.join(appRoot, 'dist', 'ui'), content: core.content });
    registerBridgeIpc(ipcMain, core.handlers);
    powerSaveBlocker.start('prevent-display-sleep');
    window = createKioskWindow(kioskSession, {
      production,
      preloadPath: path.join(appRoot, 'dist', 'preload', 'preload.cjs'),
      report: (type, detail) => void core.report({ type, detail }),
    });
    forwardBridgeEvents(core.events, () => window?.webContents);
    // A page that (re)loads gets the current state at once, as the browser-mode host does.
    window.webContents.on('did-finish-load', () => {
      for (const { event, payload } of core.snapshot()) window?.webContents.send(IPC_EVENT_CHANNEL, event, payload);
    });
    app.on('before-quit', () => {
      void core.stop();
      void devices.stop();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
