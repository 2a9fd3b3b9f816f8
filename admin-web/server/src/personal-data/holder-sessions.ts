/**
 * Holder proof on the server: single-use challenges, holder sessions opened with a card or an
 * ID document, and the per-terminal limits. A personal-data route never learns who a request
 * is about from the terminal; it asks `access()` with the session token, which resolves the
 * person, checks the session's terminal, expiry and assurance, and writes the access-log row
 * whatever the outcome.
 */
import { randomBytes } from 'node:crypto';
import {
  HOLDER_CHALLENGE_BYTES,
  HOLDER_SERVICE_ASSURANCE,
  HolderService,
  type GatewayErrorCode,
  type HolderAssurance,
  type HolderChallengeResponse,
  type HolderProofKind,
  type HolderSessionRequest,
  type HolderSessionResponse,
} from '@civic-kiosk/protocol/gateway';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { AlertBook } from '../fleet/alerts.ts';
import type { SocialSecurityAdapter } from '../gateway/adapters.ts';
import { toGatewayError } from '../gateway/errors.ts';
import type { TerminalPrincipal } from '../http/route.ts';
import type { HolderHasher, PersonalDataAccessLog } from './access-log.ts';
import { maskCitizenId, maskName } from './masking.ts';
import { newToken, tokenHash } from '../staff/tokens.ts';

export interface HolderSessionConfig {
  challengeTtlMs: number;
  /** Challenges one terminal may ask for per minute. */
  challengesPerMinute: number;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Distinct holders one terminal may open sessions for per hour; the next is refused and alerted. */
  holdersPerHour: number;
}

export const defaultHolderSessionConfig = (): HolderSessionConfig => ({
  challengeTtlMs: 2 * 60_000,
  challengesPerMinute: 20,
  sessionIdleMs: 10 * 60_000,
  sessionMaxMs: 30 * 60_000,
  holdersPerHour: 30,
});

/** Who a personal-data request is about, as established by its session. */
export interface Holder {
  citizenId: string;
  holderHash: string;
  assurance: HolderAssurance;
  /** The card the session was opened with; null for an ID document. */
  cardNumber: string | null;
  nameMasked: string;
  idMasked: string;
}

/**
 * Starts a terminal's check-then-write in a transaction: a write to the terminal's row takes
 * PostgreSQL's row lock (held to the commit) and SQLite's write lock, so concurrent requests
 * of one terminal count one after the other and none sees a count another is about to raise.
 */
async function lockTerminal(trx: Kysely<Database>, terminalId: string): Promise<void> {
  await trx
    .updateTable('terminals')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', terminalId)
    .execute();
}

/** The alert key of a terminal over its holder limit; the fleet monitor leaves it alone. */
export const HOLDER_LIMIT_ALERT_KEY = 'holder-limit';

const HOUR_MS = 60 * 60_000;
const refuse = (code: GatewayErrorCode, status: number, message: string) => new ApiError(code, status, message);

export class HolderSessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly config: HolderSessionConfig,
    private readonly hasher: HolderHasher,
    private readonly log: PersonalDataAccessLog,
    private readonly alerts: AlertBook,
    /** The social-security back office, which knows the cards and checks their cryptograms. */
    private readonly socialSecurity: () => SocialSecurityAdapter,
  ) {}

  async challenge(terminal: TerminalPrincipal, kind: HolderProofKind): Promise<HolderChallengeResponse> {
    const t = this.now();
    const challengeId = randomBytes(24).toString('base64url');
    const challenge = randomBytes(HOLDER_CHALLENGE_BYTES).toString('hex');
    const expiresAt = t + this.config.challengeTtlMs;
    await this.db.transaction().execute(async (trx) => {
      await lockTerminal(trx, terminal.terminalId);
      await trx.deleteFrom('holder_challenges').where('terminal_id', '=', terminal.terminalId).where('expires_at', '<', t - HOUR_MS).execute();
      const recent = await trx
        .selectFrom('holder_challenges')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('terminal_id', '=', terminal.terminalId)
        .where('created_at', '>', t - 60_000)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= this.config.challengesPerMinute) throw refuse('holder-challenge-rate-limited', 429, `At most ${this.config.challengesPerMinute} holder challenges a minute per terminal`);
      await trx
        .insertInto('holder_challenges')
        .values({ id_hash: tokenHash(challengeId), terminal_id: terminal.terminalId, kind, challenge, created_at: t, expires_at: expiresAt, used_at: null })
        .execute();
    });
    return { challengeId, challenge, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Opens a holder session; every outcome is logged as service `holder-session`. */
  async open(terminal: TerminalPrincipal, req: HolderSessionRequest): Promise<HolderSessionResponse> {
    const citizenId = 'card' in req ? req.card.citizenId : req.document.number;
    const holderHash = this.hasher.hash(citizenId);
    let assurance: HolderAssurance | null = null;
    try {
      const challenge = await this.consumeChallenge(terminal, req.challengeId, 'card' in req ? 'social-security-card' : 'id-document');
      // Before the back office is asked; counted again, under the terminal's lock, when the session is made.
      if (await this.overHolderLimit(this.db, terminal.terminalId, holderHash)) await this.refuseOverHolderLimit(terminal);
      let nameMasked: string;
      if ('card' in req) {
        const proven = await this.proveCard(req, challenge);
        assurance = proven.assurance;
        nameMasked = maskName(proven.name);
      } else {
        assurance = 'id-document';
        nameMasked = req.document.name ? maskName(req.document.name) : '*';
      }
      const response = await this.createSession(terminal, { citizenId, holderHash, assurance, cardNumber: 'card' in req ? req.card.cardNumber : null, nameMasked, idMasked: maskCitizenId(citizenId) });
      await this.log.record({ terminalId: terminal.terminalId, service: 'holder-session', holderHash, assurance, result: 'ok' });
      return response;
    } catch (e) {
      const err = toGatewayError(e);
      await this.log.record({ terminalId: terminal.terminalId, service: 'holder-session', holderHash, assurance, result: err instanceof ApiError ? err.code : 'error' });
      throw err;
    }
  }

  /** Ends one session of this terminal, or all of them; the count of sessions ended. */
  async end(terminal: TerminalPrincipal, token: string | undefined): Promise<number> {
    // An ended session keeps only what the holder limit counts: the citizen ID goes.
    let q = this.db.updateTable('holder_sessions').set({ ended_at: this.now(), citizen_id: '' }).where('terminal_id', '=', terminal.terminalId).where('ended_at', 'is', null);
    if (token !== undefined) q = q.where('token_hash', '=', tokenHash(token));
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  /**
   * Runs `use` for the holder of a session, if the session is this terminal's, live, and of an
   * assurance the service accepts; logs the access (and any refusal or failure) either way.
   */
  async access<T>(terminal: TerminalPrincipal, token: string, service: HolderService, use: (holder: Holder) => Promise<T>): Promise<T> {
    let holder: Holder | undefined;
    let holderHash: string | null = null;
    try {
      const found = await this.resolve(terminal, token, service, (h) => (holderHash = h));
      holder = found;
      const result = await use(found);
      await this.log.record({ terminalId: terminal.terminalId, service, holderHash, assurance: found.assurance, result: 'ok' });
      return result;
    } catch (e) {
      const err = toGatewayError(e);
      await this.log.record({ terminalId: terminal.terminalId, service, holderHash, assurance: holder?.assurance ?? null, result: err instanceof ApiError ? err.code : 'error' });
      throw err;
    }
  }

  private async resolve(terminal: TerminalPrincipal, token: string, service: HolderService, seen: (holderHash: string) => void): Promise<Holder> {
    const row = await this.db.selectFrom('holder_sessions').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirst();
    if (!row) throw refuse('holder-session-unknown', 403, 'No such holder session');
    seen(row.holder_hash);
    if (row.terminal_id !== terminal.terminalId) throw refuse('holder-session-wrong-terminal', 403, 'This holder session belongs to another terminal');
    const t = this.now();
    if (row.ended_at !== null || t >= Number(row.expires_at)) throw refuse('holder-session-expired', 403, 'The holder session has ended; prove the holder again');
    if (!HOLDER_SERVICE_ASSURANCE[service].includes(row.assurance)) {
      throw refuse('holder-not-verified', 403, `${service} needs ${HOLDER_SERVICE_ASSURANCE[service].join(' or ')}, the session has ${row.assurance}`);
    }
    await this.db
      .updateTable('holder_sessions')
      .set({ last_used_at: t, expires_at: Math.min(t + this.config.sessionIdleMs, Number(row.created_at) + this.config.sessionMaxMs) })
      .where('token_hash', '=', row.token_hash)
      .execute();
    return { citizenId: row.citizen_id, holderHash: row.holder_hash, assurance: row.assurance, cardNumber: row.card_number, nameMasked: row.name_masked, idMasked: maskCitizenId(row.citizen_id) };
  }

  /** Marks the challenge used (compare-and-set, so two opens cannot share it) and returns its bytes. */
  private async consumeChallenge(terminal: TerminalPrincipal, challengeId: string, kind: HolderProofKind): Promise<Uint8Array> {
    const t = this.now();
    const idHash = tokenHash(challengeId);
    const used = await this.db
      .updateTable('holder_challenges')
      .set({ used_at: t })
      .where('id_hash', '=', idHash)
      .where('terminal_id', '=', terminal.terminalId)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', t)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw refuse('holder-challenge-invalid', 403, 'The challenge is unknown, used, expired, or not this terminal’s');
    const row = await this.db.selectFrom('holder_challenges').select('challenge').where('id_hash', '=', idHash).executeTakeFirstOrThrow();
    return Buffer.from(row.challenge, 'hex');
  }

  /** Whether a session for this holder would make one person too many for the terminal this hour. */
  private async overHolderLimit(db: Kysely<Database>, terminalId: string, holderHash: string): Promise<boolean> {
    const since = this.now() - HOUR_MS;
    const holders = await db.selectFrom('holder_sessions').select('holder_hash').distinct().where('terminal_id', '=', terminalId).where('created_at', '>', since).execute();
    return holders.length >= this.config.holdersPerHour && !holders.some((h) => h.holder_hash === holderHash);
  }

  private async refuseOverHolderLimit(terminal: TerminalPrincipal): Promise<never> {
    await this.alerts.reconcile(
      terminal.terminalId,
      [{ kind: 'holder-limit', key: HOLDER_LIMIT_ALERT_KEY, details: { holdersPerHour: this.config.holdersPerHour, terminalName: terminal.name } }],
      () => false,
    );
    throw refuse('holder-limit-reached', 429, `This terminal served ${this.config.holdersPerHour} different people in the last hour; staff have been alerted`);
  }

  private async proveCard(req: Extract<HolderSessionRequest, { card: unknown }>, challenge: Uint8Array): Promise<{ assurance: HolderAssurance; name: string }> {
    const ss = this.socialSecurity();
    const known = await ss.identifyCard(req.card.cardNumber, req.card.citizenId);
    // The same answer for an unknown card and another person's: probing learns nothing.
    if (!known || known.version !== req.card.cardVersion) throw refuse('holder-proof-invalid', 403, 'The card does not prove this holder');
    if (!known.authenticates) return { assurance: 'pin-only', name: known.name };
    if (!req.cryptogram || !(await ss.verifyCardCryptogram(req.card.cardNumber, challenge, Buffer.from(req.cryptogram, 'hex')))) {
      throw refuse('holder-proof-invalid', 403, 'The card did not answer the challenge');
    }
    return { assurance: 'card-cryptogram', name: known.name };
  }

  private async createSession(terminal: TerminalPrincipal, h: Holder): Promise<HolderSessionResponse> {
    const t = this.now();
    const token = newToken();
    const expiresAt = Math.min(t + this.config.sessionIdleMs, t + this.config.sessionMaxMs);
    const created = await this.db.transaction().execute(async (trx) => {
      await lockTerminal(trx, terminal.terminalId);
      if (await this.overHolderLimit(trx, terminal.terminalId, h.holderHash)) return false;
      // One person at a kiosk at a time: a new session ends the terminal's others.
      await trx.updateTable('holder_sessions').set({ ended_at: t, citizen_id: '' }).where('terminal_id', '=', terminal.terminalId).where('ended_at', 'is', null).execute();
      // Past the counting window, sessions (and the citizen IDs in them) go.
      await trx.deleteFrom('holder_sessions').where('terminal_id', '=', terminal.terminalId).where('created_at', '<', t - Math.max(HOUR_MS, this.config.sessionMaxMs)).execute();
      await trx
        .insertInto('holder_sessions')
        .values({
          token_hash: tokenHash(token),
          terminal_id: terminal.terminalId,
          citizen_id: h.citizenId,
          holder_hash: h.holderHash,
          assurance: h.assurance,
          card_number: h.cardNumber,
          name_masked: h.nameMasked,
          created_at: t,
          last_used_at: t,
          expires_at: expiresAt,
          ended_at: null,
        })
        .execute();
      return true;
    });
    if (!created) await this.refuseOverHolderLimit(terminal);
    // Under the limit again (the hour moved on): the terminal's holder-limit alert is over.
    await this.alerts.reconcile(terminal.terminalId, [], (key) => key === HOLDER_LIMIT_ALERT_KEY);
    return {
      holderSession: token,
      assurance: h.assurance,
      expiresAt: new Date(expiresAt).toISOString(),
      holder: { nameMasked: h.nameMasked, idMasked: h.idMasked },
      services: HolderService.options.filter((s) => HOLDER_SERVICE_ASSURANCE[s].includes(h.assurance)),
    };
  }
}
