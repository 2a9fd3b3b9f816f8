/**
 * The preload: exposes ONE global, `window.kiosk`, through the context bridge, and nothing
 * else. Each call goes to its own `kiosk:<channel>` IPC handler in main (which validates it);
 * events arrive on `kiosk:event`. Only channel names from the bridge table can be used, and
 * the page never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridgeProxy } from '../common/bridge-proxy.ts';
import type { BridgeEventName, BridgeReply } from '../common/bridge-proxy.ts';

const IPC_PREFIX = 'kiosk:';
const IPC_EVENT_CHANNEL = 'kiosk:event';

const listeners = new Map<BridgeEventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: BridgeEventName, payload: unknown) => {
  for (const l of [...(listeners.get(name) ?? [])]) l(payload);
});

const bridge = createBridgeProxy({
  invoke: (channel, arg) => ipcRenderer.invoke(IPC_PREFIX + channel, arg) as Promise<BridgeReply>,
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});

contextBridge.exposeInMainWorld('kiosk', bridge);
