/**
 * Fakes for the privileged side's holder services: a district server as a `fetch` (enrolment,
 * heartbeats, the holder challenge/session routes and the personal-data routes, recording every
 * request), card readers scripted per test, and fictional people whose strings are built at
 * run time, so a heap search for them finds only what the code under test kept.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GATEWAY_PATHS, HOLDER_SERVICE_ASSURANCE, HolderSessionRequest, HolderService, isValidCitizenId } from '@civic-kiosk/protocol/gateway';
import type { HolderAssurance } from '@civic-kiosk/protocol/gateway';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { ReceiptJob } from '@civic-kiosk/device-drivers/common/receipt-job';
import type { CardReadResult, IdCardData, SocialSecurityCardData } from '@civic-kiosk/device-drivers/common/device-results';
import type { BridgeEvents } from '../../src/common/bridge.ts';
import type { BridgeEventName } from '../../src/common/bridge-channels.ts';
import { absentDevices } from '../../src/node/devices.ts';
import type { KioskDevices, KioskDeviceEvents } from '../../src/node/devices.ts';
import { KioskCore } from '../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../src/node/shell-actions.ts';

/** A fictional person; every string is made from numbers when asked for, never a literal here. */
export class Person {
  constructor(readonly seed: number) {}

  /** 18 digits with a valid MOD 11-2 check digit (Shanghai Xuhui, born 1980). */
  citizenId(): string {
    const body = `31010419800${String(101 + (this.seed % 800)).padStart(3, '0')}${String(this.seed % 1000).padStart(3, '0')}`;
    for (const check of '0123456789X') if (isValidCitizenId(body + check)) return body + check;
    throw new Error('unreachable');
  }

  /** Three CJK ideographs picked by the seed. */
  name(): string {
    return String.fromCharCode(0x5f20, 0x4e00 + ((this.seed * 7) % 5000), 0x4e00 + ((this.seed * 13) % 5000));
  }

  cardNumber(): string {
    return `M${String(10_000_000 + (this.seed % 90_000_000)).slice(0, 8)}`;
  }

  card(version: string): SocialSecurityCardData {
    return {
      kind: 'social-security',
      cardNumber: this.cardNumber(),
      citizenId: this.citizenId(),
      name: this.name(),
      sex: '2',
      birthDate: '19800101',
      issueDate: '20200101',
      expiryDate: '20300101',
      regionCode: '310104',
      version,
    };
  }

  document(kind: IdCardData['kind']): IdCardData {
    return {
      kind,
      name: this.name(),
      sex: '2',
      ethnicity: '01',
      birthDate: '19800101',
      address: String.fromCharCode(0x4e0a, 0x6d77) + String(this.seed),
      idNumber: this.citizenId(),
      issuer: 'PSB',
      validFrom: '20200101',
      validTo: '20400101',
    };
  }
}

interface CardSlot {
  person: Person;
  pin: string;
  triesLeft: number;
  version: string;
}

/** Card readers, printer and the rest, scripted by the test; counts VERIFYs and power-downs. */
export class FakeDevices implements KioskDevices {
  card: CardSlot | undefined;
  document: { person: Person; kind: IdCardData['kind'] } | undefined;
  readerAbsent = false;
  /** A card in the slot that is mute or not a social-security card: every read fails so. */
  unusableCard: 'card-mute' | 'not-social-security-card' | undefined;
  /** Every VERIFY the card saw (the PIN itself is not kept). */
  verifies = 0;
  endSessions = 0;
  printed: ReceiptJob[] = [];
  readonly #base = absentDevices();
  readonly #cardListeners = new Set<(p: KioskDeviceEvents['card']) => void>();

  health = () => this.#base.health();
  selfTest = this.#base.selfTest;
  stop = async () => {};

  on<E extends keyof KioskDeviceEvents>(event: E, listener: (payload: KioskDeviceEvents[E]) => void): () => void {
    if (event !== 'card') return () => {};
    const l = listener as (p: KioskDeviceEvents['card']) => void;
    this.#cardListeners.add(l);
    return () => this.#cardListeners.delete(l);
  }

  insert(person: Person, pin: string, version = '2.00'): void {
    this.card = { person, pin, triesLeft: 3, version };
    this.#emit({ reader: 'social-security', present: true });
  }

  /** A card the reader cannot use as a social-security card (the PIN never reaches it). */
  insertUnusable(error: 'card-mute' | 'not-social-security-card'): void {
    this.card = undefined;
    this.unusableCard = error;
    this.#emit({ reader: 'social-security', present: true });
  }

  remove(reader: BridgeEvents['card']['reader']): void {
    if (reader === 'social-security') [this.card, this.unusableCard] = [undefined, undefined];
    else this.document = undefined;
    this.#emit({ reader, present: false });
  }

  place(person: Person, kind: IdCardData['kind'] = 'residence-permit'): void {
    this.document = { person, kind };
    this.#emit({ reader: 'id', present: true });
  }

  /** A 3.00 card answers the challenge after VERIFY; here with the challenge reversed, which the fake server checks. */
  async readSocialSecurityCard(request: { pin?: string; challenge?: string }): Promise<CardReadResult<SocialSecurityCardData>> {
    if (this.readerAbsent) return { ok: false, error: 'reader-absent' };
    if (this.unusableCard) return { ok: false, error: this.unusableCard };
    const slot = this.card;
    if (!slot) return { ok: false, error: 'no-card' };
    if (request.pin !== undefined) {
      this.verifies++;
      if (slot.triesLeft === 0) return { ok: false, error: 'pin-blocked' };
      if (request.pin !== slot.pin) {
        slot.triesLeft--;
        return slot.triesLeft === 0 ? { ok: false, error: 'pin-blocked' } : { ok: false, error: 'wrong-pin', triesLeft: slot.triesLeft };
      }
      slot.triesLeft = 3;
    }
    const card = slot.person.card(slot.version);
    return { ok: true, card: request.challenge && slot.version === '3.00' ? { ...card, cryptogram: reversedHex(request.challenge) } : card };
  }

  async readIdCard(): Promise<CardReadResult<IdCardData>> {
    if (this.readerAbsent) return { ok: false, error: 'reader-absent' };
    return this.document ? { ok: true, card: this.document.person.document(this.document.kind) } : { ok: false, error: 'no-card' };
  }

  async printReceipt(job: ReceiptJob) {
    this.printed.push(job);
    return { ok: true as const };
  }

  async endSession(): Promise<void> {
    this.endSessions++;
  }

  #emit(payload: KioskDeviceEvents['card']): void {
    for (const l of this.#cardListeners) l(payload);
  }
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Canned = { status: number; body: unknown } | 'network-error';

/** The fake card's "cryptogram": the challenge's bytes in reverse order. */
const reversedHex = (hex: string) => (hex.match(/../g) ?? []).reverse().join('');
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string) => json(status, { error: { code, message: code } });
const token = () => randomBytes(24).toString('base64url');

/** What each holder route answers for an open session (fixed data: the routes are the server's business). */
const SERVICE_ANSWERS: Record<string, [HolderService, (body: Record<string, unknown>) => unknown]> = {
  [GATEWAY_PATHS.contributions]: ['contributions', (b) => ({ from: b.from, to: b.to, records: [], totals: [] })],
  [GATEWAY_PATHS.medicalAccount]: ['medical-account', () => ({ balanceFen: 123_45, creditedThisYearFen: 0, spentThisYearFen: 0, asOf: '2026-12-01T00:00:00.000Z', recentEntries: [] })],
  [GATEWAY_PATHS.card]: ['card-status', () => cardStatus('active')],
  [GATEWAY_PATHS.lossReport]: ['loss-report', () => cardStatus('temporarily-lost')],
  [GATEWAY_PATHS.lossReportCancel]: ['loss-report-cancel', () => cardStatus('active')],
  [GATEWAY_PATHS.contributionStatement]: [
    'contribution-statement',
    (b) => ({ code: 'ABCD-EFGH-JKLM-NPQ7', verifyUrl: 'https://kiosk.example.gov.cn/verify/ABCD-EFGH-JKLM-NPQ7', holderNameMasked: '张*', holderIdMasked: '3101**********0000', from: b.from, to: b.to, totals: [{ insuranceType: 'pension', months: 2, personalFen: 100, employerFen: 200 }], issuedAt: '2026-12-01T00:00:00.000Z' }),
  ],
  [GATEWAY_PATHS.permitStatus]: ['permit-status', () => permitStatus()],
  [GATEWAY_PATHS.permitEndorsement]: ['permit-endorsement', () => ({ result: 'submitted', bring: [], status: permitStatus() })],
  [GATEWAY_PATHS.permitApplications]: ['permit-application', () => ({ applications: [] })],
  [GATEWAY_PATHS.mailboxList]: ['mailbox', (b) => ({ messages: [], page: b.page ?? 1, pageSize: b.pageSize ?? 20, total: 0, unread: 0, unreadByKind: { 'bill-reminder': 0, notice: 0, personal: 0 } })],
  [GATEWAY_PATHS.mailboxRecent]: ['mailbox', () => ({ messages: [], asOf: new Date().toISOString(), readVoucher: 'v'.repeat(43) })],
  [GATEWAY_PATHS.mailboxRead]: ['mailbox', (b) => ({ messageId: b.messageId, kind: 'notice', title: 't', sender: 's', receivedAt: '2026-12-01T00:00:00.000Z', read: true, body: 'b' })],
  [GATEWAY_PATHS.mailboxMarkRead]: ['mailbox', () => ({ ok: true, marked: 1 })],
};

function cardStatus(state: string) {
  return { cardNumberMasked: 'M****5678', state, issuedOn: '2020-01-01', validUntil: '2030-01-01', lossReportedAt: null, applications: [] };
}

function permitStatus() {
  return {
    permitNumberMasked: '8100**********0000',
    validFrom: '2025-01-01',
    validUntil: '2030-01-01',
    endorsement: { dueBy: '2026-12-31', dueMonth: '2026-12', state: 'due', lastEndorsedOn: null },
    applications: [],
  };
}

/**
 * The district server as far as the privileged side talks to it. Keeps no personal field of a
 * proof: a session holds only its assurance and services (so a heap search finds only the core).
 */
export class FakeDistrictServer {
  readonly requests: SeenRequest[] = [];
  /** Answers that replace the normal one for a path (status and body, or a dropped connection). */
  readonly canned = new Map<string, Canned>();
  readonly sessions = new Map<string, { assurance: HolderAssurance; services: HolderService[] }>();
  readonly #challenges = new Map<string, { kind: string; challenge: string }>();
  offline = false;
  /** Runs when a request for the path arrives, before it is answered (a card pulled meanwhile ...). */
  readonly onRequest = new Map<string, () => void>();
  /** Sessions ended through holderSessionEnd. */
  ended = 0;

  fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body as Uint8Array);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    this.requests.push({ method: init.method ?? 'GET', path: url.pathname + url.search, headers, body });
    this.onRequest.get(url.pathname)?.();
    const canned = this.canned.get(url.pathname);
    if (this.offline || canned === 'network-error') throw new TypeError('fetch failed');
    if (canned) return json(canned.status, canned.body);
    return this.#answer(url.pathname, body ? (JSON.parse(body) as Record<string, unknown>) : {});
  };

  /** Every request as one string, for searching. */
  everything(): string {
    return JSON.stringify(this.requests);
  }

  #answer(path: string, body: Record<string, unknown>): Response {
    switch (path) {
      case TerminalApiPaths.enrol:
        return json(201, { terminalId: 'T-0007', name: 'Lobby 7', location: 'Hall', group: 'xuhui', serverTime: Date.now(), heartbeatIntervalMs: 3_600_000 });
      case TerminalApiPaths.heartbeat:
        return json(200, { serverTime: Date.now(), heartbeatIntervalMs: 3_600_000 });
      case TerminalApiPaths.events:
        return json(200, { accepted: 0 });
      case GATEWAY_PATHS.holderChallenge: {
        const challengeId = token();
        const challenge = randomBytes(16).toString('hex');
        this.#challenges.set(challengeId, { kind: String(body.kind), challenge });
        return json(200, { challengeId, challenge, expiresAt: new Date(Date.now() + 60_000).toISOString() });
      }
      case GATEWAY_PATHS.holderSessions:
        return this.#openSession(body);
      case GATEWAY_PATHS.holderSessionEnd: {
        const had = this.sessions.delete(String(body.holderSession));
        if (had) this.ended++;
        return json(200, { ended: had ? 1 : 0 });
      }
    }
    const service = SERVICE_ANSWERS[path];
    if (!service) return apiError(404, 'not-found');
    const session = this.sessions.get(String(body.holderSession));
    if (!session) return apiError(401, 'holder-session-unknown');
    if (!session.services.includes(service[0])) return apiError(403, 'holder-not-verified');
    return json(200, service[1](body));
  }

  #openSession(body: Record<string, unknown>): Response {
    const proof = HolderSessionRequest.safeParse(body);
    if (!proof.success) return apiError(400, 'bad-request');
    const issued = this.#challenges.get(proof.data.challengeId);
    this.#challenges.delete(proof.data.challengeId);
    const isCard = 'card' in proof.data;
    if (issued?.kind !== (isCard ? 'social-security-card' : 'id-document')) return apiError(403, 'holder-challenge-invalid');
    // Like the back office: a 3.00 card must have signed this very challenge.
    if ('card' in proof.data && proof.data.card.cardVersion === '3.00' && proof.data.cryptogram !== reversedHex(issued.challenge)) return apiError(403, 'holder-proof-invalid');
    const assurance: HolderAssurance = 'card' in proof.data ? (proof.data.cryptogram ? 'card-cryptogram' : 'pin-only') : 'id-document';
    const id = 'card' in proof.data ? proof.data.card.citizenId : proof.data.document.number;
    const services = HolderService.options.filter((s) => HOLDER_SERVICE_ASSURANCE[s].includes(assurance));
    const holderSession = token();
    this.sessions.set(holderSession, { assurance, services });
    return json(201, {
      holderSession,
      assurance,
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
      holder: { nameMasked: '张*', idMasked: `${id.slice(0, 4)}**********${id.slice(-4)}` },
      services,
    });
  }
}

/** A kiosk core enrolled with the fake server, its events and log lines recorded. */
export async function holderCore(options: { server?: FakeDistrictServer; devices?: FakeDevices } = {}) {
  const server = options.server ?? new FakeDistrictServer();
  const devices = options.devices ?? new FakeDevices();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-holder-'));
  const events: { event: BridgeEventName; payload: unknown }[] = [];
  const log: string[] = [];
  const core = await KioskCore.open({
    dataDir,
    appVersion: '0.1.0',
    shell: browserShellActions,
    devices,
    fetch: server.fetch as typeof fetch,
    pushBackoff: { baseMs: 3_600_000, maxMs: 3_600_000 },
    contentCheckIntervalMs: 3_600_000,
    log: (m) => log.push(m),
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  await core.handlers['terminal.enrol']({ serverUrl: 'http://district.test', code: 'ABCD-EFGH-JKLM-NPQR' });
  return { core, server, devices, events, log, dataDir };
}
