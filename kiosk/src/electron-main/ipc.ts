/**
 * Every bridge channel is registered here, in one function: each handler checks that the
 * call comes from the app's own origin (the main frame of our window, not an injected or
 * navigated-away frame), validates the argument with the bridge's schemas and answers with
 * an envelope. Events go to the window on one channel.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { BRIDGE_CHANNEL_NAMES, dispatchBridgeCall } from '../common/bridge-channels.ts';
import type { BridgeEventHub, BridgeHandlers, BridgeReply } from '../common/bridge-channels.ts';
import { isAllowedNavigation } from '../common/shell-policy.ts';

export const IPC_PREFIX = 'kiosk:';
export const IPC_EVENT_CHANNEL = 'kiosk:event';

/** The sender check, apart so it is tested on its own. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  // Only the top frame: a sub-frame (should one ever appear) gets no bridge.
  if (frame.parent) return false;
  return isAllowedNavigation(frame.url);
}

const FORBIDDEN: BridgeReply = { ok: false, error: { code: 'forbidden-sender', message: 'bridge calls only from the kiosk UI' } };

export function registerBridgeIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: BridgeHandlers): () => void {
  for (const channel of BRIDGE_CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, arg: unknown) => {
      if (!isTrustedSender(event)) return FORBIDDEN;
      return dispatchBridgeCall(handlers, channel, arg);
    });
  }
  return () => {
    for (const channel of BRIDGE_CHANNEL_NAMES) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}

/** Forwards bridge events to the window while its page is on our origin. */
export function forwardBridgeEvents(events: BridgeEventHub, contents: () => WebContents | undefined): () => void {
  return events.subscribe((event, payload) => {
    const wc = contents();
    if (wc && !wc.isDestroyed() && isAllowedNavigation(wc.getURL())) wc.send(IPC_EVENT_CHANNEL, event, payload);
  });
}
