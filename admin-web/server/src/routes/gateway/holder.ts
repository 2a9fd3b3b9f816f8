/**
 * Terminal routes that touch a person's data. None takes a person: each takes a holder
 * session, opened by proving the holder (see personal-data/holder-sessions.ts), and runs
 * through `sessions.access`, which checks the session and writes the access-log row.
 */
import type { z } from 'zod';
import {
  CardStatus,
  ContributionsRequest,
  ContributionsResponse,
  ContributionStatement,
  EndorsementResult,
  GATEWAY_PATHS,
  HolderActionRequest,
  HolderChallengeRequest,
  HolderChallengeResponse,
  HolderRequest,
  HolderSessionEndRequest,
  HolderSessionEndResponse,
  HolderSessionRequest,
  HolderSessionResponse,
  MailboxListResponse,
  MailListRequest,
  MailMarkReadRequest,
  MailMarkReadResponse,
  MailMessage,
  MailReadRequest,
  MailRecentRequest,
  MailRecentResponse,
  MedicalAccount,
  PermitApplicationsResponse,
  ResidencePermitStatus,
  StatementRequest,
  type HolderService,
} from '@civic-kiosk/protocol/gateway';
import { terminalActor } from '../../audit/audit-log.ts';
import { defineRoute, type TerminalPrincipal } from '../../http/route.ts';
import type { Holder } from '../../personal-data/holder-sessions.ts';
import { contributionTotals } from '../../personal-data/statements.ts';
import type { RouteModule } from '../../services.ts';
import { viaBackOffice } from '../../gateway/errors.ts';
import { mailboxPage } from '@civic-kiosk/protocol/mailbox-pages';

const TAGS = ['gateway', 'terminal', 'personal-data'];

export const holderRoutes: RouteModule = (s) => {
  const b = () => s.gateway.backOffices;
  const { sessions, statements } = s.personalData;
  const vouchers = s.mailVouchers;
  /** A personal-data route: POST, signed, and run only through the holder session for `service`. */
  const holderRoute = <B extends z.ZodType<{ holderSession: string }>, R extends z.ZodType>(def: {
    url: string;
    service: HolderService;
    summary: string;
    body: B;
    response: R;
    use(holder: Holder, body: z.output<B>, terminal: TerminalPrincipal): Promise<z.input<R>>;
  }) =>
    defineRoute({
      method: 'POST',
      url: def.url,
      summary: def.summary,
      tags: TAGS,
      auth: 'terminal',
      body: def.body,
      response: def.response,
      // The route helper parsed the body with def.body; TypeScript cannot see that through the generic.
      handler: ({ body, terminal }) => {
        const parsed = body as z.output<B>;
        return sessions.access(terminal, parsed.holderSession, def.service, (h) => def.use(h, parsed, terminal));
      },
    });
  /** A change to the holder's card, audited with the assurance it was made on. */
  const cardChange = async (terminal: TerminalPrincipal, h: Holder, action: string, change: () => Promise<CardStatus>) => {
    const status = await viaBackOffice(change);
    await s.audit.record(terminalActor(terminal), action, { type: 'ss-card', id: status.cardNumberMasked }, { assurance: h.assurance });
    return status;
  };
  return [
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.holderChallenge,
      summary: 'A single-use challenge for proving the holder with a card or an ID document (rate-limited per terminal)',
      tags: TAGS,
      auth: 'terminal',
      body: HolderChallengeRequest,
      response: HolderChallengeResponse,
      handler: ({ body, terminal }) => sessions.challenge(terminal, body.kind),
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.holderSessions,
      summary: 'Open a holder session: a 3.00 card with its cryptogram, a 2.00 card (pin-only), or an ID document; limited in distinct holders per terminal and hour',
      tags: TAGS,
      auth: 'terminal',
      body: HolderSessionRequest,
      response: HolderSessionResponse,
      handler: ({ body, terminal }) => sessions.open(terminal, body),
    }),
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.holderSessionEnd,
      summary: "End the holder session, or all of this terminal's (the kiosk's idle wipe)",
      tags: TAGS,
      auth: 'terminal',
      body: HolderSessionEndRequest,
      response: HolderSessionEndResponse,
      handler: async ({ body, terminal }) => ({ ended: await sessions.end(terminal, body.holderSession) }),
    }),
    holderRoute({
      url: GATEWAY_PATHS.contributions,
      service: 'contributions',
      summary: 'Contribution records by month and insurance type over up to 36 months, with totals (card session)',
      body: ContributionsRequest,
      response: ContributionsResponse,
      async use(h, body) {
        const records = await viaBackOffice(() => b().socialSecurity.contributions(h.citizenId, body.from, body.to));
        return { from: body.from, to: body.to, records, totals: contributionTotals(records) };
      },
    }),
    holderRoute({
      url: GATEWAY_PATHS.contributionStatement,
      service: 'contribution-statement',
      summary: 'Issue a contribution statement with a verification code checked at /verify/<code> (card session; idempotent by key)',
      body: StatementRequest,
      response: ContributionStatement,
      async use(h, body, terminal) {
        const records = await viaBackOffice(() => b().socialSecurity.contributions(h.citizenId, body.from, body.to));
        return statements.issue(terminal.terminalId, h, body, contributionTotals(records));
      },
    }),
    holderRoute({
      url: GATEWAY_PATHS.medicalAccount,
      service: 'medical-account',
      summary: 'Medical insurance personal account balance and recent entries (card session)',
      body: HolderRequest,
      response: MedicalAccount,
      use: (h) => viaBackOffice(() => b().socialSecurity.medicalAccount(h.citizenId)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.card,
      service: 'card-status',
      summary: 'Card status and application / issue / replacement progress (card session)',
      body: HolderRequest,
      response: CardStatus,
      use: (h) => viaBackOffice(() => b().socialSecurity.cardStatus(h.citizenId)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.lossReport,
      service: 'loss-report',
      summary: 'Report the card temporarily lost, e.g. with the ID card on the ID reader (idempotent by key)',
      body: HolderActionRequest,
      response: CardStatus,
      use: (h, body, terminal) => cardChange(terminal, h, 'social-security.loss-report', () => b().socialSecurity.reportLoss(h.citizenId, body.idempotencyKey)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.lossReportCancel,
      service: 'loss-report-cancel',
      summary: 'Cancel a temporary loss report for the card in hand (card session)',
      body: HolderRequest,
      response: CardStatus,
      use: (h, _body, terminal) => cardChange(terminal, h, 'social-security.loss-report-cancel', () => b().socialSecurity.cancelLossReport(h.citizenId)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.permitStatus,
      service: 'permit-status',
      summary: 'Residence permit validity, endorsement status and due month, application progress',
      body: HolderRequest,
      response: ResidencePermitStatus,
      use: (h) => viaBackOffice(() => b().residencePermit.status(h.citizenId)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.permitEndorsement,
      service: 'permit-endorsement',
      summary: "Request this year's endorsement (idempotent by key): the result and what to bring if documents are asked for",
      body: HolderActionRequest,
      response: EndorsementResult,
      use: (h, body) => viaBackOffice(() => b().residencePermit.requestEndorsement(h.citizenId, body.idempotencyKey)),
    }),
    holderRoute({
      url: GATEWAY_PATHS.permitApplications,
      service: 'permit-application',
      summary: "Progress of residence permit applications made with the holder's ID",
      body: HolderRequest,
      response: PermitApplicationsResponse,
      use: async (h) => ({ applications: await viaBackOffice(() => b().residencePermit.applications(h.citizenId)) }),
    }),
    holderRoute({
      url: GATEWAY_PATHS.mailboxList,
      service: 'mailbox',
      summary: "A page of the holder's citizen mailbox, newest first, optionally of one category, with unread counts",
      body: MailListRequest,
      response: MailboxListResponse,
      async use(h, body) {
        return mailboxPage(await viaBackOffice(() => b().mailbox.list(h.citizenId)), body);
      },
    }),
    holderRoute({
      url: GATEWAY_PATHS.mailboxRecent,
      service: 'mailbox',
      summary: "The holder's newest messages with bodies, for the terminal's encrypted offline copy",
      body: MailRecentRequest,
      response: MailRecentResponse,
      async use(h, body, terminal) {
        const asOf = s.now();
        const since = new Date(asOf - body.days * 86_400_000).toISOString();
        const all = await viaBackOffice(() => b().mailbox.list(h.citizenId));
        const messages = all.filter((m) => m.receivedAt >= since).slice(0, body.limit);
        return { messages, asOf: new Date(asOf).toISOString(), readVoucher: vouchers.issue(h.citizenId, terminal.terminalId) };
      },
    }),
    holderRoute({
      url: GATEWAY_PATHS.mailboxRead,
      service: 'mailbox',
      summary: 'One mailbox message with its body',
      body: MailReadRequest,
      response: MailMessage,
      use: (h, body) => viaBackOffice(() => b().mailbox.read(h.citizenId, body.messageId), 'message-not-found'),
    }),
    holderRoute({
      url: GATEWAY_PATHS.mailboxMarkRead,
      service: 'mailbox',
      summary: 'Mark mailbox messages read (idempotent by key: the same key is applied once)',
      body: MailMarkReadRequest,
      response: MailMarkReadResponse,
      async use(h, body) {
        const { marked } = await viaBackOffice(() => b().mailbox.markRead(h.citizenId, body.messageIds, body.idempotencyKey));
        return { ok: true as const, marked };
      },
    }),
  ];
};
