/**
 * The card services on the privileged side, with scripted card readers and a fake district
 * server: the holder is proved from what this side read itself, attached by this side only,
 * VERIFY runs once per open, and a removed card or an expired session ends the holder session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import type { KioskCore } from '../../../src/node/kiosk-core.ts';
import { FakeDevices, FakeDistrictServer, holderCore, Person } from '../../support/holder-fakes.ts';

const PIN = '739154';
const KEY = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

async function kiosk(options: Parameters<typeof holderCore>[0] = {}) {
  const k = await holderCore(options);
  cores.push(k.core);
  return k;
}

const to = (server: FakeDistrictServer, path: string) => server.requests.filter((r) => r.path === path);
const bodyOf = (server: FakeDistrictServer, path: string) => JSON.parse(to(server, path).at(-1)?.body ?? 'null') as Record<string, unknown>;

describe('socialSecurity.open', () => {
  it('opens a session from the card it read: challenge first, one VERIFY, a proof without the PIN, a masked holder back', async () => {
    const { core, server, devices } = await kiosk();
    const person = new Person(4242);
    devices.insert(person, PIN);
    const outcome = await core.handlers['socialSecurity.open']({ pin: PIN });
    expect(outcome).toMatchObject({ outcome: 'opened', cardVersion: '2.00', assurance: 'pin-only', holder: { nameMasked: '张*' } });
    expect(devices.verifies).toBe(1);
    const paths = server.requests.map((r) => r.path);
    expect(paths.indexOf(GATEWAY_PATHS.holderChallenge)).toBeLessThan(paths.indexOf(GATEWAY_PATHS.holderSessions));
    const proof = bodyOf(server, GATEWAY_PATHS.holderSessions);
    expect(proof).toMatchObject({ card: { citizenId: person.citizenId(), cardNumber: person.cardNumber(), cardVersion: '2.00' }, pinVerified: true });
    expect(server.everything()).not.toContain(PIN);
    // What the page gets names nobody in full.
    expect(JSON.stringify(outcome)).not.toContain(person.citizenId());
    expect(JSON.stringify(outcome)).not.toContain(person.name());
  });

  it('has a 3.00 card sign the server\'s challenge in the same card session', async () => {
    const { core, server, devices } = await kiosk();
    devices.insert(new Person(4243), PIN, '3.00');
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toMatchObject({ outcome: 'opened', cardVersion: '3.00', assurance: 'card-cryptogram' });
    expect(bodyOf(server, GATEWAY_PATHS.holderSessions)).toMatchObject({ cryptogram: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(devices.verifies).toBe(1);
  });

  it('says how many tries are left after a wrong PIN, and never retries VERIFY', async () => {
    const { core, server, devices } = await kiosk();
    devices.insert(new Person(1), PIN);
    expect(await core.handlers['socialSecurity.open']({ pin: '000000' })).toEqual({ outcome: 'wrong-pin', triesLeft: 2 });
    expect(devices.verifies).toBe(1);
    expect(to(server, GATEWAY_PATHS.holderSessions)).toHaveLength(0);
    expect(await core.handlers['socialSecurity.open']({ pin: '000001' })).toEqual({ outcome: 'wrong-pin', triesLeft: 1 });
    expect(await core.handlers['socialSecurity.open']({ pin: '000002' })).toEqual({ outcome: 'blocked' });
    expect(devices.verifies).toBe(3);
  });

  it('spends no PIN try when the server cannot be reached', async () => {
    const { core, server, devices } = await kiosk();
    devices.insert(new Person(2), PIN);
    server.canned.set(GATEWAY_PATHS.holderChallenge, 'network-error');
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual({ outcome: 'offline' });
    expect(devices.verifies).toBe(0);
  });

  it.each([
    [{ status: 503, body: { error: { code: 'backoffice-unavailable', message: '' } } }, { outcome: 'back-office-down' }],
    [{ status: 403, body: { error: { code: 'holder-proof-invalid', message: '' } } }, { outcome: 'refused', code: 'holder-proof-invalid' }],
    [{ status: 429, body: { error: { code: 'holder-limit-reached', message: '' } } }, { outcome: 'refused', code: 'holder-limit-reached' }],
  ])('turns a refused session (%j) into %j, after exactly one VERIFY', async (answer, outcome) => {
    const { core, server, devices } = await kiosk();
    devices.insert(new Person(3), PIN);
    server.canned.set(GATEWAY_PATHS.holderSessions, answer);
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual(outcome);
    expect(devices.verifies).toBe(1);
    expect(await core.handlers['socialSecurity.cardStatus'](undefined)).toMatchObject({ ok: false, failure: { code: 'no-holder-session' } });
  });

  it('tells an empty reader and a missing reader apart', async () => {
    const { core, devices } = await kiosk();
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual({ outcome: 'no-card' });
    devices.readerAbsent = true;
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual({ outcome: 'reader-absent' });
  });

  it.each(['card-mute', 'not-social-security-card'] as const)('answers a %s card with its own outcome, opening no session and sending no PIN', async (kind) => {
    const { core, server, devices } = await kiosk();
    devices.insertUnusable(kind);
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual({ outcome: kind });
    expect(devices.verifies).toBe(0);
    expect(server.sessions.size).toBe(0);
  });

  it('keeps no session when the card is pulled while the server opens it', async () => {
    const { core, server, devices, events } = await kiosk();
    devices.insert(new Person(5), PIN);
    server.onRequest.set(GATEWAY_PATHS.holderSessions, () => devices.remove('social-security'));
    expect(await core.handlers['socialSecurity.open']({ pin: PIN })).toEqual({ outcome: 'removed' });
    await expect.poll(() => server.ended).toBe(1);
    expect(server.sessions.size).toBe(0);
    expect(events.some((e) => e.event === 'holder-ended')).toBe(true);
    expect(await core.handlers['socialSecurity.medicalAccount'](undefined)).toMatchObject({ ok: false, failure: { code: 'no-holder-session' } });
  });
});

describe('holder services on the privileged side', () => {
  it('answers no-holder-session without asking the server before any session is open', async () => {
    const { core, server } = await kiosk();
    const before = server.requests.length;
    for (const answer of [
      await core.handlers['socialSecurity.contributions']({ from: '2026-01', to: '2026-06' }),
      await core.handlers['socialSecurity.cardStatus'](undefined),
      await core.handlers['permit.status'](undefined),
      await core.handlers['mailbox.list'](undefined),
    ]) {
      expect(answer).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });
    }
    expect(server.requests.length).toBe(before);
  });

  it('attaches its own session token to every request and nothing that names the person', async () => {
    const { core, server, devices } = await kiosk();
    const person = new Person(77);
    devices.insert(person, PIN);
    await core.handlers['socialSecurity.open']({ pin: PIN });
    const [token] = [...server.sessions.keys()];
    expect(await core.handlers['socialSecurity.contributions']({ from: '2026-01', to: '2026-06' })).toMatchObject({ ok: true, value: { from: '2026-01', to: '2026-06' } });
    expect(bodyOf(server, GATEWAY_PATHS.contributions)).toEqual({ from: '2026-01', to: '2026-06', holderSession: token });
    expect(await core.handlers['socialSecurity.medicalAccount'](undefined)).toMatchObject({ ok: true, value: { balanceFen: 12345 } });
    expect(await core.handlers['mailbox.read']({ messageId: 'm-1' })).toMatchObject({ ok: true, value: { messageId: 'm-1' } });
    expect(bodyOf(server, GATEWAY_PATHS.mailboxRead)).toEqual({ messageId: 'm-1', holderSession: token });
    // After the proof, no request carries the person's ID number.
    const afterProof = server.requests.slice(server.requests.findIndex((r) => r.path === GATEWAY_PATHS.holderSessions) + 1);
    expect(JSON.stringify(afterProof)).not.toContain(person.citizenId());
  });

  it('refuses a service the session does not allow before the server is asked', async () => {
    const { core, server, devices } = await kiosk();
    devices.place(new Person(8));
    expect(await core.handlers['permit.read'](undefined)).toMatchObject({ outcome: 'opened', kind: 'residence-permit', assurance: 'id-document' });
    const before = server.requests.length;
    expect(await core.handlers['socialSecurity.contributions']({ from: '2026-01', to: '2026-02' })).toEqual({ ok: false, failure: { status: 0, code: 'holder-not-verified' } });
    expect(server.requests.length).toBe(before);
    expect(await core.handlers['permit.status'](undefined)).toMatchObject({ ok: true, value: { endorsement: { dueMonth: '2026-12' } } });
    expect(await core.handlers['permit.endorse']({ idempotencyKey: KEY })).toMatchObject({ ok: true, value: { result: 'submitted' } });
    expect(bodyOf(server, GATEWAY_PATHS.permitEndorsement)).toMatchObject({ idempotencyKey: KEY });
    expect(await core.handlers['permit.progress'](undefined)).toEqual({ ok: true, value: { applications: [] } });
  });

  it('reads the document, but hands the page only its kind and the masked holder', async () => {
    const { core, server, devices } = await kiosk();
    const person = new Person(31);
    devices.place(person, 'id-card');
    const outcome = await core.handlers['permit.read'](undefined);
    expect(outcome).toMatchObject({ outcome: 'opened', kind: 'resident-id' });
    expect(Object.keys(outcome).sort()).toEqual(['assurance', 'holder', 'kind', 'outcome', 'services']);
    expect(JSON.stringify(outcome)).not.toContain(person.citizenId());
    expect(JSON.stringify(outcome)).not.toContain(person.name());
    expect(bodyOf(server, GATEWAY_PATHS.holderSessions)).toMatchObject({ document: { kind: 'resident-id', number: person.citizenId() } });
    expect(await core.handlers['permit.read'](undefined)).toMatchObject({ outcome: 'opened' });
    devices.remove('id');
    expect(await core.handlers['permit.read'](undefined)).toEqual({ outcome: 'no-card' });
  });

  it('ends the session when its card leaves the reader, and the page hears of it', async () => {
    const { core, server, devices, events } = await kiosk();
    devices.insert(new Person(9), PIN);
    await core.handlers['socialSecurity.open']({ pin: PIN });
    devices.remove('id'); // another reader: no effect
    expect(await core.handlers['socialSecurity.cardStatus'](undefined)).toMatchObject({ ok: true });
    devices.remove('social-security');
    expect(events.filter((e) => e.event === 'holder-ended' || e.event === 'card').map((e) => e.payload)).toEqual([
      { reader: 'social-security', present: true },
      { reader: 'id', present: false },
      { reason: 'card-removed' },
      { reader: 'social-security', present: false },
    ]);
    expect(await core.handlers['socialSecurity.cardStatus'](undefined)).toMatchObject({ ok: false, failure: { code: 'no-holder-session' } });
    await expect.poll(() => server.ended).toBe(1);
  });

  it('forgets a session the server says expired', async () => {
    const { core, server, devices, events } = await kiosk();
    devices.insert(new Person(10), PIN);
    await core.handlers['socialSecurity.open']({ pin: PIN });
    server.canned.set(GATEWAY_PATHS.card, { status: 401, body: { error: { code: 'holder-session-expired', message: '' } } });
    expect(await core.handlers['socialSecurity.cardStatus'](undefined)).toMatchObject({ ok: false, failure: { status: 401, code: 'holder-session-expired' } });
    expect(events.at(-1)).toEqual({ event: 'holder-ended', payload: { reason: 'expired' } });
    server.canned.delete(GATEWAY_PATHS.card);
    expect(await core.handlers['socialSecurity.cardStatus'](undefined)).toMatchObject({ ok: false, failure: { code: 'no-holder-session' } });
  });

  it('reports a card lost with the ID card on the ID reader', async () => {
    const { core, server, devices } = await kiosk();
    expect(await core.handlers['socialSecurity.reportLoss']({ idempotencyKey: KEY })).toEqual({ ok: false, failure: { status: 0, code: 'no-card' } });
    devices.place(new Person(12), 'id-card');
    expect(await core.handlers['socialSecurity.reportLoss']({ idempotencyKey: KEY })).toMatchObject({ ok: true, value: { state: 'temporarily-lost' } });
    expect(bodyOf(server, GATEWAY_PATHS.lossReport)).toMatchObject({ idempotencyKey: KEY });
    expect(to(server, GATEWAY_PATHS.holderSessions)).toHaveLength(1);
    // Cancelling needs the card itself.
    expect(await core.handlers['socialSecurity.cancelLossReport'](undefined)).toMatchObject({ ok: false, failure: { code: 'holder-not-verified' } });
  });

  it('prints the statement the server issued, with its code and a QR code of the verify URL', async () => {
    const { core, server, devices } = await kiosk();
    devices.insert(new Person(13), PIN);
    await core.handlers['socialSecurity.open']({ pin: PIN });
    const printed = await core.handlers['socialSecurity.printStatement']({ from: '2026-01', to: '2026-02', lang: 'zh-CN' });
    expect(printed).toMatchObject({ ok: true, value: { statement: { code: 'ABCD-EFGH-JKLM-NPQ7' }, print: { ok: true } } });
    expect(bodyOf(server, GATEWAY_PATHS.contributionStatement)).toMatchObject({ from: '2026-01', to: '2026-02', idempotencyKey: expect.any(String) });
    const lines = JSON.stringify(devices.printed[0]?.lines);
    expect(lines).toContain('{"qr":"https://kiosk.example.gov.cn/verify/ABCD-EFGH-JKLM-NPQ7"}');
    expect(lines).toContain('ABCD-EFGH-JKLM-NPQ7');
    expect(lines).toContain('社会保险参保缴费证明');
  });
});

describe('payments on the privileged side', () => {
  it('sends each call to its fixed path and checks the answer', async () => {
    const { core, server } = await kiosk({ server: new FakeDistrictServer(), devices: new FakeDevices() });
    const view = { paymentId: 'P1', reference: '7KQ2M9XR4T', idempotencyKey: KEY, state: 'pending', biller: 'water', account: '20481234', period: '2026-10', amountFen: 100, order: null, receiptNo: null, failure: null, createdAt: '2026-11-26T03:00:00.000Z', updatedAt: '2026-11-26T03:00:00.000Z' };
    server.canned.set(GATEWAY_PATHS.payment(KEY), { status: 200, body: view });
    expect(await core.handlers['payments.status']({ idempotencyKey: KEY })).toEqual({ ok: true, value: view });
    expect(to(server, GATEWAY_PATHS.payment(KEY)).map((r) => r.method)).toEqual(['GET']);
    // A view of another payment, or one that fails the schema, does not reach the page.
    server.canned.set(GATEWAY_PATHS.payment(KEY), { status: 200, body: { ...view, idempotencyKey: 'another-key-00000000' } });
    expect(await core.handlers['payments.status']({ idempotencyKey: KEY })).toEqual({ ok: false, failure: { status: 200, code: 'malformed-answer' } });
    server.canned.set(GATEWAY_PATHS.paymentCancel(KEY), { status: 200, body: { ...view, extra: '<script>' } });
    expect(await core.handlers['payments.cancel']({ idempotencyKey: KEY })).toEqual({ ok: false, failure: { status: 200, code: 'malformed-answer' } });
    server.canned.set(GATEWAY_PATHS.billLookup, { status: 404, body: { error: { code: 'bill-not-found', message: 'no' } } });
    expect(await core.handlers['payments.lookup']({ biller: 'water', account: '20481234' })).toEqual({ ok: false, failure: { status: 404, code: 'bill-not-found' } });
    expect(bodyOf(server, GATEWAY_PATHS.billLookup)).toEqual({ biller: 'water', account: '20481234' });
  });
});
