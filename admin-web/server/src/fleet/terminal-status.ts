import type { ScreenMode } from '@civic-kiosk/protocol/terminal-api';
import type { FleetStatus } from '@civic-kiosk/protocol/staff-api';

export type { FleetStatus };

/** Screens a terminal may legitimately show for hours: staff put it there, or it is idle. */
export const NEVER_STUCK: ReadonlySet<string> = new Set<ScreenMode>(['attract', 'maintenance', 'emergency']);

export interface StatusInput {
  status: 'pending' | 'active' | 'revoked';
  enrolledAt: number | null;
  lastHeartbeatAt: number | null;
  screenKey: string | null;
  screenSince: number | null;
}

export interface StatusRules {
  heartbeatIntervalMs: number;
  missedHeartbeatsForDown: number;
  stuckAfterMs: number;
}

export function screenKeyOf(screen: { mode: string; service?: string }): string {
  return `${screen.mode}/${screen.service ?? ''}`;
}

export function isIdleScreen(screenKey: string | null): boolean {
  return screenKey !== null && screenKey.startsWith('attract/');
}

/**
 * A terminal is down after `missedHeartbeatsForDown` intervals without a heartbeat (counted
 * from enrolment if it never sent one), and stuck when it shows the same non-idle screen for
 * longer than `stuckAfterMs`.
 */
export function deriveStatus(t: StatusInput, now: number, rules: StatusRules): FleetStatus {
  if (t.status !== 'active') return t.status;
  const lastSeen = t.lastHeartbeatAt ?? t.enrolledAt ?? now;
  if (now - lastSeen > rules.heartbeatIntervalMs * rules.missedHeartbeatsForDown) return 'down';
  if (t.screenKey !== null && t.screenSince !== null && !NEVER_STUCK.has(t.screenKey.split('/')[0]!) && now - t.screenSince > rules.stuckAfterMs) {
    return 'stuck';
  }
  return 'online';
}
