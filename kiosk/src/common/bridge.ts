/**
 * The one bridge between the kiosk UI and the privileged side (Electron main, or the local
 * Node host in browser mode). It is exposed as `window.kiosk`. Every call's argument is
 * validated on the privileged side with these schemas; every result is a plain copy.
 * The UI cannot tell Electron from browser mode.
 */
import { z } from 'zod';
import { LocalizedLabel } from '@civic-kiosk/protocol/content';
import { DeviceHealthMap, DeviceKind } from '@civic-kiosk/protocol/device-health';
import { TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import { BillLookupRequest, CreatePaymentRequest, IdempotencyKey, MailId, MailListRequest, MAX_CONTRIBUTION_MONTHS, Month, monthIndex } from '@civic-kiosk/protocol/gateway';
import type {
  BillLookupResponse,
  CardStatus,
  ContributionsResponse,
  ContributionStatement,
  EndorsementResult,
  HolderAssurance,
  HolderService,
  IdDocumentKind,
  MailboxListResponse,
  MailMessage,
  MedicalAccount,
  PaymentView,
  PermitApplicationsResponse,
  ResidencePermitStatus,
} from '@civic-kiosk/protocol/gateway';
import { ReceiptJob } from '@civic-kiosk/device-drivers/common/receipt-job';
import type { PrintResult, SelfTestResult } from '@civic-kiosk/device-drivers/common/device-results';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { UsageFact } from './usage/facts.ts';

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
  /** `pinPadShuffle` of kiosk-config.json: the card PIN pad shows its digits in a new order per entry. */
  pinPadShuffle: z.boolean().optional(),
  /** `position` of kiosk-config.json: where this terminal stands, for the service-point map. */
  position: z.strictObject({ lng: z.number(), lat: z.number() }).optional(),
  /** `guideUrl` of kiosk-config.json: a guide's public address, `{id}` standing for its id. */
  guideUrl: z.string().optional(),
  /** `district` of kiosk-config.json: the district's and this terminal's public names, shown to residents. */
  district: z.strictObject({ name: LocalizedLabel, locationName: LocalizedLabel }).optional(),
  /** The services switched on at this terminal (`services` of kiosk-config.json); absent = all. */
  services: z.array(z.enum(KIOSK_SERVICES)).optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const EnrolRequest = z.object({
  /** http(s) only: the district server. */
  serverUrl: z.url({ protocol: /^https?$/ }).max(256),
  code: z.string().min(4).max(64),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

/**
 * What the privileged side makes of one gateway request it built and signed itself: the
 * server's answer validated with the protocol schema, or why there is none. The page never
 * names a path or a holder; each service call below maps to one fixed gateway route.
 */
export type GatewayAnswer<T> = { ok: true; value: T } | { ok: false; failure: GatewayFailure };
export interface GatewayFailure {
  /** The HTTP status of the server's answer; 0 when there was none. */
  status: number;
  /**
   * `offline` (no answer: the outcome is unknown), `malformed-answer` (an answer that fails the
   * protocol schema, or a payment view for another key), or the server's own error code
   * (`bill-not-found`, `backoffice-unavailable`, `holder-session-expired` ...; see
   * GatewayErrorCode in the protocol). Holder services add `no-holder-session` (none open, or
   * it was wiped: card removed, idle, expired) and `holder-not-verified` (the open session's
   * assurance does not cover this service; decided here before the server is asked).
   */
  code: 'offline' | 'malformed-answer' | 'no-holder-session' | (string & {});
}

/** A payment named by the key the terminal made for it (URL-safe by the protocol's schema). */
export const PaymentKeyRequest = z.strictObject({ idempotencyKey: IdempotencyKey });
export type PaymentKeyRequest = z.infer<typeof PaymentKeyRequest>;

/** A PIN for the card's own VERIFY: 6 digits. It goes to the card and nowhere else. */
export const CardPinRequest = z.strictObject({ pin: z.string().regex(/^\d{6}$/) });
export type CardPinRequest = z.infer<typeof CardPinRequest>;

const inRange = (r: { from: string; to: string }) => r.from <= r.to && monthIndex(r.to) - monthIndex(r.from) < MAX_CONTRIBUTION_MONTHS;
const RANGE_MESSAGE = `from must not be after to, and at most ${MAX_CONTRIBUTION_MONTHS} months`;

/** A range of months for contributions (at most the protocol's maximum). */
export const MonthRange = z.strictObject({ from: Month, to: Month }).refine(inRange, RANGE_MESSAGE);
export type MonthRange = z.infer<typeof MonthRange>;

/** A statement's months and the language its paper is printed in. */
export const StatementPrintRequest = z.strictObject({ from: Month, to: Month, lang: z.enum(['zh-CN', 'en']) }).refine(inRange, RANGE_MESSAGE);
export type StatementPrintRequest = z.infer<typeof StatementPrintRequest>;

/** An action the server must apply once (loss report, endorsement): the key is made by the page, once per action. */
export const HolderActionRequest = z.strictObject({ idempotencyKey: IdempotencyKey });
export type HolderActionRequest = z.infer<typeof HolderActionRequest>;

export const MailReadRequest = z.strictObject({ messageId: MailId });
export const MailMarkReadRequest = z.strictObject({ messageIds: z.array(MailId).min(1).max(500) });
/** A page of the mailbox: 1-based `page`, `pageSize` up to 100 (default 20), one category or all. */
export const MailListQuery = MailListRequest.omit({ holderSession: true });
export type MailListQuery = z.input<typeof MailListQuery>;

/**
 * `mailbox.list`: one page as the server pages it, plus where it came from.
 * - `offlineCopy` is there when the page comes from this terminal's encrypted offline copy
 *   (the server was unreachable at open): `asOf` is when the copy was made (ISO time), to be
 *   shown ("这是 12月1日 10:05 的副本"). Counts and pages are of the copy.
 * - `onlineOnly: true` when no offline copy is kept for this session (a 2.00 card, an ID
 *   document, or a session opened by `socialSecurity.open` rather than `mailbox.open`): the
 *   mailbox cannot be read here when the server is unreachable.
 */
export type MailboxView = MailboxListResponse & { offlineCopy?: { asOf: string }; onlineOnly?: true };

/** `mailbox.markRead`: `queued: true` when the marks were made on the offline copy and wait on disk for the server (sent once it is back). */
export interface MailMarked {
  ok: true;
  queued: boolean;
}

/**
 * `mailbox.open` / `mailbox.openWithDocument`:
 * - `opened`, `source: 'server'`: a holder session is open; `offlineCopy` says whether this
 *   terminal now keeps an encrypted copy of the newest messages for when it is offline (`kept`:
 *   a 3.00 card; `not-possible`: a 2.00 card or an ID document cannot unlock one; `failed`: the
 *   copy could not be fetched or written, reading online is unaffected);
 * - `opened`, `source: 'offline-copy'`: the server was unreachable and the card + PIN opened
 *   this terminal's copy made at `asOf`; reading and marking read work on the copy;
 * - `offline` with `offlineCopy: 'none'` (this card has no copy here, or it was damaged) or
 *   `'not-possible'` (the card or document cannot unlock one): nothing to show;
 * - `wrong-pin` / `blocked` and the other HolderOpenFailure outcomes as for `socialSecurity.open`.
 */
export type MailboxOpenOutcome =
  | ({ outcome: 'opened'; source: 'server'; offlineCopy: 'kept' | 'not-possible' | 'failed' } & HolderSessionInfo)
  | { outcome: 'opened'; source: 'offline-copy'; asOf: string; services: ['mailbox'] }
  | { outcome: 'offline'; offlineCopy: 'none' | 'not-possible' }
  | { outcome: 'wrong-pin'; triesLeft: number }
  | { outcome: 'blocked' }
  | Exclude<HolderOpenFailure, { outcome: 'offline' }>;

/** What the page learns of the holder: masked, for the greeting. Never a name, number or photo in full. */
export interface MaskedHolder {
  /** e.g. `张*华`. */
  nameMasked: string;
  /** e.g. `3101**********2042`. */
  idMasked: string;
}

/** An open holder session as the page sees it (the token itself stays on the privileged side). */
export interface HolderSessionInfo {
  holder: MaskedHolder;
  assurance: HolderAssurance;
  /** The services this session may use; a call for another one fails with `holder-not-verified`. */
  services: HolderService[];
}

/**
 * Why a holder session could not be opened from a card or document:
 * - `no-card`: nothing in the reader; `removed`: taken out during the read;
 * - `card-mute`: a card that does not answer at all (inserted the wrong way, dirty or damaged chip);
 * - `not-social-security-card`: a card that answers but is not a social-security card (a bank card);
 * - `unreadable`: a card whose data could not be read or made no sense, or a document the ID
 *   reader could not read;
 * - `reader-absent`: the reader is not there or not answering (staff are told by device health);
 * - `offline`: the server could not be reached (no PIN try was spent: the challenge comes first);
 * - `refused`: the server refused the proof (`code`: holder-proof-invalid, holder-limit-reached,
 *   holder-challenge-rate-limited, holder-not-found ...);
 * - `back-office-down`: the social-security / police back office did not answer.
 */
export type HolderOpenFailure =
  | { outcome: 'no-card' | 'removed' | 'card-mute' | 'not-social-security-card' | 'unreadable' | 'reader-absent' | 'offline' | 'back-office-down' }
  | { outcome: 'refused'; code: string };

/**
 * `socialSecurity.open`: `opened`, or `wrong-pin` with the tries the card has left, `blocked`
 * (the card blocked its PIN: the counter at the service desk unblocks it), or a HolderOpenFailure.
 */
export type SocialSecurityOpenOutcome =
  | ({ outcome: 'opened'; cardVersion: string } & HolderSessionInfo)
  | { outcome: 'wrong-pin'; triesLeft: number }
  | { outcome: 'blocked' }
  | HolderOpenFailure;

/** `permit.read`: the document's kind and the masked holder, never its photo or full fields. */
export type IdDocumentOpenOutcome = ({ outcome: 'opened'; kind: IdDocumentKind } & HolderSessionInfo) | HolderOpenFailure;

/** A statement issued by the server and what became of printing it (the code is valid either way). */
export interface PrintedStatement {
  statement: ContributionStatement;
  print: PrintResult;
}

export const SelfTestRequest = z.object({ device: DeviceKind });

export const StaffPinRequest = z.object({ pin: z.string().regex(/^\d{4,12}$/) });
export type StaffPinRequest = z.infer<typeof StaffPinRequest>;
export type StaffPinResult = { ok: true } | { ok: false; error: 'wrong-pin' | 'locked'; retryAfterSeconds?: number };

/** Things the UI reports that staff see on the server (staff-mode use, receipt reprints ...). */
export const TerminalEvent = TerminalEventRecord.pick({ type: true, detail: true });
export type TerminalEvent = z.infer<typeof TerminalEvent>;

export { ReceiptJob, DeviceHealthMap, DeviceKind, BillLookupRequest, CreatePaymentRequest, UsageFact };
export type { PrintResult, SelfTestResult };
export type { PrintErrorCode } from '@civic-kiosk/device-drivers/common/device-results';

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
  /**
   * A card went into (`present: true`) or out of a reader: on the home screen an inserted
   * social-security card opens its service; a removed card ends the person's session (the
   * privileged side has already forgotten the holder session it opened from that card).
   */
  card: { reader: 'social-security' | 'id'; present: boolean };
  /**
   * The privileged side dropped the holder session without being asked: its card or document
   * was removed, or the server said it expired. The page wipes the person's screens.
   */
  'holder-ended': { reason: 'card-removed' | 'expired' };
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
    verifyStaffPin(request: StaffPinRequest): Promise<StaffPinResult>;
  };
  devices: {
    health(): Promise<DeviceHealthMap>;
    selfTest(request: z.infer<typeof SelfTestRequest>): Promise<SelfTestResult>;
  };
  /**
   * Bill payment. Each call is one signed request to its fixed gateway route; the answer is
   * checked against the protocol schema first. Payments are anonymous: no holder is involved.
   */
  payments: {
    /** Bills of a biller account or of the account a bill's barcode names. */
    lookup(request: BillLookupRequest): Promise<GatewayAnswer<BillLookupResponse>>;
    /** Opens (or, for a key the server knows, returns) the payment and its QR order. */
    create(request: CreatePaymentRequest): Promise<GatewayAnswer<PaymentView>>;
    /** The ledger's view of a payment by key; `payment-not-found` when the server never saw it. */
    status(request: PaymentKeyRequest): Promise<GatewayAnswer<PaymentView>>;
    /** Closes the QR order unless it was paid meanwhile; answers the resulting view. */
    cancel(request: PaymentKeyRequest): Promise<GatewayAnswer<PaymentView>>;
  };
  /**
   * Social-security card services. `open` proves the holder with the card in the card reader;
   * the other calls use the holder session it opened (the page never names a person: the
   * privileged side attaches its own session). They answer a GatewayAnswer whose failure
   * codes are the server's plus `no-holder-session` / `holder-not-verified` (see GatewayFailure).
   */
  socialSecurity: {
    /**
     * Reads the card in the card reader and opens a holder session: asks the server for a
     * challenge, then in one card session VERIFYs the PIN (once, never retried), reads the card
     * and, for a 3.00 card, has it sign the challenge (INTERNAL AUTHENTICATE), and opens the
     * session with that proof. Any earlier holder session is forgotten first. The PIN reaches
     * the card and nothing else: not the server, a log, an event or the outbox.
     */
    open(request: CardPinRequest): Promise<SocialSecurityOpenOutcome>;
    /** Contribution records and per-insurance totals for `from`..`to` (at most 36 months). */
    contributions(request: MonthRange): Promise<GatewayAnswer<ContributionsResponse>>;
    /** The medical insurance personal account: balance, this year's credits and spending, recent entries. */
    medicalAccount(): Promise<GatewayAnswer<MedicalAccount>>;
    /** Card state (active, temporarily lost ...) and card applications in progress. */
    cardStatus(): Promise<GatewayAnswer<CardStatus>>;
    /**
     * Reports the card temporarily lost. The card is not at hand, so this takes the person's ID
     * card on the ID reader: unless a session that allows loss reports is open, the privileged
     * side reads the ID reader and opens an id-document session first (a failed read answers
     * with its HolderOpenFailure outcome as the code: `no-card`, `unreadable`, `refused` ...).
     * Idempotent by key: the same key answers the first report.
     */
    reportLoss(request: HolderActionRequest): Promise<GatewayAnswer<CardStatus>>;
    /**
     * Withdraws a temporary loss report (the card was found: it needs a card session). Takes no
     * key: withdrawing is idempotent by nature, and the gateway contract takes none.
     */
    cancelLossReport(): Promise<GatewayAnswer<CardStatus>>;
    /**
     * Has the server issue a contribution statement for `from`..`to` with a verification code,
     * and prints it on the receipt printer in `lang` with the code and a QR code of the public
     * verify URL. A statement whose printing failed is still valid: show its code on screen.
     */
    printStatement(request: StatementPrintRequest): Promise<GatewayAnswer<PrintedStatement>>;
  };
  /**
   * Residence-permit services, on a session opened from the document on the ID reader
   * (`read`), or on an open card session. Answers as for `socialSecurity`.
   */
  permit: {
    /** Reads the document on the ID reader and opens an id-document holder session (forgetting any earlier one). */
    read(): Promise<IdDocumentOpenOutcome>;
    /** Validity, this year's endorsement (due month, state) and applications. */
    status(): Promise<GatewayAnswer<ResidencePermitStatus>>;
    /** Requests this year's endorsement; idempotent by key. `documents-required` lists what to bring. */
    endorse(request: HolderActionRequest): Promise<GatewayAnswer<EndorsementResult>>;
    /** Progress of permit applications made with the holder's ID (also when no permit exists yet). */
    progress(): Promise<GatewayAnswer<PermitApplicationsResponse>>;
  };
  /**
   * The holder's citizen mailbox (市民信箱). Open it with `open` (card + PIN) or
   * `openWithDocument` (ID card / residence permit on the ID reader); `list` / `read` /
   * `markRead` then work on that session, online or on the offline copy. They also work on a
   * session opened by `socialSecurity.open` / `permit.read`, online only. Failure codes as for
   * `socialSecurity` plus `offline` when the server went away mid-session (open again: the
   * copy then opens) and `message-not-found`.
   */
  mailbox: {
    /**
     * Reads the social-security card with the PIN and opens the mailbox. Online: opens a holder
     * session as `socialSecurity.open` does; for a 3.00 card the card then answers a fixed
     * challenge of this terminal, and the newest messages (default 100, last 30 days) are kept
     * encrypted under a key made from that answer and the PIN. Server unreachable: the same
     * card + PIN opens that copy (`source: 'offline-copy'`). A wrong PIN opens nothing.
     */
    open(request: CardPinRequest): Promise<MailboxOpenOutcome>;
    /** Reads the document on the ID reader and opens the mailbox online (no offline copy: `offlineCopy: 'not-possible'`). */
    openWithDocument(): Promise<MailboxOpenOutcome>;
    /** A page, newest first; `list()` is page 1 of 20 of every category. */
    list(request?: MailListQuery): Promise<GatewayAnswer<MailboxView>>;
    /** One message with its body (from the copy when offline). Reading does not mark it read. */
    read(request: z.infer<typeof MailReadRequest>): Promise<GatewayAnswer<MailMessage>>;
    /** Marks messages read: on the server (once, by a key this side makes), or on the copy and queued for the server. */
    markRead(request: z.infer<typeof MailMarkReadRequest>): Promise<GatewayAnswer<MailMarked>>;
  };
  printer: {
    print(job: ReceiptJob): Promise<PrintResult>;
  };
  /**
   * Usage statistics: one fact of how the terminal is used (a screen shown, a service started or
   * completed, a language, elderly mode, an attract item played). The privileged side checks it,
   * counts it in the open hour on disk and sends each hour once; facts name no person.
   */
  usage: {
    record(fact: UsageFact): Promise<void>;
  };
  /**
   * Forget the person on the privileged side: the holder session (ended on the server, best
   * effort), the card powered down, every cached holder object dropped. The page calls it on
   * every wipe (finish, idle, card removed); it never fails.
   */
  endSession(): Promise<void>;
  on<E extends keyof BridgeEvents>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}
