import { spawn } from 'node:child_process';
import { app } from 'electron';
import type { BrowserWindow } from 'electron';
import { SCREENSHOT_MAX_BYTES } from '@civic-kiosk/protocol/terminal-api';
import type { ShellActions } from '../node/shell-actions.ts';

/** Staff commands only the Electron shell can carry out. */
export function electronShellActions(window: () => BrowserWindow | undefined): ShellActions {
  return {
    kind: 'electron',
    async restartApp() {
      // Ack first (the caller sends it when this resolves), then relaunch a moment later.
      setTimeout(() => {
        app.relaunch();
        app.exit(0);
      }, 1500);
      return { result: 'done', detail: 'relaunching' };
    },
    async reboot() {
      // The kiosk user may reboot through a polkit rule installed by the OS recipe (build/os).
      const child = spawn('systemctl', ['reboot'], { stdio: 'ignore', detached: true });
      const code = await new Promise<number | null>((resolve) => {
        child.once('error', () => resolve(-1));
        child.once('exit', resolve);
      });
      return code === 0 ? { result: 'done' } : { result: 'failed', detail: `systemctl reboot exited ${code}` };
    },
    async screenshot() {
      const win = window();
      if (!win || win.isDestroyed()) return undefined;
      const image = await win.webContents.capturePage();
      const png = image.toPNG();
      return png.byteLength <= SCREENSHOT_MAX_BYTES ? png : image.toJPEG(80);
    },
  };
}
