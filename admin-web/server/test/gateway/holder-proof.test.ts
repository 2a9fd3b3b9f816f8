import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { HOLDER_LIMIT_ALERT_KEY } from '../../src/personal-data/holder-sessions.ts';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { CARDS, CHEN_ID, challenge, cryptogramFor, presentCard, presentDocument, sessionOf } from './holder-proof.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';

/** Valid IDs of people the simulator does not seed (check digits computed for the test). */
function citizenIds(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const first = `310115199001${String(i).padStart(5, '0')}`;
    let sum = 0;
    for (let k = 0; k < 17; k++) sum += (first.charCodeAt(k) - 48) * (2 ** (17 - k) % 11);
    out.push(first + '10X98765432'[sum % 11]);
  }
  return out;
}

describe.each(DIALECTS)('holder proof (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  let other: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
    other = await TestTerminal.add(t);
  });
  afterEach(async () => t.close());

  const accessRows = () => t.services.db.selectFrom('personal_data_access').selectAll().orderBy('id').execute();

  it('refuses the old forged holder: a terminal saying the card checked the PIN gets nothing', async () => {
    const forged = await kiosk.request('POST', GATEWAY_PATHS.contributions, { holder: { citizenId: CARDS.zhangLihua.citizenId, verifiedBy: 'card-pin' }, from: '2025-01', to: '2025-06' });
    expect([forged.statusCode, forged.json().error.code]).toEqual([400, 'validation-failed']);
    const made_up = await kiosk.request('POST', GATEWAY_PATHS.contributions, { holderSession: 'a'.repeat(43), from: '2025-01', to: '2025-06' });
    expect([made_up.statusCode, made_up.json().error.code]).toEqual([403, 'holder-session-unknown']);
  });

  it('opens a 2.00 card as pin-only and a 3.00 card only with the right cryptogram', async () => {
    const v2 = await presentCard(kiosk, CARDS.zhangV2, 'none');
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({ assurance: 'pin-only', holder: { nameMasked: '张*明', idMasked: '3101**********2019' } });
    const v3 = await presentCard(kiosk, CARDS.zhangV3);
    expect(v3.json()).toMatchObject({ assurance: 'card-cryptogram' });
    expect(v3.json().services).toContain('contributions');
    for (const cryptogram of ['none', '00'.repeat(16), 'ff'.repeat(8)]) {
      const res = await presentCard(kiosk, CARDS.liV3, cryptogram);
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'holder-proof-invalid']);
    }
    // The cryptogram of another card, or a 3.00 card claimed to be a 2.00 one, proves nothing.
    const c = await challenge(kiosk, 'social-security-card');
    const borrowed = await kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: c.challengeId, card: CARDS.liV3, cryptogram: await cryptogramFor(CARDS.zhangV3.cardNumber, c.challenge), pinVerified: true });
    expect(borrowed.json().error.code).toBe('holder-proof-invalid');
    const downgraded = await presentCard(kiosk, { ...CARDS.liV3, cardVersion: '2.00' }, 'none');
    expect(downgraded.json().error.code).toBe('holder-proof-invalid');
    // Someone else's card number with this citizen ID.
    const mixed = await presentCard(kiosk, { ...CARDS.liV3, cardNumber: CARDS.zhangV3.cardNumber });
    expect(mixed.json().error.code).toBe('holder-proof-invalid');
  });

  it('uses a challenge once, only on the terminal it was given to, only for its kind, and not after it expires', async () => {
    const c = await challenge(kiosk, 'social-security-card');
    const body = { challengeId: c.challengeId, card: CARDS.zhangV3, cryptogram: await cryptogramFor(CARDS.zhangV3.cardNumber, c.challenge), pinVerified: true };
    const stolen = await other.request('POST', GATEWAY_PATHS.holderSessions, body);
    expect([stolen.statusCode, stolen.json().error.code]).toEqual([403, 'holder-challenge-invalid']);
    expect((await kiosk.request('POST', GATEWAY_PATHS.holderSessions, body)).statusCode).toBe(200);
    const replayed = await kiosk.request('POST', GATEWAY_PATHS.holderSessions, body);
    expect([replayed.statusCode, replayed.json().error.code]).toEqual([403, 'holder-challenge-invalid']);
    const forDocument = await challenge(kiosk, 'id-document');
    const wrongKind = await kiosk.request('POST', GATEWAY_PATHS.holderSessions, { ...body, challengeId: forDocument.challengeId, cryptogram: await cryptogramFor(CARDS.zhangV3.cardNumber, forDocument.challenge) });
    expect(wrongKind.json().error.code).toBe('holder-challenge-invalid');
    const late = await challenge(kiosk, 'id-document');
    t.clock.advance(t.config.holders.challengeTtlMs);
    const expired = await kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: late.challengeId, document: { kind: 'resident-id', number: CHEN_ID } });
    expect(expired.json().error.code).toBe('holder-challenge-invalid');
  });

  it("refuses another terminal's session, and a session idle too long, past its absolute limit, or ended", async () => {
    const session = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    const ask = (who: TestTerminal, holderSession = session) => who.request('POST', GATEWAY_PATHS.medicalAccount, { holderSession });
    expect((await ask(kiosk)).statusCode).toBe(200);
    const elsewhere = await ask(other);
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'holder-session-wrong-terminal']);

    // Used every 5 minutes it lives 30 minutes, not one more.
    for (let i = 0; i < 5; i++) {
      t.clock.advance(5 * 60_000);
      expect((await ask(kiosk)).statusCode).toBe(200);
    }
    t.clock.advance(5 * 60_000);
    expect((await ask(kiosk)).json().error.code).toBe('holder-session-expired');

    const idle = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    t.clock.advance(t.config.holders.sessionIdleMs);
    expect((await ask(kiosk, idle)).json().error.code).toBe('holder-session-expired');

    const ended = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    const end = await kiosk.request('POST', GATEWAY_PATHS.holderSessionEnd, {});
    expect(end.json()).toEqual({ ended: 1 });
    expect((await ask(kiosk, ended)).json().error.code).toBe('holder-session-expired');
    // What stays of ended sessions is what the holder limit counts, not who they were.
    const kept = await t.services.db.selectFrom('holder_sessions').select('citizen_id').where('ended_at', 'is not', null).execute();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.citizen_id === '')).toBe(true);
  });

  it('keeps one holder per terminal: a new session ends the previous one', async () => {
    const first = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    await sessionOf(presentDocument(kiosk, CHEN_ID));
    const res = await kiosk.request('POST', GATEWAY_PATHS.card, { holderSession: first });
    expect(res.json().error.code).toBe('holder-session-expired');
  });

  it('refuses every personal-data route without a proper session', async () => {
    const extra: Record<string, object> = {
      [GATEWAY_PATHS.contributions]: { from: '2025-01', to: '2025-03' },
      [GATEWAY_PATHS.contributionStatement]: { from: '2025-01', to: '2025-03', idempotencyKey: 'statement-000000000001' },
      [GATEWAY_PATHS.medicalAccount]: {},
      [GATEWAY_PATHS.card]: {},
      [GATEWAY_PATHS.lossReport]: { idempotencyKey: 'loss-00000000000000001' },
      [GATEWAY_PATHS.lossReportCancel]: {},
      [GATEWAY_PATHS.permitStatus]: {},
      [GATEWAY_PATHS.permitEndorsement]: { idempotencyKey: 'endorse-00000000000001' },
      [GATEWAY_PATHS.permitApplications]: {},
      [GATEWAY_PATHS.mailboxList]: {},
      [GATEWAY_PATHS.mailboxRead]: { messageId: '2042-n1' },
      [GATEWAY_PATHS.mailboxMarkRead]: { messageIds: ['2042-n1'], idempotencyKey: 'mark-000000000000001' },
      [GATEWAY_PATHS.mailboxRecent]: { limit: 100, days: 30 },
    };
    const holderRoutes = new Set<string>([GATEWAY_PATHS.holderChallenge, GATEWAY_PATHS.holderSessions, GATEWAY_PATHS.holderSessionEnd]);
    const personal = t.services
      .routes()
      .filter((r) => r.auth === 'terminal' && r.tags.includes('personal-data') && !holderRoutes.has(r.url))
      .map((r) => r.url);
    // A new personal-data route must be added here, so it is walked too.
    expect(new Set(personal)).toEqual(new Set(Object.keys(extra)));

    const mine = await sessionOf(presentCard(kiosk, CARDS.zhangLihua));
    const expired = await sessionOf(presentCard(other, CARDS.zhangV3));
    t.clock.advance(t.config.holders.sessionIdleMs);
    for (const url of personal) {
      const unknown = await kiosk.request('POST', url, { holderSession: 'b'.repeat(43), ...extra[url] });
      expect([url, unknown.statusCode, unknown.json().error.code]).toEqual([url, 403, 'holder-session-unknown']);
      const missing = await kiosk.request('POST', url, { ...extra[url] });
      expect([url, missing.statusCode]).toEqual([url, 400]);
      const stale = await other.request('POST', url, { holderSession: expired, ...extra[url] });
      expect([url, stale.json().error.code]).toEqual([url, 'holder-session-expired']);
      const foreign = await other.request('POST', url, { holderSession: mine, ...extra[url] });
      expect([url, foreign.json().error.code]).toEqual([url, 'holder-session-wrong-terminal']);
    }
  });

  it('refuses the 31st distinct holder in an hour with a 429 and a fleet alert, and lets the terminal go on an hour later', async () => {
    const ids = citizenIds(32);
    for (const id of ids.slice(0, 30)) {
      expect((await presentDocument(kiosk, id)).statusCode).toBe(200);
      t.clock.advance(4_000);
    }
    const over = await presentDocument(kiosk, ids[30]!);
    expect([over.statusCode, over.json().error.code]).toEqual([429, 'holder-limit-reached']);
    const holderAlerts = async () => (await t.services.alerts.list({ open: true, terminalId: kiosk.id, limit: 10 })).filter((a) => a.kind === 'holder-limit');
    expect((await holderAlerts()).map((a) => [a.key, a.details])).toEqual([[HOLDER_LIMIT_ALERT_KEY, { holdersPerHour: 30, terminalName: `Kiosk ${kiosk.id}` }]]);
    // The fleet monitor (which finds this heartbeat-less terminal down) leaves it alone.
    await t.services.monitor.evaluate();
    expect(await holderAlerts()).toHaveLength(1);
    // Someone already served this hour may come back; another terminal is not affected.
    expect((await presentDocument(kiosk, ids[0]!)).statusCode).toBe(200);
    expect((await presentDocument(other, ids[31]!)).statusCode).toBe(200);
    const refusals = (await accessRows()).filter((r) => r.result === 'holder-limit-reached');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ terminal_id: kiosk.id, service: 'holder-session', holder_hash: t.services.personalData.hasher.hash(ids[30]!) });

    t.clock.advance(60 * 60_000);
    expect((await presentDocument(kiosk, ids[31]!)).statusCode).toBe(200);
    expect(await holderAlerts()).toEqual([]);
  });

  it('limits challenges per terminal and minute', async () => {
    for (let i = 0; i < t.config.holders.challengesPerMinute; i++) await challenge(kiosk, 'id-document');
    const over = await kiosk.request('POST', GATEWAY_PATHS.holderChallenge, { kind: 'id-document' });
    expect([over.statusCode, over.json().error.code]).toEqual([429, 'holder-challenge-rate-limited']);
    expect((await other.request('POST', GATEWAY_PATHS.holderChallenge, { kind: 'id-document' })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await kiosk.request('POST', GATEWAY_PATHS.holderChallenge, { kind: 'id-document' })).statusCode).toBe(200);
  });

  it('logs every access, refusals included, with the holder only as a keyed hash', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    await kiosk.request('POST', GATEWAY_PATHS.contributions, { holderSession: zhang, from: '2025-01', to: '2025-03' });
    await kiosk.request('POST', GATEWAY_PATHS.lossReport, { holderSession: zhang, idempotencyKey: 'loss-00000000000000009' });
    await other.request('POST', GATEWAY_PATHS.medicalAccount, { holderSession: zhang });
    await presentCard(kiosk, CARDS.liV3, 'none');
    const chen = await sessionOf(presentDocument(kiosk, CHEN_ID));
    await kiosk.request('POST', GATEWAY_PATHS.card, { holderSession: chen });
    const hash = t.services.personalData.hasher.hash;
    const rows = (await accessRows()).map((r) => [r.terminal_id, r.service, r.holder_hash, r.assurance, r.result]);
    expect(rows).toEqual([
      [kiosk.id, 'holder-session', hash(CARDS.zhangV3.citizenId), 'card-cryptogram', 'ok'],
      [kiosk.id, 'contributions', hash(CARDS.zhangV3.citizenId), 'card-cryptogram', 'ok'],
      [kiosk.id, 'loss-report', hash(CARDS.zhangV3.citizenId), 'card-cryptogram', 'ok'],
      [other.id, 'medical-account', hash(CARDS.zhangV3.citizenId), null, 'holder-session-wrong-terminal'],
      [kiosk.id, 'holder-session', hash(CARDS.liV3.citizenId), null, 'holder-proof-invalid'],
      [kiosk.id, 'holder-session', hash(CHEN_ID), 'id-document', 'ok'],
      [kiosk.id, 'card-status', hash(CHEN_ID), null, 'holder-not-verified'],
    ]);
    expect(JSON.stringify(await accessRows())).not.toContain(CARDS.zhangV3.citizenId);
    // The change itself is in the audit log too, with the proof it was made on.
    const audited = await t.services.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'social-security.loss-report').execute();
    expect(audited.map((r) => [r.actor_id, JSON.parse(r.details)])).toEqual([[kiosk.id, { assurance: 'card-cryptogram' }]]);
  });

  it('logs a back-office failure of an allowed access with its error code', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangV2, 'none'));
    t.services.gateway.simulators!.fault('social-security').mode = 'down';
    const res = await kiosk.request('POST', GATEWAY_PATHS.medicalAccount, { holderSession: zhang });
    expect(res.statusCode).toBe(503);
    const last = (await accessRows()).at(-1)!;
    expect([last.service, last.assurance, last.result]).toEqual(['medical-account', 'pin-only', 'backoffice-unavailable']);
  });
});
