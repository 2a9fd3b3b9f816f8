import { z } from 'zod';

/** The kinds of device a terminal may have. One of each at most. */
export const DeviceKind = z.enum(['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/**
 * One typed status per device, as the device manager reports it and the server stores it.
 * `degraded` means usable with caveats (paper near end), `absent` means not usable.
 * Reasons are stable machine codes (`paper-near-end`, `paper-out`, `cover-open`, `offline`,
 * `no-response`, `port-missing`, ...); the UI translates them.
 */
export const DeviceHealth = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('degraded'), reasons: z.array(z.string().min(1).max(64)).min(1).max(16) }),
  z.object({ state: z.literal('absent'), reasons: z.array(z.string().min(1).max(64)).max(16) }),
]);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const DeviceHealthMap = z.partialRecord(DeviceKind, DeviceHealth);
export type DeviceHealthMap = z.infer<typeof DeviceHealthMap>;
