/**
 * The one bridge between the kiosk UI and the privileged side (Electron main, or the local
 * Node host in browser mode). It is exposed as `window.kiosk`. Every call's argument is
 * validated on the privileged side with these schemas; every result is a plain copy.
 * The UI cannot tell Electron from browser mode.
 */
import { z } from 'zod';
import { DeviceHealthMap, DeviceKind } from '@civic-kiosk/protocol/device-health';
import { TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import { ReceiptJob } from '@civic-kiosk/device-drivers/common/receipt-job';
import type {
  CardReadResult,
  IdCardData,
  PrintResult,
  SelfTestResult,
  SocialSecurityCardData,
} from '@civic-kiosk/device-drivers/common/device-results';

/** What the screen is doing; reported in heartbeats and used to hold disruptive commands. */
export const ScreenState = z.object({
  mode: z.enum(['attract', 'session', 'staff', 'maintenance', 'enrolment', 'emergency']),
  /** The service in use during a session (`bills`, `social-security`, `guides` ...). */
  service: z.string().max(64).optional(),
});
export type ScreenState = z.infer<typeof ScreenState>;

export const TerminalInfo = z.object({
  enrolled: z.boolean(),
  terminalId: z.string().nullable(),
  terminalName: z.string().nullable(),
  serverUrl: z.string().nullable(),
  appVersion: z.string(),
  contentReleaseId: z.string().nullable(),
  online: z.boolean(),
  maintenance: z.boolean(),
  shell: z.enum(['electron', 'browser']),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const EnrolRequest = z.object({
  /** http(s) only: the district server. */
  serverUrl: z.url({ protocol: /^https?$/ }).max(256),
  code: z.string().min(4).max(64),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

/** A signed call to the district's terminal API, made by the privileged side with the terminal key. */
export const ApiRequest = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string().regex(/^\/api\/terminal\/[A-Za-z0-9/_\-.?=&%]*$/).max(512),
  body: z.unknown().optional(),
});
export type ApiRequest = z.infer<typeof ApiRequest>;

/** status 0 means the server could not be reached (offline, timeout): the UI shows offline. */
export type ApiResponse = { status: number; body: unknown };

export const CardReadRequest = z.object({ pin: z.string().regex(/^\d{6}$/).optional() });
export type CardReadRequest = z.infer<typeof CardReadRequest>;

export const SelfTestRequest = z.object({ device: DeviceKind });

export const StaffPinRequest = z.object({ pin: z.string().regex(/^\d{4,12}$/) });
export type StaffPinRequest = z.infer<typeof StaffPinRequest>;
export type StaffPinResult = { ok: true } | { ok: false; error: 'wrong-pin' | 'locked'; retryAfterSeconds?: number };

/** Things the UI reports that staff see on the server (staff-mode use, receipt reprints ...). */
export const TerminalEvent = TerminalEventRecord.pick({ type: true, detail: true });
export type TerminalEvent = z.infer<typeof TerminalEvent>;

export { ReceiptJob, DeviceHealthMap, DeviceKind };
export type { CardReadResult, IdCardData, PrintResult, SelfTestResult, SocialSecurityCardData };
export type { CardErrorCode, PrintErrorCode } from '@civic-kiosk/device-drivers/common/device-results';

/** Emergency broadcast as shown on screen; `active: false` clears it. */
export interface EmergencyState {
  active: boolean;
  id?: string;
  title?: { 'zh-CN': string; en: string };
  body?: { 'zh-CN': string; en: string };
}

/** Events pushed from the privileged side to the UI. */
export interface BridgeEvents {
  'device-health': DeviceHealthMap;
  card: { reader: 'social-security' | 'id'; present: boolean };
  barcode: { code: string; symbology: string };
  online: { online: boolean };
  emergency: EmergencyState;
  maintenance: { on: boolean };
  /** The UI must reload (command from staff, or a new content release switched in). */
  reload: { reason: 'command' | 'content' };
  content: { releaseId: string };
}

export interface KioskBridge {
  terminal: {
    info(): Promise<TerminalInfo>;
    enrol(request: EnrolRequest): Promise<TerminalInfo>;
    reportScreen(state: ScreenState): Promise<void>;
    reportEvent(event: TerminalEvent): Promise<void>;
    api(request: ApiRequest): Promise<ApiResponse>;
    verifyStaffPin(request: StaffPinRequest): Promise<StaffPinResult>;
  };
  devices: {
    health(): Promise<DeviceHealthMap>;
    selfTest(request: z.infer<typeof SelfTestRequest>): Promise<SelfTestResult>;
  };
  cards: {
    readSocialSecurityCard(request: CardReadRequest): Promise<CardReadResult<SocialSecurityCardData>>;
    readIdCard(): Promise<CardReadResult<IdCardData>>;
  };
  printer: {
    print(job: ReceiptJob): Promise<PrintResult>;
  };
  /** Forget everything about the current person on the privileged side (card data, buffers). */
  endSession(): Promise<void>;
  on<E extends keyof BridgeEvents>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}
