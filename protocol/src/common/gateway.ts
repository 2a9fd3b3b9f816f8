/**
 * Terminal-facing service gateway API: bills and payments, social security, residence
 * permits, the citizen mailbox. The kiosk calls these signed routes under `/api/terminal/`;
 * the district server answers them through its back-office adapters. Personal identifiers
 * travel in POST bodies only, never in URLs (URLs end up in logs).
 */
import { z } from 'zod';

// ---- shared --------------------------------------------------------------------------

/** Machine codes of gateway failures a terminal must tell apart (the UI translates them). */
export const GatewayErrorCode = z.enum([
  'bill-not-found',
  'bill-already-paid',
  'amount-mismatch',
  'barcode-malformed',
  'barcode-check-digit',
  'barcode-unknown-biller',
  'backoffice-timeout',
  'backoffice-declined',
  'backoffice-unavailable',
  'holder-not-verified',
  'holder-not-found',
  'idempotency-conflict',
  'payment-not-found',
  'not-allowed',
]);
export type GatewayErrorCode = z.infer<typeof GatewayErrorCode>;

/** ISO 7064 MOD 11-2 check of an 18-character resident citizen ID number. */
export function isValidCitizenId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11] === id[17];
}

export const CitizenId = z.string().refine(isValidCitizenId, 'citizen ID number with a valid check digit');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month as YYYY-MM');
export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date as YYYY-MM-DD');
/** Money is always integer fen (1/100 yuan). */
export const Fen = z.number().int().min(0).max(100_000_000_00);
/** Made on the terminal, written to its outbox before the request is sent. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16-64 URL-safe characters');

/**
 * Who the request is about, and how the terminal established it. Social-security services
 * need `card-pin` (the card verified the PIN); residence-permit and mailbox accept either
 * `card-pin` or `id-card` (the ID/permit reader read the chip).
 */
export const Holder = z.strictObject({
  citizenId: CitizenId,
  verifiedBy: z.enum(['card-pin', 'id-card']),
  /** Social security card number, when verified by card. */
  cardNumber: z.string().regex(/^[A-Z0-9]{9}$/).optional(),
});
export type Holder = z.infer<typeof Holder>;

// ---- bills ---------------------------------------------------------------------------

export const BillerKind = z.enum(['water', 'power', 'gas', 'telecom']);
export type BillerKind = z.infer<typeof BillerKind>;
export const AccountNumber = z.string().regex(/^\d{6,10}$/, 'account number of 6-10 digits');

export const BillLookupRequest = z.union([
  z.strictObject({ biller: BillerKind, account: AccountNumber }),
  z.strictObject({ barcode: z.string().min(1).max(64) }),
]);
export type BillLookupRequest = z.infer<typeof BillLookupRequest>;

export const Bill = z.strictObject({
  /** Opaque id the terminal passes back to pay. */
  billId: z.string().min(1).max(128),
  biller: BillerKind,
  account: AccountNumber,
  period: Month,
  amountFen: Fen,
  dueDate: Day,
  /** e.g. `张*明`. */
  holderMasked: z.string().max(64),
  /** e.g. `上海市**区**路**号***室`. */
  addressMasked: z.string().max(200),
  status: z.enum(['unpaid', 'paid']),
});
export type Bill = z.infer<typeof Bill>;
export const BillLookupResponse = z.strictObject({ bills: z.array(Bill).max(24) });
export type BillLookupResponse = z.infer<typeof BillLookupResponse>;

// ---- payments ------------------------------------------------------------------------

/** One state table for a payment (server side, see admin-web/server/src/transactions). */
export const PaymentState = z.enum(['pending', 'paid', 'failed', 'reversed', 'unknown']);
export type PaymentState = z.infer<typeof PaymentState>;

export const CreatePaymentRequest = z.strictObject({
  idempotencyKey: IdempotencyKey,
  billId: z.string().min(1).max(128),
  /** What the terminal showed the payer; must equal the biller's amount. */
  amountFen: Fen.min(1),
});
export type CreatePaymentRequest = z.infer<typeof CreatePaymentRequest>;

export const PaymentOrder = z.strictObject({
  orderId: z.string().min(1).max(64),
  /** Rendered as a QR code for the payer's phone. */
  qrPayload: z.string().min(1).max(512),
  expiresAt: z.iso.datetime(),
});
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const PaymentView = z.strictObject({
  paymentId: z.string(),
  idempotencyKey: IdempotencyKey,
  state: PaymentState,
  biller: BillerKind,
  account: AccountNumber,
  period: Month,
  amountFen: Fen,
  order: PaymentOrder.nullable(),
  /** Biller's reference once paid; printed on the receipt. */
  receiptNo: z.string().nullable(),
  failure: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentView = z.infer<typeof PaymentView>;

// ---- social security -----------------------------------------------------------------

export const InsuranceType = z.enum(['pension', 'medical', 'unemployment', 'work-injury', 'maternity']);
export type InsuranceType = z.infer<typeof InsuranceType>;

export const ContributionsRequest = z
  .strictObject({ holder: Holder, from: Month, to: Month })
  .refine((r) => r.from <= r.to, 'from must not be after to');
export const ContributionRecord = z.strictObject({
  month: Month,
  insuranceType: InsuranceType,
  baseFen: Fen,
  personalFen: Fen,
  employerFen: Fen,
  employer: z.string().max(100),
  status: z.enum(['paid', 'arrears']),
});
export type ContributionRecord = z.infer<typeof ContributionRecord>;
export const ContributionsResponse = z.strictObject({ records: z.array(ContributionRecord).max(2000) });
export type ContributionsResponse = z.infer<typeof ContributionsResponse>;

export const HolderRequest = z.strictObject({ holder: Holder });
export type HolderRequest = z.infer<typeof HolderRequest>;
export const HolderActionRequest = z.strictObject({ holder: Holder, idempotencyKey: IdempotencyKey });
export type HolderActionRequest = z.infer<typeof HolderActionRequest>;

export const MedicalAccount = z.strictObject({
  balanceFen: Fen,
  /** Amount credited this year. */
  creditedThisYearFen: Fen,
  spentThisYearFen: Fen,
  asOf: z.iso.datetime(),
});
export type MedicalAccount = z.infer<typeof MedicalAccount>;

export const ApplicationProgress = z.strictObject({
  applicationId: z.string().max(64),
  kind: z.enum(['first-issue', 'replacement', 'renewal', 'permit-application', 'permit-renewal']),
  stage: z.enum(['submitted', 'reviewing', 'producing', 'ready-for-collection', 'collected', 'rejected']),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Where to collect, when ready. */
  collectAt: z.string().max(200).nullable(),
});
export type ApplicationProgress = z.infer<typeof ApplicationProgress>;

export const CardStatus = z.strictObject({
  cardNumberMasked: z.string().max(32),
  state: z.enum(['active', 'temporarily-lost', 'lost', 'suspended']),
  issuedOn: Day,
  validUntil: Day,
  /** Set while a temporary loss report is in force. */
  lossReportedAt: z.iso.datetime().nullable(),
  applications: z.array(ApplicationProgress).max(20),
});
export type CardStatus = z.infer<typeof CardStatus>;

// ---- residence permit ----------------------------------------------------------------

export const ResidencePermitStatus = z.strictObject({
  permitNumberMasked: z.string().max(32),
  validFrom: Day,
  validUntil: Day,
  endorsement: z.strictObject({
    /** Date by which this year's endorsement is due. */
    dueBy: Day,
    state: z.enum(['endorsed', 'due', 'requested', 'overdue']),
    lastEndorsedOn: Day.nullable(),
  }),
  applications: z.array(ApplicationProgress).max(20),
});
export type ResidencePermitStatus = z.infer<typeof ResidencePermitStatus>;

// ---- citizen mailbox -----------------------------------------------------------------

export const MailKind = z.enum(['bill-reminder', 'notice', 'personal']);
export const MailSummary = z.strictObject({
  messageId: z.string().max(64),
  kind: MailKind,
  title: z.string().max(200),
  sender: z.string().max(100),
  receivedAt: z.iso.datetime(),
  read: z.boolean(),
});
export type MailSummary = z.infer<typeof MailSummary>;
export const MailMessage = MailSummary.extend({ body: z.string().max(20_000) });
export type MailMessage = z.infer<typeof MailMessage>;
export const MailboxListResponse = z.strictObject({ messages: z.array(MailSummary).max(500), unread: z.number().int().min(0) });
export type MailboxListResponse = z.infer<typeof MailboxListResponse>;
export const MailReadRequest = z.strictObject({ holder: Holder, messageId: z.string().min(1).max(64) });
export const MailMarkReadRequest = z.strictObject({ holder: Holder, messageIds: z.array(z.string().min(1).max(64)).min(1).max(500) });

// ---- paths ---------------------------------------------------------------------------

/** The signed terminal routes of the gateway, so kiosk and server cannot disagree on a URL. */
export const GATEWAY_PATHS = {
  billLookup: '/api/terminal/bills/lookup',
  payments: '/api/terminal/payments',
  /** GET: a payment by the terminal's idempotency key (URL-safe by its schema); advances it. */
  payment: (idempotencyKey: string) => `/api/terminal/payments/${idempotencyKey}`,
  /** POST: the payer walked away; closes the order unless it was paid meanwhile. */
  paymentCancel: (idempotencyKey: string) => `/api/terminal/payments/${idempotencyKey}/cancel`,
  contributions: '/api/terminal/social-security/contributions',
  medicalAccount: '/api/terminal/social-security/medical-account',
  card: '/api/terminal/social-security/card',
  lossReport: '/api/terminal/social-security/card/loss-report',
  lossReportCancel: '/api/terminal/social-security/card/loss-report/cancel',
  permitStatus: '/api/terminal/residence-permit/status',
  permitEndorsement: '/api/terminal/residence-permit/endorsement',
  mailboxList: '/api/terminal/mailbox/list',
  mailboxRead: '/api/terminal/mailbox/read',
  mailboxMarkRead: '/api/terminal/mailbox/mark-read',
} as const;
