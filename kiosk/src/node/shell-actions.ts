import type { CommandAck } from '@civic-kiosk/protocol/terminal-api';

/** What only the shell can do for a staff command; browser mode refuses what it cannot. */
export interface ShellActions {
  readonly kind: 'electron' | 'browser';
  restartApp(): Promise<CommandAck>;
  reboot(): Promise<CommandAck>;
  /** A PNG of the screen (JPEG when the PNG is over SCREENSHOT_MAX_BYTES), or undefined when this shell cannot take one. */
  screenshot(): Promise<Uint8Array | undefined>;
}

/** Browser mode: the host cannot restart the browser it does not own, nor reboot the machine. */
export const browserShellActions: ShellActions = {
  kind: 'browser',
  restartApp: async () => ({ result: 'rejected', detail: 'browser mode: restart the kiosk host by hand' }),
  reboot: async () => ({ result: 'rejected', detail: 'browser mode: the host does not reboot the machine' }),
  screenshot: async () => undefined,
};

/** Browser mode with its kiosk window: the host captures that window through its DevTools pipe. */
export function browserModeShell(capture: () => Promise<Uint8Array | undefined>): ShellActions {
  return { ...browserShellActions, screenshot: capture };
}
