/**
 * The privileged side's one holder session: proved from a card or document it read itself,
 * opened with the server against a single-use challenge, and attached to every personal-data
 * request by this side alone. The page never sees the token and never names a person.
 *
 * Only the opaque token, the reader it came from and the services it allows are kept; what was
 * read from the card or document lives only as long as the open call. Forgetting bumps an
 * epoch, so an open that was under way when the person left cannot outlive the wipe.
 */
import type { z } from 'zod';
import { GATEWAY_PATHS, HolderChallengeResponse, HolderSessionEndResponse, HolderSessionResponse } from '@civic-kiosk/protocol/gateway';
import type { HolderProofKind, HolderService, HolderSessionRequest } from '@civic-kiosk/protocol/gateway';
import type { BridgeEvents, GatewayAnswer, GatewayFailure, HolderOpenFailure } from '../../common/bridge.ts';
import { gatewayFailure } from '../gateway/gateway-client.ts';
import type { GatewayClient } from '../gateway/gateway-client.ts';

export type CardReader = BridgeEvents['card']['reader'];

/** What a reader made of the card or document: the proof to send, or why there is none. */
export type Proof<D, F> = { ok: true; request: HolderSessionRequest; detail: D } | { ok: false; failure: F };

export type Opened<D> = { ok: true; session: HolderSessionResponse; detail: D };

interface OpenSession {
  token: string;
  reader: CardReader;
  services: readonly HolderService[];
}

/** The server no longer knows the session: forget it here too. */
const SESSION_GONE = new Set(['holder-session-unknown', 'holder-session-expired', 'holder-session-wrong-terminal']);

/** How a server failure on the way to a session reads to the person. */
export function openFailure({ status, code }: GatewayFailure): HolderOpenFailure {
  if (code === 'offline') return { outcome: 'offline' };
  if (code === 'backoffice-unavailable' || code === 'backoffice-timeout' || status >= 500) return { outcome: 'back-office-down' };
  return { outcome: 'refused', code };
}

export class HolderSessionKeeper {
  #session: OpenSession | undefined;
  /** The reader an open is reading from right now. */
  #opening: CardReader | undefined;
  #epoch = 0;

  constructor(
    private readonly gateway: GatewayClient,
    /** The session was dropped without the page asking (card removed, expired on the server). */
    private readonly onEnded: (reason: BridgeEvents['holder-ended']['reason']) => void,
  ) {}

  /** True when a session is open that allows `service`. */
  allows(service: HolderService): boolean {
    return this.#session?.services.includes(service) ?? false;
  }

  /**
   * Ends any earlier session, gets a challenge for `kind`, has `prove` read the card or
   * document against it, and opens the session with that proof.
   */
  async open<D, F>(kind: HolderProofKind, reader: CardReader, prove: (challenge: HolderChallengeResponse) => Promise<Proof<D, F>>): Promise<Opened<D> | { ok: false; failure: F | HolderOpenFailure }> {
    await this.end();
    const epoch = this.#epoch;
    this.#opening = reader;
    try {
      const challenge = await this.gateway.post(GATEWAY_PATHS.holderChallenge, { kind }, HolderChallengeResponse);
      if (!challenge.ok) return { ok: false, failure: openFailure(challenge.failure) };
      const proof = await prove(challenge.value);
      if (!proof.ok) return proof;
      const opened = await this.gateway.post(GATEWAY_PATHS.holderSessions, proof.request, HolderSessionResponse);
      if (!opened.ok) return { ok: false, failure: openFailure(opened.failure) };
      if (epoch !== this.#epoch) {
        // The card left (or the page wiped) while the server was opening it: nobody is there.
        void this.#endOnServer(opened.value.holderSession);
        return { ok: false, failure: { outcome: 'removed' } };
      }
      this.#session = { token: opened.value.holderSession, reader, services: opened.value.services };
      return { ok: true, session: opened.value, detail: proof.detail };
    } finally {
      if (epoch === this.#epoch) this.#opening = undefined;
    }
  }

  /**
   * One personal-data request on the open session: `service` must be one the session allows,
   * and the token is attached here, after the page's (validated) fields, so nothing the page
   * sends can name another session.
   */
  async call<T>(service: HolderService, path: string, fields: Record<string, unknown>, schema: z.ZodType<T>): Promise<GatewayAnswer<T>> {
    const session = this.#session;
    if (!session) return gatewayFailure(0, 'no-holder-session');
    if (!session.services.includes(service)) return gatewayFailure(0, 'holder-not-verified');
    const answer = await this.gateway.post(path, { ...fields, holderSession: session.token }, schema);
    if (!answer.ok && SESSION_GONE.has(answer.failure.code) && this.#session === session) {
      this.#forget();
      this.onEnded('expired');
    }
    return answer;
  }

  /** A card or document left its reader: a session (or an open) from that reader ends now. */
  cardRemoved(reader: CardReader): void {
    if (this.#session?.reader !== reader && this.#opening !== reader) return;
    const token = this.#session?.token;
    this.#forget();
    if (token) void this.#endOnServer(token);
    this.onEnded('card-removed');
  }

  /** Forgets the session here and ends it on the server (best effort: it also expires there). */
  async end(): Promise<void> {
    const token = this.#session?.token;
    this.#forget();
    if (token) await this.#endOnServer(token);
  }

  #forget(): void {
    this.#session = undefined;
    this.#opening = undefined;
    this.#epoch++;
  }

  async #endOnServer(token: string): Promise<void> {
    await this.gateway.post(GATEWAY_PATHS.holderSessionEnd, { holderSession: token }, HolderSessionEndResponse).catch(() => undefined);
  }
}
