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
  /** The biller, or the server's own ledger, holds this bill as paid. */
  'bill-already-paid',
  /** The server's ledger holds a payment of this bill whose outcome is not known yet. */
  'bill-payment-in-doubt',
  'amount-mismatch',
  'barcode-malformed',
  'barcode-check-digit',
  'barcode-unknown-biller',
  'backoffice-timeout',
  'backoffice-declined',
  'backoffice-unavailable',
  /** The session's assurance does not allow this service (e.g. an ID document for card services). */
  'holder-not-verified',
  'holder-not-found',
  /** No such holder session (never opened, or a made-up token). */
  'holder-session-unknown',
  /** The holder session expired (idle or absolute) or was ended. */
  'holder-session-expired',
  /** The holder session belongs to another terminal. */
  'holder-session-wrong-terminal',
  /** The challenge is unknown, used, expired, of another kind or another terminal's. */
  'holder-challenge-invalid',
  /** The card or document does not prove the holder (missing or wrong cryptogram, unknown card, mismatched ID). */
  'holder-proof-invalid',
  /** This terminal reached its limit of distinct holders per hour; an alert is raised. */
  'holder-limit-reached',
  /** This terminal asked for too many challenges too fast. */
  'holder-challenge-rate-limited',
  'idempotency-conflict',
  'payment-not-found',
  /** No such message in the holder's mailbox. */
  'message-not-found',
  /** A mailbox read voucher the server did not issue to this terminal, or one past its expiry. */
  'mail-voucher-invalid',
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

// ---- holder proof --------------------------------------------------------------------

/*
 * Who a personal-data request is about is never the terminal's word. The terminal asks for a
 * single-use challenge, proves the holder against it, and gets an opaque holder session; every
 * personal-data route takes that session and the server resolves the person from it.
 *
 *   POST holderChallenge { kind }                       -> { challengeId, challenge, expiresAt }
 *   (card: VERIFY the PIN, then INTERNAL AUTHENTICATE over `challenge` in the same card session)
 *   POST holderSessions  { challengeId, card | document } -> { holderSession, assurance, ... }
 *   POST <service>       { holderSession, ... }
 *   POST holderSessionEnd { holderSession? }            (the kiosk's idle wipe)
 *
 * A 3.00 card must answer with a cryptogram the social-security back office verifies; a card
 * the back office knows as 2.00 (no card authentication) gets `pin-only` on the terminal's
 * word that the card verified the PIN. An ID document read by the ID reader (whose SAM
 * checked the chip) gets `id-document`. Sessions are bound to the terminal that opened them,
 * expire when idle and absolutely, and every personal-data access is logged for auditors.
 */

/** Bytes of a holder challenge: what INTERNAL AUTHENTICATE takes (`00 88 00 xx 10`). */
export const HOLDER_CHALLENGE_BYTES = 16;

/** Lower-case hex of exactly `bytes` bytes. */
const hexOf = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes as lower-case hex`);

/** What the terminal is going to prove the holder with. */
export const HolderProofKind = z.enum(['social-security-card', 'id-document']);
export type HolderProofKind = z.infer<typeof HolderProofKind>;

/** Opaque, server-made identifiers and tokens (URL-safe random). */
const OpaqueId = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'opaque identifier');

export const HolderChallengeRequest = z.strictObject({ kind: HolderProofKind });
export type HolderChallengeRequest = z.infer<typeof HolderChallengeRequest>;
export const HolderChallengeResponse = z.strictObject({
  challengeId: OpaqueId,
  /** The bytes the card signs with INTERNAL AUTHENTICATE. */
  challenge: hexOf(HOLDER_CHALLENGE_BYTES),
  /** Single use, bound to the terminal that asked; refused after this. */
  expiresAt: z.iso.datetime(),
});
export type HolderChallengeResponse = z.infer<typeof HolderChallengeResponse>;

/** Social security card number as on the card (EF05 tag 07). */
export const CardNumber = z.string().regex(/^[A-Z0-9]{9}$/, 'card number of 9 letters or digits');
/** Specification version as on the card (EF05 tag 03), e.g. `2.00`, `3.00`. */
export const CardVersion = z.string().regex(/^\d\.\d{2}$/, 'card version like 3.00');
/** The card's INTERNAL AUTHENTICATE answer over the challenge: 8 to 32 bytes as hex. */
export const CardCryptogram = z.string().regex(/^(?:[0-9a-f]{2}){8,32}$/, '8-32 bytes as lower-case hex');

/** Kinds of document the ID reader reads (its SAM checks the chip's authenticity). */
export const IdDocumentKind = z.enum(['resident-id', 'residence-permit', 'foreign-permanent-residence']);
export type IdDocumentKind = z.infer<typeof IdDocumentKind>;

export const CardHolderProof = z.strictObject({
  challengeId: OpaqueId,
  /** What the terminal read from the card (EF05/EF06). */
  card: z.strictObject({ citizenId: CitizenId, cardNumber: CardNumber, cardVersion: CardVersion }),
  /** INTERNAL AUTHENTICATE over the challenge, run after VERIFY; required for cards the back office knows as 3.00. */
  cryptogram: CardCryptogram.optional(),
  /** The card answered VERIFY with 90 00 in this card session. */
  pinVerified: z.literal(true),
});
export type CardHolderProof = z.infer<typeof CardHolderProof>;

export const DocumentHolderProof = z.strictObject({
  challengeId: OpaqueId,
  document: z.strictObject({
    kind: IdDocumentKind,
    /** The 18-character number on the document (all three kinds carry a MOD 11-2 check). */
    number: CitizenId,
    /** Name as read from the chip, for the masked greeting. */
    name: z.string().min(1).max(64).optional(),
  }),
});
export type DocumentHolderProof = z.infer<typeof DocumentHolderProof>;

export const HolderSessionRequest = z.union([CardHolderProof, DocumentHolderProof]);
export type HolderSessionRequest = z.infer<typeof HolderSessionRequest>;

/** The personal-data services; each is one route and one access-log `service`. */
export const HolderService = z.enum([
  'contributions',
  'contribution-statement',
  'medical-account',
  'card-status',
  'loss-report',
  'loss-report-cancel',
  'permit-status',
  'permit-endorsement',
  'permit-application',
  'mailbox',
]);
export type HolderService = z.infer<typeof HolderService>;

const CARD: readonly HolderAssurance[] = ['card-cryptogram', 'pin-only'];
const ANY: readonly HolderAssurance[] = ['card-cryptogram', 'pin-only', 'id-document'];

/**
 * Which assurance each service accepts. Card services need the card itself; residence-permit
 * services and reporting a card lost (the card is not at hand) accept an ID document.
 */
export const HOLDER_SERVICE_ASSURANCE: Readonly<Record<HolderService, readonly HolderAssurance[]>> = {
  contributions: CARD,
  'contribution-statement': CARD,
  'medical-account': CARD,
  'card-status': CARD,
  'loss-report': ANY,
  'loss-report-cancel': CARD,
  'permit-status': ANY,
  'permit-endorsement': ANY,
  'permit-application': ANY,
  mailbox: ANY,
};

/**
 * How the holder was established: `card-cryptogram` (a 3.00 card answered the challenge and
 * the back office verified it), `pin-only` (a card the back office knows as 2.00; the terminal
 * reports the card verified the PIN), `id-document` (an ID document on the ID reader).
 */
export const HolderAssurance = z.enum(['card-cryptogram', 'pin-only', 'id-document']);
export type HolderAssurance = z.infer<typeof HolderAssurance>;

/** Opaque token naming a holder session; valid only from the terminal that opened it. */
export const HolderSessionToken = OpaqueId;

export const HolderSessionResponse = z.strictObject({
  holderSession: HolderSessionToken,
  assurance: HolderAssurance,
  /** The earlier of the idle and the absolute expiry; each use moves the idle one on. */
  expiresAt: z.iso.datetime(),
  holder: z.strictObject({
    /** e.g. `张*华`. */
    nameMasked: z.string().max(64),
    /** e.g. `3101**********2042`. */
    idMasked: z.string().max(32),
  }),
  /** The services this session may use (see HOLDER_SERVICE_ASSURANCE). */
  services: z.array(HolderService),
});
export type HolderSessionResponse = z.infer<typeof HolderSessionResponse>;

/** Ends one holder session, or (without a token) every open holder session of the terminal. */
export const HolderSessionEndRequest = z.strictObject({ holderSession: HolderSessionToken.optional() });
export type HolderSessionEndRequest = z.infer<typeof HolderSessionEndRequest>;
export const HolderSessionEndResponse = z.strictObject({ ended: z.number().int().min(0) });

/** Every personal-data request names its holder session, never a person. */
export const HolderRequest = z.strictObject({ holderSession: HolderSessionToken });
export type HolderRequest = z.infer<typeof HolderRequest>;
export const HolderActionRequest = z.strictObject({ holderSession: HolderSessionToken, idempotencyKey: IdempotencyKey });
export type HolderActionRequest = z.infer<typeof HolderActionRequest>;

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

/**
 * Why a payment failed, or what holds it up (`PaymentView.failure.code`): the server sets only
 * these and the terminal decides what the payer sees by them.
 */
export const PaymentFailureCode = z.enum([
  /** The QR order was closed unpaid (the payer cancelled or the terminal gave up). */
  'payment-cancelled',
  /** The QR order ran out unpaid. */
  'payment-expired',
  /** The payer paid but the biller refused the payment; the payer was refunded. */
  'biller-declined',
  'biller-not-found',
  'biller-already-paid',
  'biller-amount-mismatch',
  'biller-not-allowed',
  /** Reconciliation: the biller never booked a payment left unknown; the payer was refunded. */
  'biller-never-booked',
  /** The biller did not answer: the payment is `unknown` until the biller's record settles it. */
  'backoffice-timeout',
  /** The biller is down: the payment stays `pending` and is tried again. */
  'backoffice-unavailable',
]);
export type PaymentFailureCode = z.infer<typeof PaymentFailureCode>;

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

/**
 * The short reference a resident reads, keeps (printed, with a QR) and gives staff: 10 characters
 * of an alphabet without look-alikes (no 0/O, 1/I/L, U). The server assigns it, unique.
 */
export const SHORT_REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ShortReference = z.string().regex(/^[2-9A-HJKMNP-TV-Z]{10}$/, '10 characters of the short-reference alphabet');
export type ShortReference = z.infer<typeof ShortReference>;

export const PaymentView = z.strictObject({
  paymentId: z.string(),
  /** What the resident sees and staff reprint by; the idempotency key stays internal. */
  reference: ShortReference,
  idempotencyKey: IdempotencyKey,
  state: PaymentState,
  biller: BillerKind,
  account: AccountNumber,
  period: Month,
  amountFen: Fen,
  order: PaymentOrder.nullable(),
  /** Biller's reference once paid; printed on the receipt. */
  receiptNo: z.string().nullable(),
  failure: z.strictObject({ code: PaymentFailureCode, message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentView = z.infer<typeof PaymentView>;

// ---- social security -----------------------------------------------------------------

export const InsuranceType = z.enum(['pension', 'medical', 'unemployment', 'work-injury', 'maternity']);
export type InsuranceType = z.infer<typeof InsuranceType>;

/** Months since year 0 of a `YYYY-MM` (for range arithmetic). */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The longest range a contributions query or statement may cover. */
export const MAX_CONTRIBUTION_MONTHS = 36;

const ContributionRange = { from: Month, to: Month };
const inRange = (r: { from: string; to: string }) => r.from <= r.to && monthIndex(r.to) - monthIndex(r.from) < MAX_CONTRIBUTION_MONTHS;
const RANGE_MESSAGE = `from must not be after to, and the range covers at most ${MAX_CONTRIBUTION_MONTHS} months`;

export const ContributionsRequest = z.strictObject({ holderSession: HolderSessionToken, ...ContributionRange }).refine(inRange, RANGE_MESSAGE);
export type ContributionsRequest = z.infer<typeof ContributionsRequest>;
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
/** Sums over the range for one insurance type (paid and in arrears alike). */
export const ContributionTotal = z.strictObject({ insuranceType: InsuranceType, months: z.number().int().min(0), personalFen: Fen, employerFen: Fen });
export type ContributionTotal = z.infer<typeof ContributionTotal>;
export const ContributionsResponse = z.strictObject({
  from: Month,
  to: Month,
  records: z.array(ContributionRecord).max(MAX_CONTRIBUTION_MONTHS * 5),
  /** One per insurance type, in InsuranceType order. */
  totals: z.array(ContributionTotal).max(5),
});
export type ContributionsResponse = z.infer<typeof ContributionsResponse>;

/**
 * A contribution statement (参保缴费证明): the holder, the period and the totals, with a code
 * anyone can check at the server's public page `GET /verify/<code>` (see statement-code.ts).
 */
export const StatementRequest = z.strictObject({ holderSession: HolderSessionToken, idempotencyKey: IdempotencyKey, ...ContributionRange }).refine(inRange, RANGE_MESSAGE);
export type StatementRequest = z.infer<typeof StatementRequest>;
export const ContributionStatement = z.strictObject({
  /** `XXXX-XXXX-XXXX-XXXX`, printed on the statement. */
  code: z.string().max(32),
  /** The public page that confirms the statement; printed as a QR code. */
  verifyUrl: z.string().max(300),
  holderNameMasked: z.string().max(64),
  holderIdMasked: z.string().max(32),
  from: Month,
  to: Month,
  totals: z.array(ContributionTotal).max(5),
  issuedAt: z.iso.datetime(),
});
export type ContributionStatement = z.infer<typeof ContributionStatement>;

export const MedicalAccount = z.strictObject({
  balanceFen: Fen,
  /** Amount credited this year. */
  creditedThisYearFen: Fen,
  spentThisYearFen: Fen,
  asOf: z.iso.datetime(),
  /** Newest first. */
  recentEntries: z
    .array(
      z.strictObject({
        day: Day,
        kind: z.enum(['credit', 'spend']),
        amountFen: Fen,
        /** e.g. `个人账户划入`, `门诊 浦江区中心医院`. */
        description: z.string().max(100),
      }),
    )
    .max(50),
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
    /** The month it falls due, as shown to the holder. */
    dueMonth: Month,
    state: z.enum(['endorsed', 'due', 'requested', 'overdue']),
    lastEndorsedOn: Day.nullable(),
  }),
  applications: z.array(ApplicationProgress).max(20),
});
export type ResidencePermitStatus = z.infer<typeof ResidencePermitStatus>;

/**
 * The answer to an endorsement request (idempotent by key: the same key returns the first
 * answer). `documents-required`: the back office wants to see papers; `bring` says which.
 */
export const EndorsementResult = z.strictObject({
  result: z.enum(['endorsed', 'submitted', 'documents-required']),
  bring: z.array(z.string().max(200)).max(20),
  status: ResidencePermitStatus,
});
export type EndorsementResult = z.infer<typeof EndorsementResult>;

/** Progress of permit applications made with the holder's ID (also when no permit exists yet). */
export const PermitApplicationsResponse = z.strictObject({ applications: z.array(ApplicationProgress).max(20) });
export type PermitApplicationsResponse = z.infer<typeof PermitApplicationsResponse>;

// ---- citizen mailbox -----------------------------------------------------------------

/** The mailbox's categories: bills (`bill-reminder`), notices (`notice`) and personal notifications. */
export const MailKind = z.enum(['bill-reminder', 'notice', 'personal']);
export type MailKind = z.infer<typeof MailKind>;
/**
 * A kiosk service a message leads to, so the screen can offer a button: a bill reminder names
 * the biller and account (the bills screen looks them up), the others open their service.
 */
export const MailLink = z.discriminatedUnion('service', [
  z.strictObject({ service: z.literal('bills'), biller: BillerKind, account: AccountNumber }),
  z.strictObject({ service: z.literal('social-security') }),
  z.strictObject({ service: z.literal('residence-permit') }),
]);
export type MailLink = z.infer<typeof MailLink>;
export const MailId = z.string().min(1).max(64);
export const MailSummary = z.strictObject({
  messageId: MailId,
  kind: MailKind,
  title: z.string().max(200),
  sender: z.string().max(100),
  receivedAt: z.iso.datetime(),
  read: z.boolean(),
  link: MailLink.optional(),
});
export type MailSummary = z.infer<typeof MailSummary>;
export const MailMessage = MailSummary.extend({ body: z.string().max(20_000) });
export type MailMessage = z.infer<typeof MailMessage>;
export const MAX_MAIL_PAGE_SIZE = 100;
/** One page of the mailbox, newest first, optionally of one category. */
export const MailListRequest = z.strictObject({
  holderSession: HolderSessionToken,
  /** 1-based. */
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(MAX_MAIL_PAGE_SIZE).default(20),
  kind: MailKind.optional(),
});
export type MailListRequest = z.input<typeof MailListRequest>;
export const UnreadByKind = z.strictObject({ 'bill-reminder': z.number().int().min(0), notice: z.number().int().min(0), personal: z.number().int().min(0) });
export type UnreadByKind = z.infer<typeof UnreadByKind>;
export const MailboxListResponse = z.strictObject({
  messages: z.array(MailSummary).max(MAX_MAIL_PAGE_SIZE),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  /** Messages in the (filtered) list, over all pages. */
  total: z.number().int().min(0),
  /** Unread in the whole mailbox, whatever the filter. */
  unread: z.number().int().min(0),
  unreadByKind: UnreadByKind,
});
export type MailboxListResponse = z.infer<typeof MailboxListResponse>;
export const MAX_MAIL_RECENT = 200;
/** The newest messages with their bodies, for the terminal's encrypted offline copy. */
export const MailRecentRequest = z.strictObject({
  holderSession: HolderSessionToken,
  limit: z.number().int().min(1).max(MAX_MAIL_RECENT),
  /** Only messages received in the last `days` days. */
  days: z.number().int().min(1).max(366),
});
/** An opaque, server-sealed reference to the holder for read marks made while offline (see mailboxOfflineReads). */
export const MailReadVoucher = z.string().regex(/^[A-Za-z0-9_-]{40,400}$/, 'mail read voucher');
export const MailRecentResponse = z.strictObject({ messages: z.array(MailMessage).max(MAX_MAIL_RECENT), asOf: z.iso.datetime(), readVoucher: MailReadVoucher });
export type MailRecentResponse = z.infer<typeof MailRecentResponse>;
export const MailReadRequest = z.strictObject({ holderSession: HolderSessionToken, messageId: MailId });
/** Marks messages read; the same key is applied once and answers the first outcome again. */
export const MailMarkReadRequest = z.strictObject({ holderSession: HolderSessionToken, messageIds: z.array(MailId).min(1).max(500), idempotencyKey: IdempotencyKey });
export const MailMarkReadResponse = z.strictObject({
  ok: z.literal(true),
  /** How many of the messages this key turned from unread to read (0 for ones already read or unknown). */
  marked: z.number().int().min(0),
});
export type MailMarkReadResponse = z.infer<typeof MailMarkReadResponse>;
/** Read marks made offline, sent later without a holder session on the voucher of the offline copy. */
export const MailOfflineReadsRequest = z.strictObject({ readVoucher: MailReadVoucher, messageIds: z.array(MailId).min(1).max(500), idempotencyKey: IdempotencyKey });
export type MailOfflineReadsRequest = z.infer<typeof MailOfflineReadsRequest>;
/** A staff member (or tester) delivers a message to a holder's mailbox, named by citizen ID. */
export const MailDeliverRequest = z.strictObject({
  citizenId: CitizenId,
  kind: MailKind,
  title: z.string().trim().min(1).max(200),
  sender: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(20_000),
  link: MailLink.optional(),
});
export type MailDeliverRequest = z.infer<typeof MailDeliverRequest>;
/** Where staff deliver a message (session + CSRF; operator or admin). */
export const MAIL_DELIVER_PATH = '/api/staff/mailbox/messages';

// ---- paths ---------------------------------------------------------------------------

/** The signed terminal routes of the gateway, so kiosk and server cannot disagree on a URL. */
export const GATEWAY_PATHS = {
  billLookup: '/api/terminal/bills/lookup',
  payments: '/api/terminal/payments',
  /** GET: a payment by the terminal's idempotency key (URL-safe by its schema); advances it. */
  payment: (idempotencyKey: string) => `/api/terminal/payments/${idempotencyKey}`,
  /** POST: the payer walked away; closes the order unless it was paid meanwhile. */
  paymentCancel: (idempotencyKey: string) => `/api/terminal/payments/${idempotencyKey}/cancel`,
  /** POST: a single-use challenge for proving the holder (HolderChallengeRequest). */
  holderChallenge: '/api/terminal/holder/challenge',
  /** POST: open a holder session with a card or an ID document (HolderSessionRequest). */
  holderSessions: '/api/terminal/holder/sessions',
  /** POST: end the holder session (the kiosk's idle wipe; HolderSessionEndRequest). */
  holderSessionEnd: '/api/terminal/holder/sessions/end',
  contributions: '/api/terminal/social-security/contributions',
  /** POST: issue a contribution statement with a verification code (StatementRequest). */
  contributionStatement: '/api/terminal/social-security/contribution-statement',
  medicalAccount: '/api/terminal/social-security/medical-account',
  card: '/api/terminal/social-security/card',
  lossReport: '/api/terminal/social-security/card/loss-report',
  lossReportCancel: '/api/terminal/social-security/card/loss-report/cancel',
  permitStatus: '/api/terminal/residence-permit/status',
  permitEndorsement: '/api/terminal/residence-permit/endorsement',
  /** POST: progress of permit applications made with the holder's ID. */
  permitApplications: '/api/terminal/residence-permit/applications',
  mailboxList: '/api/terminal/mailbox/list',
  mailboxRead: '/api/terminal/mailbox/read',
  mailboxMarkRead: '/api/terminal/mailbox/mark-read',
  /** POST: the newest messages with bodies for the terminal's encrypted offline copy (MailRecentRequest). */
  mailboxRecent: '/api/terminal/mailbox/recent',
  /** POST: read marks made offline, on the offline copy's voucher (MailOfflineReadsRequest). */
  mailboxOfflineReads: '/api/terminal/mailbox/offline-reads',
} as const;

/** The public statement check page (HTML, no script); codes are URL-safe by their alphabet. */
export const statementVerifyPath = (code: string) => `/verify/${code}`;
