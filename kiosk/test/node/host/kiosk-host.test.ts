import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_CLOSE } from '../../../src/common/bridge-wire.ts';
import { connectSocketBridge } from '../../../src/browser/bridge/index.ts';
import type { SocketLike } from '../../../src/browser/bridge/index.ts';
import { startKioskHost } from '../../../src/node/host/kiosk-host.ts';
import type { KioskHost } from '../../../src/node/host/kiosk-host.ts';
import { fakeBackend } from '../../support/host-backend.ts';

const hosts: KioskHost[] = [];
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of hosts.splice(0)) await h.stop();
});

async function uiDir(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'kiosk-ui-')), 'ui');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function host(backend = fakeBackend(), token?: string, port = 0) {
  const dir = await uiDir();
  const started = await startKioskHost({ backend, uiDir: dir, port, ...(token ? { token } : {}) });
  hosts.push(started);
  return { h: Object.assign(started, { uiDir: dir }), backend };
}

/** Opens a raw socket and resolves with how it closed (or 'open'). */
function closeCode(url: string, origin: string | undefined): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('close', (code) => resolve(code));
    ws.on('open', () => setTimeout(() => resolve(ws.readyState === ws.OPEN ? 'open' : 'closed' as never), 300));
    sockets.push(ws);
  });
}

/** One call as a page could send it by hand, past the typed proxy; resolves with the reply envelope. */
function rawCall(h: KioskHost, channel: string, arg: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(h.bridgeUrl, { origin: h.origin });
    sockets.push(ws);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 7, channel, arg })));
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; reply?: unknown };
      if (frame.type === 'reply' && frame.id === 7) resolve(frame.reply);
    });
    ws.on('close', () => reject(new Error('closed before the reply')));
  });
}

const wsFactory = (origin: string) => (url: string) => new WebSocket(url, { origin }) as unknown as SocketLike;

describe('kiosk host', () => {
  it('serves the UI on loopback with the kiosk CSP and hardening headers', async () => {
    const { h } = await host();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#kiosk-token=/);
    const res = await fetch(`${h.origin}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>kiosk</title>');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://127.0.0.1:${h.port}`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${h.origin}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    // A UI route without a file answers with the single page.
    expect(await (await fetch(`${h.origin}/bills/water`)).text()).toContain('<title>kiosk</title>');
  });

  it('never serves a file outside the UI directory and refuses other methods and hosts', async () => {
    const { h } = await host();
    // The UI dir's parent holds a file the host must never hand out.
    await writeFile(path.join(path.dirname(h.uiDir), 'secret.txt'), 'secret');
    for (const p of ['/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${h.origin}${p}`);
      expect(await res.text()).not.toContain('secret');
    }
    expect((await fetch(`${h.origin}/`, { method: 'POST' })).status).toBe(405);
    // DNS rebinding: a page on another name resolving to 127.0.0.1 gets nothing.
    const rebound = await new Promise<number>((resolve) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: h.port, path: '/', headers: { host: `evil.example:${h.port}` } }, (res) => resolve(res.statusCode!));
        req.end();
      });
    });
    expect(rebound).toBe(421);
  });

  it('serves no content before a release is active', async () => {
    const { h } = await host();
    expect((await fetch(`${h.origin}/content/manifest.json`)).status).toBe(404);
    expect((await fetch(`${h.origin}/content/files/${'a'.repeat(64)}`)).status).toBe(404);
  });

  it('serves the active manifest and its files with Range, nothing else', async () => {
    const backend = fakeBackend();
    const dir = await uiDir();
    const blob = path.join(dir, 'blob.bin');
    await writeFile(blob, '0123456789');
    const hash = 'c'.repeat(64);
    backend.content = {
      active: { releaseId: 'r1', manifest: {} as never, bytes: new TextEncoder().encode('{"releaseId":"r1"}') },
      servable: (sha) => (sha === hash ? { path: blob, type: 'video/mp4' } : undefined),
    };
    const { h } = await host(backend);
    expect(await (await fetch(`${h.origin}/content/manifest.json`)).text()).toBe('{"releaseId":"r1"}');
    const part = await fetch(`${h.origin}/content/files/${hash}`, { headers: { range: 'bytes=4-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(await part.text()).toBe('456789');
    expect((await fetch(`${h.origin}/content/files/${hash}`, { headers: { range: 'bytes=20-' } })).status).toBe(416);
    expect((await fetch(`${h.origin}/content/files/${'d'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${h.origin}/content/files/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('closes a bridge socket with a wrong or missing token with 4401', async () => {
    const { h } = await host();
    const base = h.bridgeUrl.replace(/token=.*/, 'token=');
    expect(await closeCode(`${base}wrong-token-aaaaaaaaaaaaaa`, h.origin)).toBe(BRIDGE_CLOSE.badToken);
    expect(await closeCode(base, h.origin)).toBe(BRIDGE_CLOSE.badToken);
  });

  it('closes a bridge socket from another origin, or with none, with 4403', async () => {
    const { h } = await host();
    expect(await closeCode(h.bridgeUrl, 'http://evil.example')).toBe(BRIDGE_CLOSE.badOrigin);
    expect(await closeCode(h.bridgeUrl, undefined)).toBe(BRIDGE_CLOSE.badOrigin);
    expect(await closeCode(h.bridgeUrl, h.origin)).toBe('open');
  });

  it('closes a socket that sends a malformed frame with 4400', async () => {
    const { h } = await host();
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(h.bridgeUrl, { origin: h.origin });
      ws.on('open', () => ws.send('{"type":"call","id":-1}'));
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(BRIDGE_CLOSE.badMessage);
  });
});

describe('bridge over the loopback socket', { timeout: 60_000 }, () => {
  it('round-trips calls, validates arguments on the host and delivers events', async () => {
    const { h, backend } = await host();
    const bridge = connectSocketBridge(h.bridgeUrl, wsFactory(h.origin));
    sockets.push(bridge);
    const online: boolean[] = [];
    bridge.on('online', (p) => online.push(p.online));
    expect((await bridge.terminal.info()).shell).toBe('browser');
    expect(await bridge.terminal.verifyStaffPin({ pin: '246810' })).toEqual({ ok: true });
    await bridge.terminal.reportScreen({ mode: 'session', service: 'bills' });
    expect(backend.calls.find((c) => c.channel === 'terminal.reportScreen')?.arg).toEqual({ mode: 'session', service: 'bills' });

    // The UI cannot smuggle a bad argument through, nor call the signing channel that is gone.
    await expect(bridge.terminal.verifyStaffPin({ pin: '12ab' })).rejects.toMatchObject({ code: 'bad-argument' });
    expect(await rawCall(h, 'terminal.api', { method: 'GET', path: '/api/terminal/payments' })).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await rawCall(h, 'cards.readSocialSecurityCard', { pin: '123456' })).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(backend.calls.some((c) => c.channel === 'terminal.api' || c.channel.startsWith('cards.'))).toBe(false);

    backend.events.emit('emergency', { active: true, id: 'b1', title: { 'zh-CN': '演练', en: 'Drill' }, body: { 'zh-CN': '请离开', en: 'Leave' } });
    const got = await new Promise((resolve) => bridge.on('emergency', resolve));
    expect(got).toMatchObject({ active: true, id: 'b1' });
    // The snapshot sent on connect told the UI the terminal is offline.
    expect(online).toEqual([false]);
  });

  it('reconnects when the host restarts with the same launch token', async () => {
    const { h, backend } = await host();
    const bridge = connectSocketBridge(h.bridgeUrl, wsFactory(h.origin));
    sockets.push(bridge);
    expect((await bridge.terminal.info()).appVersion).toBe('0.1.0');
    const { token, port } = h;
    await h.stop();
    hosts.splice(hosts.indexOf(h), 1);
    await host(backend, token, port);
    expect((await bridge.terminal.info()).appVersion).toBe('0.1.0');
  });

  it('fails a call with `disconnected` when no host answers', async () => {
    const { h } = await host();
    const url = h.bridgeUrl;
    await h.stop();
    hosts.splice(0);
    const bridge = connectSocketBridge(url, wsFactory(h.origin));
    sockets.push(bridge);
    // The default wait is 15 s; the call fails with a typed code, not a hang.
    await expect(bridge.devices.health()).rejects.toMatchObject({ code: 'disconnected' });
  }, 40_000);
});
