import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ BrowserWindow: class {} }));
const { lockDownContents, lockDownSession } = await import('../../src/electron-main/kiosk-window.ts');

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  loaded: string[] = [];
  crashed = 0;
  devToolsClosed = 0;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  forcefullyCrashRenderer() {
    this.crashed++;
  }
  closeDevTools() {
    this.devToolsClosed++;
  }
}

function event(url?: string) {
  return { url, prevented: false, preventDefault() {
    this.prevented = true;
  } };
}

function setup(production = true) {
  const contents = new FakeContents();
  const reports: { type: string; detail: unknown }[] = [];
  lockDownContents(contents as never, { production, report: (type, detail) => reports.push({ type, detail }) });
  return { contents, reports };
}

describe('kiosk window lockdown', () => {
  it('denies navigation and redirects away from the app origin, and every new window', () => {
    const { contents, reports } = setup();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = event('https://example.com/');
      contents.emit(name, away);
      expect(away.prevented, name).toBe(true);
      const dropped = event('file:///home/kiosk/photo.jpg');
      contents.emit(name, dropped);
      expect(dropped.prevented, name).toBe(true);
      const inside = event('app://kiosk/guides');
      contents.emit(name, inside);
      expect(inside.prevented, name).toBe(false);
    }
    expect(contents.openHandler!({ url: 'app://kiosk/' })).toEqual({ action: 'deny' });
    expect(reports.filter((r) => r.type === 'navigation-blocked')).toHaveLength(6);
  });

  it('swallows the context menu, webviews and DevTools keys in production', () => {
    const { contents } = setup(true);
    const menu = event();
    contents.emit('context-menu', menu);
    expect(menu.prevented).toBe(true);
    const webview = event();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    const f12 = event();
    contents.emit('before-input-event', f12, { type: 'keyDown', key: 'F12' });
    expect(f12.prevented).toBe(true);
    const letter = event();
    contents.emit('before-input-event', letter, { type: 'keyDown', key: 'a' });
    expect(letter.prevented).toBe(false);
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(1);
  });

  it('keeps DevTools keys for development', () => {
    const { contents } = setup(false);
    const f12 = event();
    contents.emit('before-input-event', f12, { type: 'keyDown', key: 'F12' });
    expect(f12.prevented).toBe(false);
  });

  it('reloads the attract screen and reports when the renderer crashes or hangs', () => {
    const { contents, reports } = setup();
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    contents.emit('unresponsive');
    expect(contents.loaded).toEqual(['app://kiosk/', 'app://kiosk/']);
    expect(contents.crashed).toBe(1);
    expect(reports.map((r) => r.type)).toEqual(['renderer-gone', 'renderer-unresponsive']);
  });

  it('answers permission requests and checks by the policy and cancels downloads', () => {
    const session = new EventEmitter() as EventEmitter & Record<string, unknown>;
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | undefined;
    let check: ((wc: unknown, p: string, origin: string) => boolean) | undefined;
    let device: (() => boolean) | undefined;
    Object.assign(session, {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    });
    lockDownSession(session as never);
    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://kiosk/' });
    request!(null, 'geolocation', (ok) => answers.push(ok), { requestingUrl: 'app://kiosk/' });
    request!(null, 'fullscreen', (ok) => answers.push(ok), { requestingUrl: 'app://kiosk/' });
    expect(answers).toEqual([false, false, true]);
    expect(check!(null, 'clipboard-read', 'app://kiosk')).toBe(false);
    expect(device!()).toBe(false);
    const download = event();
    session.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });
});
