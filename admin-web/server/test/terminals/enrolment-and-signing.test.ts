import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalApiPaths, TerminalHeaders } from '@civic-kiosk/protocol/terminal-api';
import { generateTerminalKeyPair, newNonce } from '@civic-kiosk/protocol/terminal-signing';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal, sampleHeartbeat } from '../support/terminal.ts';

describe.each(DIALECTS)('terminal enrolment and signed requests (%s)', (dialect) => {
  let t: TestApp;
  let operator: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    await t.close();
  });

  const create = async () => (await operator.request('POST', '/api/terminals', { name: 'Minhang hall 2', location: 'Minhang service centre', group: 'minhang' })).json();
  const enrol = async (code: string) => {
    const keys = await generateTerminalKeyPair();
    return t.inject({ method: 'POST', url: TerminalApiPaths.enrol, payload: { code, publicKey: keys.publicKeyText, appVersion: '1.4.0' } });
  };

  it('gives staff a one-time code with expiry and QR payload; the code enrols exactly once', async () => {
    const created = await create();
    expect(created.terminal.status).toBe('pending');
    expect(created.enrolment.code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(created.enrolment.qrPayload).toBe(`ckenrol:${t.config.publicUrl}#${created.enrolment.code}`);
    expect(created.enrolment.expiresAt).toBe(t.clock.now() + t.config.terminals.enrolmentCodeTtlMs);
    const first = await enrol(created.enrolment.code);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ terminalId: created.terminal.id, group: 'minhang' });
    expect((await enrol(created.enrolment.code)).json().error.code).toBe('enrolment-code-used');
    const view = (await operator.request('GET', `/api/terminals/${created.terminal.id}`)).json();
    expect(view.status).toBe('online');
  });

  it('refuses unknown and expired codes with distinct errors, and a reissued code replaces the old', async () => {
    expect((await enrol('ABCD-EFGH-JKLM-NPQR')).json().error.code).toBe('enrolment-code-invalid');
    const created = await create();
    t.clock.advance(t.config.terminals.enrolmentCodeTtlMs + 1);
    const expired = await enrol(created.enrolment.code);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('enrolment-code-expired');
    operator = await loginStaff(t, 'operator'); // the earlier session expired with the code
    const reissued = (await operator.request('POST', `/api/terminals/${created.terminal.id}/enrolment-code`)).json();
    expect((await enrol(created.enrolment.code)).json().error.code).toBe('enrolment-code-invalid');
    expect((await enrol(reissued.code)).statusCode).toBe(200);
  });

  it('rejects unsigned, malformed, skewed, tampered, replayed, unknown and revoked requests with distinct codes', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const url: string = TerminalApiPaths.heartbeat;
    const body = JSON.stringify(sampleHeartbeat());
    const send = (headers: Record<string, string>, payload = body, path = url) =>
      t.inject({ method: 'POST', url: path, headers: { ...headers, 'content-type': 'application/json' }, payload });
    const codeOf = async (p: ReturnType<typeof send>) => {
      const res = await p;
      return `${res.statusCode} ${res.json().error?.code ?? 'ok'}`;
    };

    expect(await codeOf(send({}))).toBe('401 signature-missing');
    const good = await kiosk.sign('POST', url, body);
    expect(await codeOf(send({ ...good, [TerminalHeaders.timestamp]: 'yesterday' }))).toBe('401 signature-malformed');
    const old = await kiosk.sign('POST', url, body, { timestamp: t.clock.now() - t.config.terminals.clockSkewMs - 1 });
    expect(await codeOf(send(old))).toBe('401 timestamp-skew');
    expect(await codeOf(send(good, body.replace('1.4.0', '6.6.6')))).toBe('401 signature-invalid');
    expect(await codeOf(send(good, body, `${url}?x=1`))).toBe('401 signature-invalid');
    expect(await codeOf(send({ ...good, [TerminalHeaders.terminalId]: 'someone-else' }))).toBe('401 terminal-unknown');
    expect(await codeOf(send(good))).toBe('200 ok');
    expect(await codeOf(send(good))).toBe('401 nonce-replayed');

    await operator.request('POST', `/api/terminals/${kiosk.id}/revoke`);
    expect(await codeOf(send(await kiosk.sign('POST', url, body)))).toBe('403 terminal-revoked');
  });

  it('accepts exactly one of the same request sent many times at once', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const nonce = newNonce();
    const results = await Promise.all(Array.from({ length: 6 }, () => kiosk.request('POST', TerminalApiPaths.heartbeat, sampleHeartbeat(), { nonce })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    expect(results.filter((r) => r.statusCode === 401).every((r) => r.json().error.code === 'nonce-replayed')).toBe(true);
  });

  it('accepts a nonce again only after its timestamp has left the skew window and the nonce store was pruned', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const nonce = newNonce();
    expect((await kiosk.request('POST', TerminalApiPaths.heartbeat, sampleHeartbeat(), { nonce })).statusCode).toBe(200);
    t.clock.advance(2 * t.config.terminals.clockSkewMs + 1);
    await t.services.terminalAuth.pruneNonces();
    const count = await t.services.db.selectFrom('terminal_nonces').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('records enrolment, revocation and commands in the audit log', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'reload', args: {} } });
    await operator.request('POST', `/api/terminals/${kiosk.id}/revoke`);
    const auditor = await loginStaff(t, 'auditor');
    const actions = (await auditor.request('GET', `/api/audit?targetType=terminal&targetId=${kiosk.id}`)).json().entries.map((e: { action: string; actor: { type: string } }) => `${e.actor.type}:${e.action}`);
    expect(actions).toEqual(['staff:terminal.revoke', 'staff:terminal.command', 'terminal:terminal.enrol', 'staff:terminal.create']);
  });

  it('refuses staff commands to terminals that are not enrolled, and emergency commands outside broadcasts', async () => {
    const created = await create();
    const pending = await operator.request('POST', `/api/terminals/${created.terminal.id}/commands`, { command: { kind: 'reload', args: {} } });
    expect(pending.json().error.code).toBe('terminal-not-active');
    const kiosk = await TestTerminal.enrol(t);
    const emergency = await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'emergency-off', args: { broadcastId: 'x' } } });
    expect(emergency.json().error.code).toBe('validation-failed');
  });
});
