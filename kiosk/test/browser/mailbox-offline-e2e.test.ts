/**
 * The citizen mailbox's offline copy end to end: Chromium (on a profile directory of ours) on
 * the kiosk host (simulated card reader on a pty), the real district server. 张伟明's 3.00 card
 * reads a message online; the server stops; the same card + PIN opens the copy, told its time,
 * and reads it again; a wrong PIN, another holder's 3.00 card and a 2.00 card open nothing of
 * it. After the idle wipe no object of the page (heap snapshot after a GC) holds the message's
 * subject or body, nor in plain text Chromium's profile or the kiosk's data directory. The read mark made offline reaches the restarted
 * server (same database) exactly once.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAIL_DELIVER_PATH, type MailMessage } from '@civic-kiosk/protocol/gateway';
import { PaymentRig } from '../payment/e2e-rig.ts';
import { typePin } from '../support/browser-tour.ts';
import { heapHits } from '../support/heap.ts';
import { cardReader, openMailboxWithCard } from '../support/mailbox-tour.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const ZHANG_ID = '310104198503122019';
const PLACE = '梧桐巷十七号';
const rig = new PaymentRig();
let delivered: MailMessage;
/** Before and after the online open. */
let openedOnline: [number, number];

beforeAll(async () => {
  await rig.start({ fakeClock: true, profile: true });
  // The person stays at the kiosk: on a loaded machine a step can outlast the holder screens'
  // idle warning (30 s), and "continue" is what they would touch.
  await rig.page.addLocatorHandler(idleDialog(), (d) => d.getByRole('button', { name: '继续办理' }).click(), { noWaitAfter: true });
  const res = await rig.operator.request('POST', MAIL_DELIVER_PATH, { citizenId: ZHANG_ID, kind: 'notice', title: `燃气表检修通知 ${PLACE}`, sender: '浦江燃气公司', body: `${PLACE}的燃气表将于下周二上午检修，检修期间请家中留人。联系电话 021-64580000。` });
  expect(res.statusCode).toBe(200);
  delivered = res.json() as MailMessage;
}, 300_000);
afterAll(() => rig.stop());

function idleDialog() {
  return rig.page.getByTestId('idle-dialog');
}

const offlineMarks = () => rig.t.services.db.selectFrom('personal_data_access').select('result').where('service', '=', 'mailbox').where('assurance', 'is', null).execute();

/** Shanghai wall-clock "HH:mm" of a moment, as the banner shows it. */
const shanghaiMinute = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** Every file under the directories whose raw bytes hold a needle in UTF-8 or UTF-16LE. */
async function filesHolding(dirs: string[], needles: string[]): Promise<string[]> {
  const patterns = needles.flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')]);
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      const bytes = await readFile(file);
      if (patterns.some((p) => bytes.includes(p))) hits.push(file);
    }
  }
  return hits;
}

describe('the mailbox offline copy at the kiosk, server gone and back', () => {
  it('reads online, then with the server stopped opens the copy with the same card and PIN only', async () => {
    const page = rig.page;
    const t0 = Date.now();
    await openMailboxWithCard(rig, 'ssc-v3-zhang', '123456');
    await page.getByTestId('mb-list').waitFor({ timeout: 60_000 });
    openedOnline = [t0, Date.now()];
    expect(await page.getByTestId('mb-offline-copy').count()).toBe(0);
    await page.locator(`.mail-row[data-message-id="${delivered.messageId}"]`).click();
    await page.getByTestId('mb-message').waitFor({ timeout: 30_000 });
    expect(await page.locator('#mb-message-title').textContent()).toBe(delivered.title);
    await cardReader(rig, { action: 'remove-card' });
    await page.locator('.tiles').waitFor({ timeout: 10_000 });

    // The district server stops: nothing answers the kiosk.
    await rig.stopServer();

    // A wrong PIN opens nothing; the right one then opens the copy (the card's counter resets).
    await openMailboxWithCard(rig, 'ssc-v3-zhang', '000000');
    await page.getByTestId('ss-tries-left').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('mb-list').count()).toBe(0);
    expect(await page.content()).not.toContain(PLACE);
    await typePin(page, '123456');
    await page.getByTestId('mb-list').waitFor({ timeout: 60_000 });
    const banner = (await page.getByTestId('mb-offline-copy').textContent())!;
    expect(banner).toContain('离线副本');
    // The copy's time is the server's when it answered (the test server's clock may stand still
    // from its start, within the last minutes), shown in Shanghai time.
    const minutes = Array.from({ length: 11 }, (_, i) => shanghaiMinute(openedOnline[1] - i * 60_000));
    expect(minutes.some((hhmm) => banner.includes(hhmm)), `${banner} near ${minutes.join(' ')}`).toBe(true);

    // Read offline: an unread message of the copy, shown read at once.
    const row = page.locator('.mail-row[data-read="false"]').first();
    const unreadId = (await row.getAttribute('data-message-id'))!;
    await row.click();
    await page.getByTestId('mb-message').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('mb-body').textContent())!.length).toBeGreaterThan(0);
    await page.getByTestId('mb-back-to-inbox').click();
    await expect.poll(() => page.locator(`.mail-row[data-message-id="${unreadId}"]`).getAttribute('data-read'), { timeout: 30_000 }).toBe('true');
    // The message read online is in the copy too.
    await page.locator(`.mail-row[data-message-id="${delivered.messageId}"]`).click();
    await page.getByTestId('mb-message').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('mb-body').textContent()).toContain(delivered.body);
    await cardReader(rig, { action: 'remove-card' });
    await page.locator('.tiles').waitFor({ timeout: 10_000 });

    // Another holder's 3.00 card finds no copy of its own; a 2.00 card reads online only.
    await openMailboxWithCard(rig, 'ssc-v3', '654321');
    await page.getByTestId('mb-no-copy').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('mb-list').count()).toBe(0);
    expect(await page.content()).not.toContain(PLACE);
    await openMailboxWithCard(rig, 'ssc-v2', '123456');
    await page.locator('[data-testid="mb-online-only"][data-offline="true"]').waitFor({ timeout: 60_000 });
    expect(await page.content()).not.toContain(PLACE);
    await cardReader(rig, { action: 'remove-card' });
  });

  it('leaves the message neither in the page\'s heap nor in plain text in Chromium\'s profile or the kiosk data after the idle wipe', async () => {
    const page = rig.page;
    await openMailboxWithCard(rig, 'ssc-v3-zhang', '123456');
    await page.locator(`.mail-row[data-message-id="${delivered.messageId}"]`).click();
    await page.getByTestId('mb-message').waitFor({ timeout: 60_000 });
    // Positive controls: the message is on screen, and the heap search finds it, before the wipe.
    const needles = [delivered.title, delivered.body, PLACE];
    expect(await page.content()).toContain(PLACE);
    expect((await heapHits(page, needles)).map((h) => h.text)).toContain(delivered.body);
    await page.removeLocatorHandler(idleDialog());
    await page.clock.runFor(61_000);
    await page.getByTestId('attract').waitFor({ timeout: 30_000 });
    expect(await page.content()).not.toContain(PLACE);
    // Nor does any object of the page still hold it (state, signals, caches, timeline entries,
    // the UI library's earlier trees): each hit would come with the path that keeps it.
    expect(await heapHits(page, needles)).toEqual([]);
    // Closing Chromium writes out whatever it kept in memory for its profile.
    await rig.kiosk.close();

    // The search does find the text where it is: a control file in the profile, UTF-16LE.
    const control = path.join(rig.profileDir, 'search-control.bin');
    await writeFile(control, Buffer.from(`x${PLACE}x`, 'utf16le'));
    expect(await filesHolding([rig.profileDir, rig.dataDir], needles)).toEqual([control]);
    expect((await readdir(rig.dataDir, { recursive: true })).some((f) => f.endsWith('.copy'))).toBe(true);
  });

  it('sends the read mark made offline to the restarted server exactly once', async () => {
    await rig.restartServer();
    await expect.poll(() => offlineMarks(), { timeout: 180_000, interval: 1_000 }).toEqual([{ result: 'ok' }]);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await offlineMarks()).toEqual([{ result: 'ok' }]);
  });
});
