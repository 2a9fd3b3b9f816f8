/**
 * Browser mode's counterpart of the Electron shell's will-navigate / setWindowOpenHandler
 * rules. Chromium has no launch flag that keeps a window on one origin, so the host holds the
 * DevTools pipe of the Chromium it launched (`--remote-debugging-pipe`: fd 3 in, fd 4 out,
 * NUL-terminated JSON) and: intercepts every document request of the kiosk window, letting
 * through only `isAllowedNavigation` ones and answering the rest with 204 No Content (a
 * navigation answered 204 does not commit, so the page stays as it was, state and all); and
 * closes every other window or tab the moment it appears. The same pipe captures the kiosk
 * window for a staff screenshot command (`Page.captureScreenshot`), as Electron's capturePage.
 */
import type { Readable, Writable } from 'node:stream';
import { SCREENSHOT_MAX_BYTES } from '@civic-kiosk/protocol/terminal-api';
import { isAllowedNavigation } from '../../common/shell-policy.ts';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface NavigationGuardOptions {
  /** The kiosk page's origin: the only one its window may show. */
  origin: string;
  /** Told about each refused navigation or window (the server's event log). */
  report?: (type: 'navigation-blocked' | 'window-blocked', url: string) => void;
}

/** The kiosk window as the host can reach it through the pipe. */
export interface KioskWindow {
  /** The window's page as PNG (JPEG when the PNG is over SCREENSHOT_MAX_BYTES); undefined when there is no window or no answer. */
  capture(): Promise<Uint8Array | undefined>;
}

const CAPTURE_TIMEOUT_MS = 10_000;

export function guardNavigation(toBrowser: Writable, fromBrowser: Readable, options: NavigationGuardOptions): KioskWindow {
  let nextId = 1;
  let kioskTarget: string | undefined;
  let kioskSession: string | undefined;
  const answers = new Map<number, (m: CdpMessage | undefined) => void>();
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): number => {
    const id = nextId++;
    if (toBrowser.writable) toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return id;
  };
  /** A call whose answer matters; undefined when Chromium does not answer in time. */
  const call = (method: string, params: Record<string, unknown>, sessionId: string) =>
    new Promise<CdpMessage | undefined>((resolve) => {
      const id = send(method, params, sessionId);
      const timer = setTimeout(() => answers.get(id)?.(undefined), CAPTURE_TIMEOUT_MS);
      answers.set(id, (m) => {
        clearTimeout(timer);
        answers.delete(id);
        resolve(m);
      });
    });
  const report = (type: 'navigation-blocked' | 'window-blocked', url: string) => options.report?.(type, url.slice(0, 200));

  const handle = (m: CdpMessage) => {
    if (m.id !== undefined) return answers.get(m.id)?.(m);
    const p = m.params ?? {};
    if (m.method === 'Target.attachedToTarget') {
      const info = p.targetInfo as TargetInfo;
      const sessionId = p.sessionId as string;
      // The first page is the kiosk window; any later one (Ctrl+N, window.open, a link with a
      // target) is closed before it runs anything.
      if (info.type === 'page' && kioskTarget !== undefined && info.targetId !== kioskTarget) {
        report('window-blocked', info.url);
        send('Target.closeTarget', { targetId: info.targetId });
        return;
      }
      if (info.type === 'page') {
        kioskTarget = info.targetId;
        kioskSession = sessionId;
      }
      send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] }, sessionId);
      send('Runtime.runIfWaitingForDebugger', {}, sessionId);
    } else if (m.method === 'Fetch.requestPaused') {
      const url = (p.request as { url: string }).url;
      if (isAllowedNavigation(url, options.origin)) {
        send('Fetch.continueRequest', { requestId: p.requestId }, m.sessionId);
      } else {
        report('navigation-blocked', url);
        send('Fetch.fulfillRequest', { requestId: p.requestId, responseCode: 204, responseHeaders: [] }, m.sessionId);
      }
    } else if (m.method === 'Target.targetDestroyed' && p.targetId === kioskTarget) {
      kioskTarget = undefined;
      kioskSession = undefined;
    }
  };

  let pending = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\0')) >= 0) {
      const text = pending.slice(0, end);
      pending = pending.slice(end + 1);
      try {
        handle(JSON.parse(text) as CdpMessage);
      } catch {
        // A message the guard cannot read is not one it acts on.
      }
    }
  });
  // A closed pipe means Chromium is gone; the writes above check `writable`.
  fromBrowser.on('error', () => undefined);
  toBrowser.on('error', () => undefined);
  fromBrowser.on('close', () => [...answers.values()].forEach((answer) => answer(undefined)));
  send('Target.setDiscoverTargets', { discover: true });
  send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });

  return {
    async capture() {
      for (const format of [{ format: 'png' }, { format: 'jpeg', quality: 80 }]) {
        if (!kioskSession) return undefined;
        const data = (await call('Page.captureScreenshot', format, kioskSession))?.result?.data;
        if (typeof data !== 'string') return undefined;
        const image = Buffer.from(data, 'base64');
        if (image.byteLength <= SCREENSHOT_MAX_BYTES) return image;
      }
      return undefined;
    },
  };
}
