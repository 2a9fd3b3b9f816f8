/**
 * Card services end to end: Chromium on the kiosk host (its own process, the simulated card and
 * ID readers on ptys holding the demo cards and documents), the real district server with its
 * simulated back offices, a holder limit of three people per terminal and hour. Cards and
 * documents go in through the simulator's control socket; the statement's code is checked on
 * the server's public verify page; the server's own tables are the judge of what it kept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { newNonce, signRequest } from '@civic-kiosk/protocol/terminal-signing';
import { readFileSync } from 'node:fs';
import { socatDescendants } from '../../../device-drivers/test/support/processes.ts';
import { TerminalIdentityStore } from '../../src/node/terminal/identity.ts';
import { PaymentRig } from '../payment/e2e-rig.ts';
import { toHome, typePin } from '../support/browser-tour.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

/** The people these tests bring to the terminal: 张伟明, 赵丽华 (ID card), 陈嘉欣 (permit); 李秀英 is one too many. */
const HOLDERS_PER_HOUR = 3;
const ZHANG_ID = '310104198503122019';
const ZHAO_ID = '310104198809180027';
const CHEN_ID = '810000199003150023';

const rig = new PaymentRig();
beforeAll(async () => {
  await rig.start({ server: { holders: { holdersPerHour: HOLDERS_PER_HOUR } } });
  await rig.page.getByTestId('attract').or(rig.page.locator('.tiles')).first().waitFor({ timeout: 60_000 });
  // The readers start with a card (张伟明's 2.00 card) and a document (赵丽华's ID card) in them:
  // the tests put in each card and document themselves, so that it is news to the kiosk. The ID
  // reader's removal is polled (every 500 ms) and would end a holder screen a test has opened by then.
  await reader({ action: 'remove-card' });
  await idReader({ action: 'remove-card' });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}, 300_000);
afterAll(() => rig.stop());
// A test that failed leaves no card or document behind for the next (a passing one took it out).
afterEach(async () => {
  const holds = async (kind: 'card-reader' | 'id-reader', field: string) => {
    const listed = await rig.sim(kind, { action: 'list-cards' });
    return listed.ok && Boolean(listed[field]);
  };
  if (await holds('card-reader', 'inserted')) await reader({ action: 'remove-card' });
  if (await holds('id-reader', 'placed')) await idReader({ action: 'remove-card' });
});

const device = (kind: 'card-reader' | 'id-reader') => async (command: { action: string; [k: string]: unknown }) => {
  const r = await rig.sim(kind, command);
  expect(r.ok, JSON.stringify(r)).toBe(true);
};
const reader = device('card-reader');
const idReader = device('id-reader');

/** Holder sessions the server still holds open for any terminal. */
const openSessions = async () => (await rig.t.services.db.selectFrom('holder_sessions').select('token_hash').where('ended_at', 'is', null).execute()).length;

/** The card goes in from the home screen (which opens its PIN pad) and the PIN is typed. */
async function insertAndType(page: Page, card: string, pin: string): Promise<void> {
  await toHome(page);
  await reader({ action: 'insert-card', card });
  await page.getByTestId('ss-pin').waitFor({ timeout: 10_000 });
  await typePin(page, pin);
}

/** The card and its right PIN: the service menu shows. */
async function openCard(page: Page, card: string, pin: string): Promise<void> {
  await insertAndType(page, card, pin);
  await page.getByTestId('ss-greeting').waitFor({ timeout: 30_000 });
}

/** The document leaves the ID reader: the screen that showed its holder goes (the host ends the session). */
async function removeDocument(page: Page, shown: string): Promise<void> {
  await idReader({ action: 'remove-card' });
  await page.getByTestId(shown).waitFor({ state: 'detached', timeout: 10_000 });
}

/** With the social-security back office `mode`, the service says `code`; back to normal, its retry shows `answer`. */
async function backOfficeFault(page: Page, mode: 'down' | 'timeout', service: string, code: string, answer: string): Promise<void> {
  await rig.billerFault('social-security', mode);
  try {
    await page.getByTestId('ss-menu').click();
    await page.locator(`[data-service="${service}"]`).click();
    await page.locator(`[data-testid="holder-problem"][data-code="${code}"]`).waitFor({ timeout: 30_000 });
  } finally {
    await rig.billerFault('social-security', 'normal');
  }
  await page.getByTestId('holder-problem').getByRole('button').click();
  await page.getByTestId(answer).waitFor({ timeout: 30_000 });
}

/** The card leaves: a fresh home screen within a second. */
async function pullCard(page: Page): Promise<void> {
  const t0 = Date.now();
  await reader({ action: 'remove-card' });
  await page.locator('.tiles').waitFor({ timeout: 1_000 });
  expect(Date.now() - t0).toBeLessThan(1_000);
}

describe('social-security card at the kiosk against the district server', () => {
  it('opens the 3.00 card of 张伟明 after a wrong PIN, paints contributions, prints a statement whose code the verify page confirms', async () => {
    const page = rig.page;
    await insertAndType(page, 'ssc-v3-zhang', '000000');
    expect(await page.getByTestId('ss-tries-left').textContent({ timeout: 30_000 })).toContain('2');
    await typePin(page, '123456');
    await page.getByTestId('ss-greeting').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('ss-greeting').textContent()).toBe('您好，张*明');
    await page.locator('[data-service="contributions"]').click();
    await page.getByTestId('ss-records').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="ss-records"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="ss-totals"] [data-type="pension"]').textContent()).toMatch(/¥[\d,]+\.\d\d/);

    await page.getByTestId('ss-print').click();
    await page.getByTestId('ss-statement').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('ss-statement').getAttribute('data-printed')).toBe('true');
    const code = (await page.getByTestId('ss-statement-code').textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await expect.poll(async () => (await rig.receipts()).some((r) => r.includes(code)), { timeout: 30_000 }).toBe(true);

    const check = await rig.kiosk.context.newPage();
    try {
      const base = `http://127.0.0.1:${rig.relay.port}/verify/`;
      const genuine = await check.goto(base + code);
      expect(genuine!.status()).toBe(200);
      expect(await check.locator('.verdict').textContent()).toContain('证明真实有效');
      const last = code.at(-1) === 'A' ? 'B' : 'A';
      const forged = await check.goto(base + code.slice(0, -1) + last);
      expect(forged!.status()).toBe(404);
      expect(await check.locator('.verdict').textContent()).toContain('证明不真实');
    } finally {
      await check.close();
    }

    // The card leaves: home within a second, nothing of the person left on screen or open on the server.
    await pullCard(page);
    expect(await page.content()).not.toContain('张*明');
    await expect.poll(openSessions, { timeout: 10_000 }).toBe(0);
  });

  it('goes home within a second when the card is pulled while it is read, and the server keeps no session', async () => {
    const page = rig.page;
    await insertAndType(page, 'ssc-v3-zhang', '123456');
    // The read (VERIFY, the records, INTERNAL AUTHENTICATE at 9600 baud) takes over a second.
    await page.locator('[data-step="opening"]').waitFor({ timeout: 5_000 });
    await pullCard(page);
    // Whatever the host had under way is dropped: no session stays open for the person who left.
    await expect.poll(openSessions, { timeout: 15_000 }).toBe(0);
    expect(await page.content()).not.toContain('张*明');
  });

  it('shows the medical account and the card, says the back office is down or late, and shows the answer when asked again', async () => {
    const page = rig.page;
    // His 2.00 card: the PIN alone, as the back office knows this card.
    await openCard(page, 'ssc-v2', '123456');
    await page.locator('[data-service="medical"]').click();
    expect(await page.getByTestId('ss-balance').textContent({ timeout: 30_000 })).toMatch(/¥[\d,]+\.\d\d/);
    await page.getByTestId('ss-menu').click();
    await page.locator('[data-service="card"]').click();
    expect(await page.getByTestId('ss-card').getAttribute('data-state', { timeout: 30_000 })).toBe('active');

    await backOfficeFault(page, 'down', 'contributions', 'backoffice-unavailable', 'ss-records');
    await backOfficeFault(page, 'timeout', 'medical', 'backoffice-timeout', 'ss-balance');
    await pullCard(page);
  });

  it('says where to unblock a card whose PIN is blocked, without asking the server for anyone', async () => {
    const page = rig.page;
    const before = await rig.t.services.db.selectFrom('personal_data_access').select('id').execute();
    await insertAndType(page, 'ssc-blocked', '111111');
    await page.getByTestId('ss-blocked').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="ss-blocked"] [data-point]').count()).toBeGreaterThan(0);
    expect(await rig.t.services.db.selectFrom('personal_data_access').select('id').execute()).toHaveLength(before.length);
    await pullCard(page);
  });

  it('reports a card lost with the ID card on the ID reader, and the back office has it lost', async () => {
    const page = rig.page;
    await toHome(page);
    // 赵丽华's ID card lies on the reader.
    await idReader({ action: 'place-card', card: 'id-card' });
    await page.locator('.tile[data-route="social-security"]').click();
    await page.getByTestId('ss-lost').click();
    await page.getByTestId('ss-lost-send').click();
    await page.getByTestId('ss-lost-done').waitFor({ timeout: 30_000 });
    expect((await rig.t.services.gateway.simulators!.socialSecurity.cardStatus(ZHAO_ID)).state).toBe('temporarily-lost');
    await removeDocument(page, 'ss-lost-done');
  });

  it('withdraws a temporary loss report for the card in hand', async () => {
    const page = rig.page;
    // Reported lost earlier (at a counter, on the phone): the person has found it again.
    await rig.t.services.gateway.simulators!.socialSecurity.reportLoss(ZHANG_ID, 'loss-reported-at-a-counter');
    await openCard(page, 'ssc-v3-zhang', '123456');
    await page.locator('[data-service="card"]').click();
    await page.getByTestId('ss-cancel-loss').click();
    await expect.poll(() => page.getByTestId('ss-card').getAttribute('data-state'), { timeout: 30_000 }).toBe('active');
    expect((await rig.t.services.gateway.simulators!.socialSecurity.cardStatus(ZHANG_ID)).state).toBe('active');
    await pullCard(page);
  });

  it('reads a residence permit on the ID reader: validity, the endorsement due and requested, and a resident ID card\'s application progress', async () => {
    const page = rig.page;
    const permits = rig.t.services.gateway.simulators!.residencePermit;
    // The document laid on the reader while the screen asks for it is read without a touch.
    await toHome(page);
    await page.locator('.tile[data-route="residence-permit"]').click();
    await page.getByTestId('rp-place').waitFor();
    await idReader({ action: 'place-card', card: 'residence-permit' });
    await page.getByTestId('rp-status').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rp-greeting').textContent()).toContain('陈*欣');
    expect(await page.getByTestId('rp-endorsement-state').getAttribute('data-state')).toBe('due');
    expect(await page.getByTestId('rp-due-month').textContent()).toBe((await permits.status(CHEN_ID)).endorsement.dueMonth);
    expect(await page.locator('.app img').count()).toBe(0);
    await page.getByTestId('rp-endorse-send').click();
    expect(await page.getByTestId('rp-endorse-result').getAttribute('data-result', { timeout: 30_000 })).toBe('submitted');
    const after = await permits.status(CHEN_ID);
    expect(after.endorsement.state).toBe('requested');
    expect(after.applications.map((a) => a.kind)).toEqual(['permit-renewal']);

    // 赵丽华's ID card (she was here already this hour): the progress of a permit applied for with it.
    await removeDocument(page, 'rp-endorse-result');
    await toHome(page);
    await page.locator('.tile[data-route="residence-permit"]').click();
    await page.getByTestId('rp-place').waitFor();
    await idReader({ action: 'place-card', card: 'id-card' });
    await page.getByTestId('rp-progress').waitFor({ timeout: 30_000 });
    await removeDocument(page, 'rp-progress');
  });

  it('refuses a stolen terminal key that names a person instead of proving them', async () => {
    // Whoever copies the terminal's key off its disk signs as the terminal, and still gets nobody's records.
    const identity = (await new TerminalIdentityStore(rig.dataDir).load())!;
    const ask = async (body: object) => {
      const bytes = new TextEncoder().encode(JSON.stringify(body));
      const headers = await signRequest({ method: 'POST', pathWithQuery: GATEWAY_PATHS.contributions, terminalId: identity.terminalId, timestamp: Date.now(), nonce: newNonce(), body: bytes }, identity.privateKey);
      const res = await fetch(`http://127.0.0.1:${rig.relay.port}${GATEWAY_PATHS.contributions}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: bytes });
      return [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await ask({ holder: { citizenId: ZHANG_ID, verifiedBy: 'card-pin' }, from: '2025-01', to: '2025-06' })).toEqual([400, 'validation-failed']);
    expect(await ask({ holderSession: 'A'.repeat(43), from: '2025-01', to: '2025-06' })).toEqual([403, 'holder-session-unknown']);
  });

  it('says so when the terminal reached its limit of people this hour', async () => {
    const page = rig.page;
    // 李秀英's card: a fourth person within the hour, over the test server's limit of three.
    await insertAndType(page, 'ssc-v3', '654321');
    await page.locator('[data-code="holder-limit-reached"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('holder-problem').textContent()).toContain('个人查询次数已达上限');
    await pullCard(page);
  });

  // Last: the reader does not come back.
  it('says the card reader cannot be used when its line is gone', async () => {
    const page = rig.page;
    // The reader's cable is pulled for good: its simulator (a socat pty pair under the host) ends.
    const line = socatDescendants(rig.host!.child.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('/card-reader/'));
    expect(line).toBeDefined();
    process.kill(line!, 'SIGTERM');
    await toHome(page);
    await page.locator('.tile[data-route="social-security"]').click();
    await page.locator('[data-testid="holder-problem"][data-code="reader-absent"]').waitFor({ timeout: 30_000 });
  });
});
