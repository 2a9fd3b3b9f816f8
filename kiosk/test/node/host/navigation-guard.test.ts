import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_MAX_BYTES } from '@civic-kiosk/protocol/terminal-api';
import { guardNavigation } from '../../../src/node/host/navigation-guard.ts';

const ORIGIN = 'http://127.0.0.1:8090';

/** The guard on an in-memory pipe: what Chromium would be told, and what was reported. */
function guarded() {
  const toBrowser = new PassThrough();
  const fromBrowser = new PassThrough();
  const sent: { method: string; params: Record<string, unknown>; sessionId?: string }[] = [];
  let pending = '';
  toBrowser.setEncoding('utf8');
  toBrowser.on('data', (chunk: string) => {
    pending += chunk;
    for (let end; (end = pending.indexOf('\0')) >= 0; pending = pending.slice(end + 1)) sent.push(JSON.parse(pending.slice(0, end)));
  });
  const reports: string[] = [];
  const window = guardNavigation(toBrowser, fromBrowser, { origin: ORIGIN, report: (type, url) => reports.push(`${type} ${url}`) });
  const browserSays = async (message: object, split = false) => {
    const text = JSON.stringify(message) + '\0';
    // Chromium's frames may arrive in pieces.
    if (split) for (const part of [text.slice(0, 10), text.slice(10)]) fromBrowser.write(part);
    else fromBrowser.write(text);
    await new Promise((r) => setImmediate(r));
  };
  return { sent, reports, browserSays, window, fromBrowser };
}

const attached = (targetId: string, sessionId: string, url = `${ORIGIN}/`) => ({ method: 'Target.attachedToTarget', params: { sessionId, targetInfo: { targetId, type: 'page', url }, waitingForDebugger: true } });
const paused = (sessionId: string, requestId: string, url: string) => ({ method: 'Fetch.requestPaused', sessionId, params: { requestId, request: { url } } });

describe('browser-mode navigation guard', () => {
  it('attaches to every new target and intercepts the kiosk window’s document requests', async () => {
    const g = guarded();
    expect(g.sent.map((m) => m.method)).toEqual(['Target.setDiscoverTargets', 'Target.setAutoAttach']);
    await g.browserSays(attached('T1', 'S1'), true);
    expect(g.sent.slice(2)).toMatchObject([
      { method: 'Fetch.enable', sessionId: 'S1', params: { patterns: [{ resourceType: 'Document', requestStage: 'Request' }] } },
      { method: 'Runtime.runIfWaitingForDebugger', sessionId: 'S1' },
    ]);
  });

  it('lets the kiosk origin through and answers anything else 204, reporting it', async () => {
    const g = guarded();
    await g.browserSays(attached('T1', 'S1'));
    await g.browserSays(paused('S1', 'R1', `${ORIGIN}/guides`));
    await g.browserSays(paused('S1', 'R2', 'https://example.org/'));
    await g.browserSays(paused('S1', 'R3', 'http://127.0.0.1:8091/'));
    expect(g.sent.slice(-3)).toMatchObject([
      { method: 'Fetch.continueRequest', sessionId: 'S1', params: { requestId: 'R1' } },
      { method: 'Fetch.fulfillRequest', sessionId: 'S1', params: { requestId: 'R2', responseCode: 204 } },
      { method: 'Fetch.fulfillRequest', sessionId: 'S1', params: { requestId: 'R3', responseCode: 204 } },
    ]);
    expect(g.reports).toEqual(['navigation-blocked https://example.org/', 'navigation-blocked http://127.0.0.1:8091/']);
  });

  it('closes any window after the kiosk window, and adopts a new one only once the kiosk window is gone', async () => {
    const g = guarded();
    await g.browserSays(attached('T1', 'S1'));
    await g.browserSays(attached('T2', 'S2', 'https://example.org/'));
    expect(g.sent.at(-1)).toMatchObject({ method: 'Target.closeTarget', params: { targetId: 'T2' } });
    expect(g.reports).toEqual(['window-blocked https://example.org/']);
    await g.browserSays({ method: 'Target.targetDestroyed', params: { targetId: 'T1' } });
    await g.browserSays(attached('T3', 'S3'));
    expect(g.sent.at(-2)).toMatchObject({ method: 'Fetch.enable', sessionId: 'S3' });
  });

  it('ignores what it cannot read', async () => {
    const g = guarded();
    const before = g.sent.length;
    await g.browserSays({ method: 'Fetch.requestPaused', params: {} });
    expect(g.sent.length).toBe(before);
  });

  it('captures the kiosk window for a screenshot, as PNG or as JPEG when the PNG is over the limit', async () => {
    const g = guarded();
    expect(await g.window.capture()).toBeUndefined();
    await g.browserSays(attached('T1', 'S1'));
    const shot = g.window.capture();
    await new Promise((r) => setImmediate(r));
    const ask = g.sent.at(-1)!;
    expect(ask).toMatchObject({ method: 'Page.captureScreenshot', sessionId: 'S1', params: { format: 'png' } });
    await g.browserSays({ id: (ask as { id?: number }).id, result: { data: Buffer.from('png bytes').toString('base64') } });
    expect(Buffer.from((await shot)!).toString()).toBe('png bytes');

    const large = g.window.capture();
    await new Promise((r) => setImmediate(r));
    await g.browserSays({ id: (g.sent.at(-1) as { id?: number }).id, result: { data: Buffer.alloc(SCREENSHOT_MAX_BYTES + 1).toString('base64') } });
    expect(g.sent.at(-1)).toMatchObject({ method: 'Page.captureScreenshot', params: { format: 'jpeg' } });
    await g.browserSays({ id: (g.sent.at(-1) as { id?: number }).id, result: { data: Buffer.from('jpeg bytes').toString('base64') } });
    expect(Buffer.from((await large)!).toString()).toBe('jpeg bytes');
  });

  it('gives no screenshot once the window or the browser is gone', async () => {
    const g = guarded();
    await g.browserSays(attached('T1', 'S1'));
    const pending = g.window.capture();
    await new Promise((r) => setImmediate(r));
    g.fromBrowser.destroy();
    expect(await pending).toBeUndefined();
    const h = guarded();
    await h.browserSays(attached('T1', 'S1'));
    await h.browserSays({ method: 'Target.targetDestroyed', params: { targetId: 'T1' } });
    expect(await h.window.capture()).toBeUndefined();
  });
});
