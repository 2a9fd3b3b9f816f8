/**
 * The simulator control channel: JSON lines over a Unix socket. A request names the device and
 * the action and carries the action's arguments; the answer is the device's
 * SimulatorCommandResult, one line per request, in order.
 *
 *   → {"device":"card-reader","action":"insert-card","card":"ssc-v2"}
 *   ← {"ok":true,"inserted":"ssc-v2"}
 */
import { z } from 'zod';
import { DeviceKind } from '@civic-kiosk/protocol/device-health';

export const ControlRequest = z.looseObject({
  device: DeviceKind,
  action: z.string().min(1).max(64),
});
export type ControlRequest = z.infer<typeof ControlRequest>;

/** Longest request line accepted; a control line is a few hundred bytes. */
export const MAX_CONTROL_LINE = 64 * 1024;
