/**
 * The terminal's device configuration: one JSON file saying which devices the kiosk has, which
 * driver speaks to each and over what line. README.md "Simulators and the kiosk-devices CLI"
 * documents every field; config/devices.example.json and config/devices.simulated.json are
 * complete examples.
 */
import { z } from 'zod';

const UsbId = z
  .string()
  .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id is 1-4 hex digits, e.g. "1a86" or "0x1A86"');

const BaudRate = z.number().int().min(300).max(921_600);

/** A serial line found by device path, or by the USB ids of a USB-serial adapter. */
export const SerialLine = z.union([
  z.strictObject({ type: z.literal('serial'), path: z.string().min(1).max(256), baudRate: BaudRate.default(9600) }),
  z.strictObject({ type: z.literal('serial'), vendorId: UsbId, productId: UsbId, baudRate: BaudRate.default(9600) }),
]);
export type SerialLine = z.infer<typeof SerialLine>;

export const HidDevice = z.strictObject({ type: z.literal('hid'), vendorId: UsbId, productId: UsbId });
export type HidDevice = z.infer<typeof HidDevice>;

/**
 * Use the built-in simulator for this device (demo, development, tests). `baudRate` is the
 * speed the simulated line is paced at.
 */
const Simulated = { simulated: z.literal(true), baudRate: BaudRate.default(9600) };
const Real = { simulated: z.literal(false).default(false) };

export const CardReaderConfig = z.union([
  z.strictObject({ ...Simulated, driver: z.literal('ccid-serial').default('ccid-serial') }),
  z.strictObject({ ...Real, driver: z.literal('ccid-serial'), transport: SerialLine }),
]);
export const IdReaderConfig = z.union([
  z.strictObject({ ...Simulated, driver: z.literal('sam-serial').default('sam-serial') }),
  z.strictObject({ ...Real, driver: z.literal('sam-serial'), transport: SerialLine }),
]);

export const PrinterProfileName = z.enum(['58mm', '80mm']);
export type PrinterProfileName = z.infer<typeof PrinterProfileName>;

export const ReceiptPrinterConfig = z.union([
  z.strictObject({ ...Simulated, driver: z.literal('escpos').default('escpos'), profile: PrinterProfileName.default('80mm') }),
  z.strictObject({ ...Real, driver: z.literal('escpos'), transport: SerialLine, profile: PrinterProfileName }),
]);

export const ScannerMode = z.enum(['hid-pos', 'serial', 'keyboard-wedge']);
export type ScannerMode = z.infer<typeof ScannerMode>;

export const BarcodeScannerConfig = z.union([
  z.strictObject({ ...Simulated, driver: z.literal('generic').default('generic'), mode: z.literal('serial').default('serial') }),
  z.strictObject({ ...Real, driver: z.literal('generic'), mode: z.literal('serial'), transport: SerialLine }),
  z.strictObject({ ...Real, driver: z.literal('generic'), mode: z.literal('hid-pos'), transport: HidDevice }),
  // The scanner types into the focused window; the kiosk UI reads it, no transport here.
  z.strictObject({ ...Real, driver: z.literal('generic'), mode: z.literal('keyboard-wedge') }),
]);

/**
 * A device plugged back in is in service within about `maxMs` however long it was away, so the
 * default keeps it short; a reopen attempt on a missing device costs one open() (or port list).
 */
export const ReconnectConfig = z.strictObject({
  initialMs: z.number().int().min(10).max(60_000).default(500),
  maxMs: z.number().int().min(10).max(600_000).default(1_000),
});

export const DeviceConfig = z.strictObject({
  'card-reader': CardReaderConfig.optional(),
  'id-reader': IdReaderConfig.optional(),
  'receipt-printer': ReceiptPrinterConfig.optional(),
  'barcode-scanner': BarcodeScannerConfig.optional(),
  /** Backoff for reopening a device that vanished. */
  reconnect: ReconnectConfig.default({ initialMs: 500, maxMs: 1_000 }),
  /**
   * How often each device is asked whether it is there and well (printer status, reader slot
   * status), so paper-near-end or a silent reader shows before a citizen needs it.
   */
  healthCheckIntervalMs: z.number().int().min(500).max(600_000).default(10_000),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;
export type DeviceConfigInput = z.input<typeof DeviceConfig>;
export type CardReaderConfig = z.infer<typeof CardReaderConfig>;
export type IdReaderConfig = z.infer<typeof IdReaderConfig>;
export type ReceiptPrinterConfig = z.infer<typeof ReceiptPrinterConfig>;
export type BarcodeScannerConfig = z.infer<typeof BarcodeScannerConfig>;

export interface DeviceConfigIssue {
  /** Dotted path of the field, e.g. `receipt-printer.transport.baudRate`. */
  field: string;
  message: string;
}

export type DeviceConfigErrorCode = 'invalid-config' | 'not-json' | 'unreadable';

export class DeviceConfigError extends Error {
  override readonly name = 'DeviceConfigError';
  constructor(
    readonly code: DeviceConfigErrorCode,
    readonly issues: readonly DeviceConfigIssue[],
    message = `device configuration: ${issues.map((i) => `${i.field || '(root)'}: ${i.message}`).join('; ')}`,
  ) {
    super(message);
  }
}

/** Validates a parsed JSON value; throws DeviceConfigError listing every bad field. */
export function parseDeviceConfig(value: unknown): DeviceConfig {
  const result = DeviceConfig.safeParse(value);
  if (result.success) return result.data;
  throw new DeviceConfigError('invalid-config', issuesOf(result.error));
}

/** Validates the text of a configuration file. */
export function parseDeviceConfigText(text: string): DeviceConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DeviceConfigError('not-json', [{ field: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseDeviceConfig(value);
}

/** How strongly a mismatch on a field says the input meant another branch. */
const DISCRIMINATORS: Record<string, number> = { simulated: 1000, mode: 1000, type: 100 };

function issuesOf(error: z.ZodError): DeviceConfigIssue[] {
  return error.issues.flatMap((issue): DeviceConfigIssue[] => {
    // A union failure says little by itself; report the issues of the branch the input meant:
    // the one whose `simulated` / `mode` matched, then the one with the fewest issues.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const score = (issues: readonly z.core.$ZodIssue[]) =>
        issues.reduce((sum, i) => sum + (DISCRIMINATORS[String(i.path.at(-1))] ?? 1), 0);
      const best = issue.errors.reduce((a, b) => (score(a) <= score(b) ? a : b));
      return issuesOf(new z.ZodError(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    }
    return [{ field: issue.path.map(String).join('.'), message: issue.message }];
  });
}

/** The devices a configuration uses, in a fixed order. */
export const CONFIGURED_KINDS = ['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner'] as const;
