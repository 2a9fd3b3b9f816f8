import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { generateTerminalKeyPair } from '@civic-kiosk/protocol/terminal-signing';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';

/**
 * Threat: guessing enrolment codes (seen: wrong codes answered at 1,500-6,000 a second). Wrong
 * codes make later attempts wait, per client address and over all addresses, with growing
 * waits; once the guessing stops, a technician's correct code works again.
 */
describe.each(DIALECTS)('enrolment attempts are throttled (%s)', (dialect) => {
  let t: TestApp;
  let publicKey: string;
  beforeEach(async () => {
    t = await withApp(dialect);
    publicKey = (await generateTerminalKeyPair()).publicKeyText;
  });
  afterEach(async () => {
    await t.close();
  });

  let guess = 0;
  const wrongCode = () => `WXYZ-WXYZ-WXYZ-${String(2222 + (++guess % 7000)).replace(/[01]/g, '9')}`;
  const enrol = (code: string, remoteAddress: string) =>
    t.inject({ method: 'POST', url: TerminalApiPaths.enrol, remoteAddress, payload: { code, publicKey, appVersion: '1.4.0' } });
  const newTerminalCode = async () => {
    const operator = await loginStaff(t, 'operator');
    const created = await operator.request('POST', '/api/terminals', { name: 'Changning hall 1', location: 'Changning service centre', group: 'changning' });
    return (created.json() as { enrolment: { code: string } }).enrolment.code;
  };
  const waitOf = (res: { headers: Record<string, unknown> }) => Number(res.headers['retry-after']);

  it('makes one address wait, longer after each further wrong code, without slowing others', async () => {
    const attacker = '203.0.113.9';
    const free = t.config.terminals.enrolAddressFailuresBeforeBackoff;
    const answers: number[] = [];
    for (let i = 0; i < 40; i++) answers.push((await enrol(wrongCode(), attacker)).statusCode);
    expect(answers.slice(0, free)).toEqual(Array(free).fill(400));
    expect(answers.slice(free)).toEqual(Array(40 - free).fill(429));
    const refused = await enrol(wrongCode(), attacker);
    expect(refused.json().error).toMatchObject({ code: 'enrolment-throttled', details: { retryAfterSeconds: waitOf(refused) } });

    // Each wrong code let through after a wait doubles the next wait.
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const res = await enrol(wrongCode(), attacker);
      waits.push(waitOf(res));
      t.clock.advance(waitOf(res) * 1000);
      expect((await enrol(wrongCode(), attacker)).statusCode).toBe(400);
    }
    expect(waits).toEqual([1, 2, 4, 8]);

    // A technician elsewhere is not held up by that address, typos included.
    const code = await newTerminalCode();
    expect((await enrol(wrongCode(), '198.51.100.7')).statusCode).toBe(400);
    expect((await enrol(code, '198.51.100.7')).statusCode).toBe(200);
  });

  it('throttles guesses spread over many addresses, and a correct code works once the guessing stops', async () => {
    const code = await newTerminalCode();
    const global = t.config.terminals.enrolGlobalFailuresBeforeBackoff;
    let host = 0;
    const spread = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await enrol(wrongCode(), `10.1.${Math.floor(++host / 250)}.${host % 250}`)).statusCode);
      return out;
    };
    const first = await spread(global + 30);
    expect(first.filter((s) => s === 400).length).toBe(global);
    expect(first.slice(global).every((s) => s === 429)).toBe(true);
    // While the guessing goes on, everyone waits, the technician too (with an honest Retry-After).
    const during = await enrol(code, '198.51.100.7');
    expect(during.statusCode).toBe(429);
    const waits: number[] = [];
    for (let round = 0; round < 10; round++) {
      const res = await enrol(wrongCode(), '10.9.9.9');
      waits.push(waitOf(res));
      t.clock.advance(waitOf(res) * 1000);
      await spread(20);
    }
    // Growing, and capped.
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...waits)).toBe(t.config.terminals.enrolGlobalMaxWaitMs / 1000);

    // The guessing stops; after at most the cap the technician's code goes through.
    t.clock.advance(t.config.terminals.enrolGlobalMaxWaitMs);
    const after = await enrol(code, '198.51.100.7');
    expect(after.statusCode).toBe(200);
  });
});
