import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL_NAMES } from '../../src/common/bridge-channels.ts';
import { forwardBridgeEvents, IPC_EVENT_CHANNEL, IPC_PREFIX, isTrustedSender, registerBridgeIpc } from '../../src/electron-main/ipc.ts';
import { BridgeEventHub } from '../../src/common/bridge-channels.ts';
import { fakeBackend } from '../support/host-backend.ts';

type Handler = (event: unknown, arg: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, h: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, h);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

const fromApp = { senderFrame: { url: 'app://kiosk/bills', parent: null } };

describe('bridge IPC in main', () => {
  it('registers exactly one handler per bridge channel, all in one place', () => {
    const ipc = fakeIpcMain();
    const unregister = registerBridgeIpc(ipc as never, fakeBackend().handlers);
    expect([...ipc.handlers.keys()].sort()).toEqual(BRIDGE_CHANNEL_NAMES.map((c) => IPC_PREFIX + c).sort());
    // No general signing channel and no raw card reads for the page.
    for (const gone of ['terminal.api', 'cards.readSocialSecurityCard', 'cards.readIdCard']) expect(ipc.handlers.has(IPC_PREFIX + gone)).toBe(false);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs a valid call from the app origin', async () => {
    const ipc = fakeIpcMain();
    const backend = fakeBackend();
    registerBridgeIpc(ipc as never, backend.handlers);
    const reply = await ipc.handlers.get('kiosk:terminal.verifyStaffPin')!(fromApp, { pin: '246810' });
    expect(reply).toEqual({ ok: true, value: { ok: true } });
  });

  it('rejects bad arguments without calling the handler', async () => {
    const ipc = fakeIpcMain();
    const backend = fakeBackend();
    registerBridgeIpc(ipc as never, backend.handlers);
    for (const [channel, arg] of [
      ['kiosk:payments.status', { idempotencyKey: '../../staff/users?a=b' }],
      ['kiosk:printer.print', { width: 40, lines: [] }],
      ['kiosk:socialSecurity.open', { pin: 'abcdef' }],
      ['kiosk:socialSecurity.cardStatus', { holderSession: 'A'.repeat(32) }],
      ['kiosk:terminal.enrol', { serverUrl: 'javascript:alert(1)', code: 'ABCD' }],
      ['kiosk:devices.selfTest', { device: 'camera' }],
    ] as const) {
      expect(await ipc.handlers.get(channel)!(fromApp, arg), channel).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    }
    expect(backend.calls).toEqual([]);
  });

  it('refuses calls from a foreign origin, a sub-frame or a vanished frame', async () => {
    const ipc = fakeIpcMain();
    const backend = fakeBackend();
    registerBridgeIpc(ipc as never, backend.handlers);
    const info = ipc.handlers.get('kiosk:terminal.info')!;
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///tmp/x.html', parent: null } },
      { senderFrame: { url: 'app://kiosk/', parent: { url: 'app://kiosk/' } } },
      { senderFrame: null },
    ]) {
      expect(isTrustedSender(event as never)).toBe(false);
      expect(await info(event, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(backend.calls).toEqual([]);
  });

  it('sends events to the window only while it shows the app', () => {
    const events = new BridgeEventHub();
    const sent: unknown[][] = [];
    let url = 'app://kiosk/';
    const contents = { isDestroyed: () => false, getURL: () => url, send: (...a: unknown[]) => sent.push(a) };
    const stop = forwardBridgeEvents(events, () => contents as never);
    events.emit('online', { online: true });
    url = 'https://evil.example/';
    events.emit('online', { online: false });
    stop();
    url = 'app://kiosk/';
    events.emit('online', { online: false });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, 'online', { online: true }]]);
  });
});
