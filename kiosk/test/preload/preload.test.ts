import { describe, expect, it, vi } from 'vitest';
import type { KioskBridge } from '../../src/common/bridge.ts';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; arg: unknown }[] = [];
let eventHandler: ((e: unknown, name: string, payload: unknown) => void) | undefined;
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, arg: unknown) => {
      invoked.push({ channel, arg });
      return channel === 'kiosk:devices.health' ? { ok: true, value: { 'card-reader': { state: 'ready' } } } : { ok: false, error: { code: 'forbidden-sender', message: 'no' } };
    },
    on: (channel: string, h: typeof eventHandler) => {
      if (channel === 'kiosk:event') eventHandler = h;
    },
  },
}));
await import('../../src/preload/preload.ts');

describe('preload', () => {
  it('exposes exactly one global, window.kiosk', () => {
    expect(Object.keys(exposed)).toEqual(['kiosk']);
  });

  it('sends each call on its own kiosk: channel and unwraps the reply', async () => {
    const kiosk = exposed.kiosk as KioskBridge;
    expect(await kiosk.devices.health()).toEqual({ 'card-reader': { state: 'ready' } });
    await expect(kiosk.terminal.info()).rejects.toMatchObject({ code: 'forbidden-sender' });
    expect(invoked.map((i) => i.channel)).toEqual(['kiosk:devices.health', 'kiosk:terminal.info']);
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const kiosk = exposed.kiosk as KioskBridge;
    const got: unknown[] = [];
    const off = kiosk.on('maintenance', (p) => got.push(p));
    eventHandler!({}, 'maintenance', { on: true });
    off();
    eventHandler!({}, 'maintenance', { on: false });
    expect(got).toEqual([{ on: true }]);
  });
});
