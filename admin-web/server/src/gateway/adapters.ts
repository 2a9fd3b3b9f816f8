/**
 * The seam where a district plugs in its back offices. Each interface is what the server
 * needs from one kind of system; the embedded defaults are the simulators in ./simulator/.
 * Adapters speak in the protocol's types (integer fen, YYYY-MM periods, ISO times) and fail
 * only with BackOfficeError, so the routes and the payment flow never see a vendor's error.
 * See README.md in this folder for the contract in prose.
 */
import type {
  ApplicationProgress,
  BillerKind,
  CardStatus,
  ContributionRecord,
  EndorsementResult,
  MailMessage,
  MedicalAccount,
  ResidencePermitStatus,
} from '@civic-kiosk/protocol/gateway';

export type BackOfficeErrorCode = 'timeout' | 'declined' | 'unavailable' | 'not-found' | 'already-paid' | 'amount-mismatch' | 'not-allowed';

/**
 * A back office said no or could not be reached. `timeout` means the outcome is UNKNOWN
 * (the request may have been applied); callers must reconcile, never assume failure.
 */
export class BackOfficeError extends Error {
  constructor(
    readonly code: BackOfficeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackOfficeError';
  }
}

export interface BillerBill {
  biller: BillerKind;
  account: string;
  period: string;
  amountFen: number;
  dueDate: string;
  holderMasked: string;
  addressMasked: string;
  status: 'unpaid' | 'paid';
}

export interface BillerPaymentRecord {
  /** The idempotency key the payment was made with. */
  key: string;
  account: string;
  period: string;
  amountFen: number;
  billerRef: string;
  state: 'paid' | 'reversed';
  /** Epoch ms. */
  paidAt: number;
}

/** One utility company (water, power, gas, telecom). */
export interface BillerAdapter {
  readonly kind: BillerKind;
  /** Bills of an account, newest period first (unpaid and recently paid). */
  lookup(account: string): Promise<BillerBill[]>;
  /**
   * Pay one bill. MUST be idempotent by `key`: a second call with the same key returns the
   * first result and never charges twice.
   */
  pay(req: { key: string; account: string; period: string; amountFen: number }): Promise<{ billerRef: string }>;
  /** Undo a payment made with `key` (same day). Idempotent. */
  reverse(key: string): Promise<void>;
  /** What the biller knows about a payment key; `undefined` if it never saw it. */
  paymentByKey(key: string): Promise<BillerPaymentRecord | undefined>;
  /** Every payment the biller booked on a day (`YYYY-MM-DD`, Asia/Shanghai). */
  settlement(day: string): Promise<BillerPaymentRecord[]>;
}

export type PaymentOrderState = 'pending' | 'paid' | 'cancelled' | 'expired';

/** A payment provider issuing dynamic QR orders the payer scans with a phone. */
export interface PaymentProvider {
  /** Idempotent by `merchantRef`: the same ref returns the same order. */
  createOrder(req: { merchantRef: string; amountFen: number; subject: string; ttlMs: number }): Promise<{ orderId: string; qrPayload: string; expiresAt: number }>;
  queryOrder(orderId: string): Promise<{ state: PaymentOrderState; amountFen: number; paidAt?: number }>;
  /** Close an unpaid order (no effect on a paid one). */
  closeOrder(orderId: string): Promise<void>;
  /** Refund a paid order in full. Idempotent. */
  refund(orderId: string): Promise<void>;
}

/** What the back office knows of a card presented for a holder. */
export interface KnownCard {
  /** The holder's name as the back office has it. */
  name: string;
  /** Specification version on record (`2.00`, `3.00`). */
  version: string;
  /** The card answers INTERNAL AUTHENTICATE with a key the back office can check (3.00 cards). */
  authenticates: boolean;
}

/**
 * Social insurance records. Record calls are made only for a holder session whose assurance
 * allows the service (see HOLDER_SERVICE_ASSURANCE in the protocol).
 */
export interface SocialSecurityAdapter {
  /** The card if it is this person's current card; undefined for an unknown card or someone else's. */
  identifyCard(cardNumber: string, citizenId: string): Promise<KnownCard | undefined>;
  /** Checks the card's INTERNAL AUTHENTICATE answer over `challenge` with the issuer's keys. */
  verifyCardCryptogram(cardNumber: string, challenge: Uint8Array, cryptogram: Uint8Array): Promise<boolean>;
  contributions(citizenId: string, from: string, to: string): Promise<ContributionRecord[]>;
  medicalAccount(citizenId: string): Promise<MedicalAccount>;
  cardStatus(citizenId: string): Promise<CardStatus>;
  /** Temporary loss report; idempotent by key. */
  reportLoss(citizenId: string, key: string): Promise<CardStatus>;
  cancelLossReport(citizenId: string): Promise<CardStatus>;
}

export interface ResidencePermitAdapter {
  status(citizenId: string): Promise<ResidencePermitStatus>;
  /** Ask for this year's endorsement; idempotent by key (the same key returns the first answer). */
  requestEndorsement(citizenId: string, key: string): Promise<EndorsementResult>;
  /** Permit applications made with this ID, also when no permit was issued yet. */
  applications(citizenId: string): Promise<ApplicationProgress[]>;
}

export interface MailboxAdapter {
  /** Every message of the person, newest first (bodies included: the gateway pages and trims). */
  list(citizenId: string): Promise<MailMessage[]>;
  read(citizenId: string, messageId: string): Promise<MailMessage>;
  /** Marks messages read once per key: the same key answers its first count again. */
  markRead(citizenId: string, messageIds: string[], idempotencyKey: string): Promise<{ marked: number }>;
  /** Puts a new message in the person's mailbox (staff or a tester). */
  deliver(citizenId: string, message: MailDraft): Promise<MailMessage>;
}

/** A message to deliver: what staff write; the back office gives id, time and read state. */
export type MailDraft = Pick<MailMessage, 'kind' | 'title' | 'sender' | 'body' | 'link'>;

/** Everything behind the gateway. */
export interface BackOffices {
  billers: Record<BillerKind, BillerAdapter>;
  payments: PaymentProvider;
  socialSecurity: SocialSecurityAdapter;
  residencePermit: ResidencePermitAdapter;
  mailbox: MailboxAdapter;
}
