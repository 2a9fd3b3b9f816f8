/**
 * What the kiosk's privileged side needs from the device layer. The device manager of
 * device-drivers provides it; `absentDevices()` stands in when no device host runs (every
 * device reported absent, every call a typed failure), so the kiosk still starts.
 */
import type { DeviceHealthMap, DeviceKind } from '@civic-kiosk/protocol/device-health';
import type { ReceiptJob } from '@civic-kiosk/device-drivers/common/receipt-job';
import type { CardReadResult, IdCardData, PrintResult, SelfTestResult, SocialSecurityCardData } from '@civic-kiosk/device-drivers/common/device-results';
import type { BridgeEvents } from '../common/bridge.ts';

export interface KioskDeviceEvents {
  health: DeviceHealthMap;
  card: BridgeEvents['card'];
  barcode: BridgeEvents['barcode'];
}

export interface KioskDevices {
  health(): DeviceHealthMap;
  on<E extends keyof KioskDeviceEvents>(event: E, listener: (payload: KioskDeviceEvents[E]) => void): () => void;
  /**
   * Reads the social-security card, verifying `pin` if given (VERIFY is sent once). With
   * `challenge` (the server's holder challenge, lower-case hex; needs `pin`) the card answers it
   * with INTERNAL AUTHENTICATE after VERIFY in the same card session: `card.cryptogram`, absent
   * from a 2.00 card.
   */
  readSocialSecurityCard(request: { pin?: string; challenge?: string }): Promise<CardReadResult<SocialSecurityCardData>>;
  readIdCard(): Promise<CardReadResult<IdCardData>>;
  printReceipt(job: ReceiptJob): Promise<PrintResult>;
  selfTest(kind: DeviceKind): Promise<SelfTestResult>;
  /** The person is gone (idle wipe): powers the card down, forgets anything of theirs. Never throws. */
  endSession(): Promise<void>;
  stop(): Promise<void>;
}

const ALL: DeviceKind[] = ['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner'];

export function absentDevices(reason = 'no-device-host'): KioskDevices {
  return {
    health: () => Object.fromEntries(ALL.map((k) => [k, { state: 'absent', reasons: [reason] }])) as DeviceHealthMap,
    on: () => () => {},
    readSocialSecurityCard: async () => ({ ok: false, error: 'reader-absent' }),
    readIdCard: async () => ({ ok: false, error: 'reader-absent' }),
    printReceipt: async () => ({ ok: false, error: 'printer-absent' }),
    selfTest: async (device) => ({ device, ok: false, detail: reason }),
    endSession: async () => {},
    stop: async () => {},
  };
}
