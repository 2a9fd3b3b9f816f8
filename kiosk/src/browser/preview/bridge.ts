/**
 * The bridge of the console's preview: the same typed `KioskBridge` the screens use, over a
 * transport that answers only what a screen needs to draw itself and refuses every channel
 * that would act as a terminal (devices, payments, card and holder services, the printer,
 * enrolment, the staff PIN). There is no privileged side behind it: no terminal key, no
 * signed request, no device, no network.
 */
import type { TerminalInfo } from '../../common/bridge.ts';
import type { BridgeChannel } from '../../common/bridge-channels.ts';
import { createBridgeProxy } from '../../common/bridge-proxy.ts';
import type { BridgeReply, BridgeTransport } from '../../common/bridge-proxy.ts';
import type { KioskBridge } from '../../common/bridge.ts';

/** A terminal as the preview shows it: enrolled, online, every service on, no name or place. */
export const PREVIEW_TERMINAL: TerminalInfo = {
  enrolled: true,
  terminalId: null,
  terminalName: null,
  serverUrl: null,
  appVersion: 'preview',
  contentReleaseId: null,
  online: true,
  maintenance: false,
  shell: 'browser',
};

/** The channels the preview answers; any other is refused. */
const ANSWERS: Partial<Record<BridgeChannel, () => unknown>> = {
  'terminal.info': () => ({ ...PREVIEW_TERMINAL }),
  'terminal.reportScreen': () => undefined,
  'terminal.reportEvent': () => undefined,
  'devices.health': () => ({}),
  endSession: () => undefined,
};

export const previewTransport: BridgeTransport = {
  async invoke(channel: BridgeChannel): Promise<BridgeReply> {
    const answer = Object.hasOwn(ANSWERS, channel) ? ANSWERS[channel] : undefined;
    if (answer) return { ok: true, value: answer() };
    return { ok: false, error: { code: 'forbidden-sender', message: `${channel} is not available in the console's preview: it is not a terminal` } };
  },
  // Nothing happens to a preview that a terminal would be told about.
  subscribe: () => () => undefined,
};

export function createPreviewBridge(): KioskBridge {
  return createBridgeProxy(previewTransport);
}
