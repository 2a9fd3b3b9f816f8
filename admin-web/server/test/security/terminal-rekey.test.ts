import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal, listen } from '../support/terminal.ts';
import type { PushStream } from '../support/terminal.ts';

/** Threat: a terminal re-enrolled with a new key (old one lost or copied) stays usable with the old key. */
const outcome = async (res: Promise<{ statusCode: number; json(): { error?: { code: string } } }>) => {
  const r = await res;
  return `${r.statusCode} ${r.statusCode === 200 ? 'ok' : r.json().error?.code}`;
};

async function newCode(operator: StaffClient, terminalId: string): Promise<string> {
  const res = await operator.request('POST', `/api/terminals/${terminalId}/enrolment-code`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { code: string }).code;
}

describe.each(DIALECTS)('re-enrolment supersedes the old key at once (%s)', (dialect) => {
  let t: TestApp;
  let operator: StaffClient;
  const streams: PushStream[] = [];
  beforeEach(async () => {
    t = await withApp(dialect);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await t.close();
  });

  it('refuses the old key and accepts the new one on the very next request', async () => {
    const old = await TestTerminal.enrol(t);
    // The server has just seen (and may have cached) the terminal with its old key.
    expect(await outcome(old.heartbeat())).toBe('200 ok');
    const renewed = await old.reenrol(await newCode(operator, old.id));
    expect(await outcome(old.heartbeat())).toBe('401 signature-invalid');
    expect(await outcome(renewed.heartbeat())).toBe('200 ok');
    expect(await outcome(old.heartbeat())).toBe('401 signature-invalid');
  });

  it('closes a push channel opened with the old key', async () => {
    const base = await listen(t);
    const old = await TestTerminal.enrol(t);
    const push = await old.openPush(base);
    streams.push(push);
    const renewed = await old.reenrol(await newCode(operator, old.id));
    await push.waitClosed();
    await expect(old.openPush(base)).rejects.toThrow(/401.*signature-invalid/);
    streams.push(await renewed.openPush(base));
  });
});

describe('re-enrolment and revocation with two instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  let operatorOnA: StaffClient;
  beforeEach(async () => {
    a = await withApp('postgres');
    b = await withApp('postgres', { shareWith: a });
    operatorOnA = await loginStaff(a, 'operator');
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  it('a key replaced through one instance is refused by the other on its next request, and the new key accepted', async () => {
    const old = await TestTerminal.enrol(a);
    expect(await outcome(old.on(b).heartbeat())).toBe('200 ok');
    const renewed = await old.reenrol(await newCode(operatorOnA, old.id));
    // No wait for a notification: the very next request to B decides with the new key.
    expect(await outcome(old.on(b).heartbeat())).toBe('401 signature-invalid');
    expect(await outcome(renewed.on(b).heartbeat())).toBe('200 ok');
    expect(await outcome(renewed.heartbeat())).toBe('200 ok');
  });

  it('a terminal revoked through one instance is refused by the other on its next request', async () => {
    const kiosk = await TestTerminal.enrol(a);
    expect(await outcome(kiosk.on(b).heartbeat())).toBe('200 ok');
    expect((await operatorOnA.request('POST', `/api/terminals/${kiosk.id}/revoke`)).statusCode).toBe(200);
    expect(await outcome(kiosk.on(b).heartbeat())).toBe('403 terminal-revoked');
  });
});
