/**
 * Finding (audit of the card-services hardening): the per-terminal limits on holder challenges
 * and distinct holders were read, then written, in separate statements. A compromised terminal
 * that sends its requests at once passed both: every request saw the count still under its
 * limit, so the holder limit (30 people an hour) bounded nothing against a burst. Each check
 * and its write are now one transaction under the terminal's row lock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATEWAY_PATHS, isValidCitizenId } from '@civic-kiosk/protocol/gateway';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { TestTerminal } from '../support/terminal.ts';

/** `n` valid citizen IDs of people nobody seeded: the check character is the one the protocol accepts. */
function strangers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const first17 = `310115199002${String(i).padStart(5, '0')}`;
    return [...'0123456789X'].map((c) => first17 + c).find(isValidCitizenId)!;
  });
}

describe.each(DIALECTS)('holder limits under a burst of concurrent requests (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    t = await withApp(dialect);
    kiosk = await TestTerminal.enrol(t);
  });
  afterEach(async () => t.close());

  const askChallenge = () => kiosk.request('POST', GATEWAY_PATHS.holderChallenge, { kind: 'id-document' });
  const codeOf = (r: { json(): { error?: { code: string } } }) => r.json().error?.code;

  it('gives no more challenges a minute than the limit, however many are asked for at once', async () => {
    const limit = t.config.holders.challengesPerMinute;
    const burst = await Promise.all(Array.from({ length: limit * 2 }, askChallenge));
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(limit);
    expect(burst.filter((r) => codeOf(r) === 'holder-challenge-rate-limited')).toHaveLength(limit);
  });

  it('opens sessions for no more people an hour than the limit when they are all asked for at once', async () => {
    const limit = t.config.holders.holdersPerHour;
    const people = strangers(limit + 10);
    // One challenge per person, gathered within the challenge limit and lifetime.
    const challenges: { challengeId: string }[] = [];
    while (challenges.length < people.length) {
      const res = await askChallenge();
      if (res.statusCode === 429) t.clock.advance(60_000);
      else challenges.push(res.json() as { challengeId: string });
    }
    const opens = await Promise.all(
      challenges.map((c, i) => kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: c.challengeId, document: { kind: 'resident-id', number: people[i] } })),
    );
    expect(opens.filter((r) => r.statusCode === 200)).toHaveLength(limit);
    expect(opens.filter((r) => codeOf(r) === 'holder-limit-reached')).toHaveLength(10);
    const alerts = (await t.services.alerts.list({ open: true, terminalId: kiosk.id, limit: 10 })).filter((a) => a.kind === 'holder-limit');
    expect(alerts).toHaveLength(1);
  });
});
