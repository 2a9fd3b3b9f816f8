import type { ScreenState } from '../bridge.ts';

/**
 * Whether nobody is using the terminal: disruptive work (reload, restart, reboot, switching a
 * content release) waits for this. A resident's session and a staff member's work count as use.
 */
export function isIdleScreen(state: ScreenState): boolean {
  return state.mode !== 'session' && state.mode !== 'staff';
}
