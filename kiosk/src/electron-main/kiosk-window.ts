/**
 * The kiosk window and its lockdown: full screen, sandboxed renderer with context isolation
 * and no Node, web security on; navigation, redirects and new windows only to the app's own
 * origin (a dropped file would navigate to file://, so it is refused too); permissions per
 * `permissionDecision`; DevTools, context menu, reload and quit keys off in production. A
 * renderer that crashes or hangs is reloaded to the attract screen and reported.
 */
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL, blockedShortcut, isAllowedNavigation, permissionDecision } from '../common/shell-policy.ts';

export interface KioskWindowOptions {
  production: boolean;
  preloadPath: string;
  /** Told about crashes and hangs, for the server's event log. */
  report: (type: string, detail: Record<string, string | number | boolean>) => void;
}

/** Applies the session-wide rules: permissions and the check handler. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionDecision(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** Applies the per-page rules to a window's contents. */
export function lockDownContents(contents: WebContents, options: Pick<KioskWindowOptions, 'production' | 'report'>): void {
  const deny = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      options.report('navigation-blocked', { url: url.slice(0, 200) });
    }
  };
  contents.on('will-navigate', (event) => deny(event, event.url));
  contents.on('will-frame-navigate', (event) => deny(event, event.url));
  contents.on('will-redirect', (event) => deny(event, event.url));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('context-menu', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (blockedShortcut(input, options.production)) event.preventDefault();
  });
  if (options.production) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('render-process-gone', (_event, details) => {
    options.report('renderer-gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason !== 'clean-exit') void contents.loadURL(APP_ENTRY_URL);
  });
  contents.on('unresponsive', () => {
    options.report('renderer-unresponsive', {});
    contents.forcefullyCrashRenderer();
    void contents.loadURL(APP_ENTRY_URL);
  });
}

export function createKioskWindow(session: Session, options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    kiosk: options.production,
    fullscreen: options.production,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      session,
      preload: path.resolve(options.preloadPath),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.production,
      safeDialogs: true,
      disableDialogs: options.production,
    },
  });
  win.removeMenu();
  lockDownContents(win.webContents, options);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
