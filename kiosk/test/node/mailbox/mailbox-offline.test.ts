/**
 * The citizen mailbox end to end: the kiosk core, simulated card and ID readers on ptys (the
 * device manager) and the real district server on SQLite. The server "goes away" by the
 * kiosk's fetch failing as it does when nothing answers. Online open then copy written; same
 * card + PIN opens the copy offline with its time; another holder's card, a wrong PIN, a 2.00
 * card and an ID document get nothing offline; a tampered copy is no copy; read marks made
 * offline survive a restart and reach the server once; nothing of a message in plain text on disk;
 * the least recently opened copy goes beyond the total cap, and a copy past its age at start.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedDevices } from '@civic-kiosk/device-drivers/node/device-manager';
import type { SimulatedDevices } from '@civic-kiosk/device-drivers/node/device-manager';
import { sendSimulatorCommand } from '@civic-kiosk/device-drivers/node/sim/control-client';
import { GATEWAY_PATHS, MAIL_DELIVER_PATH, type MailMessage } from '@civic-kiosk/protocol/gateway';
import { withApp } from '../../../../admin-web/server/test/support/app.ts';
import type { TestApp } from '../../../../admin-web/server/test/support/app.ts';
import { loginStaff, type StaffClient } from '../../../../admin-web/server/test/support/staff.ts';
import { readKioskConfig, writeKioskConfig } from '../../../src/node/kiosk-config.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';

const ZHANG_ID = '310104198503122019';
/** 李秀英, the holder of the simulated `ssc-v3` card. */
const LI_ID = '310106199207274023';
const DAY_MS = 86_400_000;
let t: TestApp;
let sim: SimulatedDevices;
let core: KioskCore;
let dataDir: string;
let operator: StaffClient;
let serverDown = false;
/** Requests the kiosk sent to the offline-reads route and the server answered 200. */
let offlineReadsDelivered = 0;

const kioskFetch: typeof fetch = async (input, init) => {
  if (serverDown) throw new TypeError('fetch failed');
  const res = await fetch(input, init);
  if (String(input instanceof Request ? input.url : input).endsWith(GATEWAY_PATHS.mailboxOfflineReads) && res.status === 200) offlineReadsDelivered++;
  return res;
};

const openCore = (now?: () => number) => KioskCore.open({ dataDir, appVersion: '0.1.0', shell: browserShellActions, devices: sim.manager, fetch: kioskFetch, pushBackoff: { baseMs: 200, maxMs: 2_000 }, ...(now ? { now } : {}) });

beforeAll(async () => {
  t = await withApp('sqlite');
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  operator = await loginStaff(t, 'operator');
  const created = await operator.request('POST', '/api/terminals', { name: 'Mailbox kiosk', location: 'Hall M', group: 'xuhui' });
  sim = await startSimulatedDevices();
  dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-mailbox-e2e-'));
  core = await openCore();
  await core.handlers['terminal.enrol']({ serverUrl: base, code: created.json().enrolment.code });
}, 120_000);

afterAll(async () => {
  await core?.stop();
  await sim?.stop();
  await t?.close();
});

const insert = async (card: string) => expect((await sendSimulatorCommand(sim.control, 'card-reader', { action: 'insert-card', card })).ok).toBe(true);
const open = (pin: string) => core.handlers['mailbox.open']({ pin });
const wipe = () => core.handlers.endSession(undefined);

async function filesUnder(dir: string): Promise<{ name: string; bytes: Buffer }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(entries.filter((e) => e.isFile()).map(async (e) => ({ name: path.join(e.parentPath, e.name), bytes: await readFile(path.join(e.parentPath, e.name)) })));
}
const copyFiles = async () => (await filesUnder(dataDir)).filter((f) => f.name.endsWith('.copy'));

describe('citizen mailbox with its offline copy', { timeout: 120_000 }, () => {
  let delivered: MailMessage;

  it('opens online with a 3.00 card and keeps an encrypted copy; a 2.00 card and an ID document read online only', async () => {
    const res = await operator.request('POST', MAIL_DELIVER_PATH, { citizenId: ZHANG_ID, kind: 'bill-reminder', title: '水费账单提醒 海棠路八号', sender: '浦江自来水公司', body: '户号 20481234 本期水费 86.50 元，请在月底前缴纳。海棠路八号', link: { service: 'bills', biller: 'water', account: '20481234' } });
    delivered = res.json() as MailMessage;
    await insert('ssc-v3-zhang');
    expect(await open('123456')).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'kept', assurance: 'card-cryptogram' });
    const page = await core.handlers['mailbox.list']({ page: 1, pageSize: 5 });
    expect(page).toMatchObject({ ok: true, value: { page: 1, pageSize: 5 } });
    if (!page.ok) return;
    expect(page.value.messages[0]).toMatchObject({ messageId: delivered.messageId, link: { service: 'bills', biller: 'water', account: '20481234' } });
    expect(page.value.onlineOnly).toBeUndefined();
    expect(await copyFiles()).toHaveLength(1);
    await wipe();

    await insert('ssc-v2');
    expect(await open('123456')).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'not-possible', assurance: 'pin-only' });
    expect(await core.handlers['mailbox.list'](undefined)).toMatchObject({ ok: true, value: { onlineOnly: true } });
    await wipe();
    expect(await core.handlers['mailbox.openWithDocument'](undefined)).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'not-possible', assurance: 'id-document' });
    await wipe();
    expect(await copyFiles()).toHaveLength(1);
  });

  it('answers a mute card and a card that is not a social-security card each with its own outcome, opening nothing', async () => {
    const copies = (await copyFiles()).length;
    await insert('ssc-mute');
    expect(await open('123456')).toEqual({ outcome: 'card-mute' });
    await insert('bank-card');
    expect(await open('123456')).toEqual({ outcome: 'not-social-security-card' });
    expect(await core.handlers['mailbox.list'](undefined)).toMatchObject({ ok: false });
    expect(await copyFiles()).toHaveLength(copies);
  });

  it('opens the copy with the same card and PIN while the server is unreachable, telling its time', async () => {
    serverDown = true;
    await insert('ssc-v3-zhang');
    const opened = await open('123456');
    expect(opened).toMatchObject({ outcome: 'opened', source: 'offline-copy', asOf: expect.any(String) });
    const asOf = opened.outcome === 'opened' && opened.source === 'offline-copy' ? opened.asOf : '';
    const page = await core.handlers['mailbox.list']({ page: 1, pageSize: 20, kind: 'bill-reminder' });
    expect(page).toMatchObject({ ok: true, value: { offlineCopy: { asOf }, messages: expect.arrayContaining([expect.objectContaining({ messageId: delivered.messageId })]) } });
    expect(await core.handlers['mailbox.read']({ messageId: delivered.messageId })).toMatchObject({ ok: true, value: { body: delivered.body } });
    await wipe();
  });

  it('opens nothing with a wrong PIN, and nothing of this copy with another holder\'s card, a 2.00 card or an ID document', async () => {
    await insert('ssc-v3-zhang');
    expect(await open('000000')).toEqual({ outcome: 'wrong-pin', triesLeft: 2 });
    expect(await core.handlers['mailbox.list'](undefined)).toMatchObject({ ok: false });
    // The right PIN resets the card's counter.
    expect(await open('123456')).toMatchObject({ outcome: 'opened', source: 'offline-copy' });
    await wipe();
    await insert('ssc-v3');
    expect(await open('654321')).toEqual({ outcome: 'offline', offlineCopy: 'none' });
    expect(await core.handlers['mailbox.list'](undefined)).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });
    await insert('ssc-v2');
    expect(await open('123456')).toEqual({ outcome: 'offline', offlineCopy: 'not-possible' });
    expect(await core.handlers['mailbox.openWithDocument'](undefined)).toEqual({ outcome: 'offline', offlineCopy: 'not-possible' });
    await wipe();
    expect(await copyFiles()).toHaveLength(1);
  });

  it('sends read marks made offline once the server is back, exactly once, across a restart', async () => {
    await insert('ssc-v3-zhang');
    expect(await open('123456')).toMatchObject({ source: 'offline-copy' });
    expect(await core.handlers['mailbox.markRead']({ messageIds: [delivered.messageId] })).toEqual({ ok: true, value: { ok: true, queued: true } });
    // Shown read on the copy at once.
    const page = await core.handlers['mailbox.list'](undefined);
    expect(page.ok && page.value.messages.find((m) => m.messageId === delivered.messageId)?.read).toBe(true);
    await wipe();
    // Queued on disk: the message by its opaque id and the server's voucher, nothing of the person.
    const queued = await readFile(path.join(dataDir, 'mailbox', 'read-outbox.json'), 'utf8');
    expect(queued).toContain(delivered.messageId);
    for (const text of [`${ZHANG_ID.slice(-4)}-`, '张伟明', delivered.title]) expect(queued).not.toContain(text);
    await core.stop();
    core = await openCore();
    expect(offlineReadsDelivered).toBe(0);
    serverDown = false;
    await expect.poll(() => offlineReadsDelivered, { timeout: 15_000 }).toBe(1);
    const box = await t.services.gateway.backOffices.mailbox.list(ZHANG_ID);
    expect(box.find((m) => m.messageId === delivered.messageId)?.read).toBe(true);
    // Another restart sends nothing again.
    await core.stop();
    core = await openCore();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(offlineReadsDelivered).toBe(1);
    const marks = await t.services.db.selectFrom('personal_data_access').select('result').where('service', '=', 'mailbox').where('assurance', 'is', null).execute();
    expect(marks.map((m) => m.result)).toEqual(['ok']);
  });

  it('keeps no subject or body in plain text anywhere under the data dir', async () => {
    const everything = Buffer.concat((await filesUnder(dataDir)).map((f) => f.bytes));
    const box = await t.services.gateway.backOffices.mailbox.list(ZHANG_ID);
    for (const text of [...box.flatMap((m) => [m.title, m.body]), '海棠路八号', ZHANG_ID, '张伟明']) expect(everything.includes(Buffer.from(text, 'utf8'))).toBe(false);
  });

  it('treats a tampered copy as none: typed failure inside, the holder told there is no copy, the file gone', async () => {
    const [copy] = await copyFiles();
    const bytes = Buffer.from(copy!.bytes);
    bytes[bytes.length - 5]! ^= 0x01;
    await writeFile(copy!.name, bytes);
    serverDown = true;
    await insert('ssc-v3-zhang');
    expect(await open('123456')).toEqual({ outcome: 'offline', offlineCopy: 'none' });
    expect(await copyFiles()).toHaveLength(0);
    serverDown = false;
    await wipe();
  });

  it('deletes the least recently opened holder\'s copy beyond maxBytesTotal: that holder finds none offline, the newer one opens theirs', async () => {
    // Each holder's copy over 4 KiB, and room for about one such copy on the terminal.
    const long = '检修期间请家中留人，如有疑问请拨打 12345。'.repeat(120);
    for (const citizenId of [ZHANG_ID, LI_ID]) {
      expect((await operator.request('POST', MAIL_DELIVER_PATH, { citizenId, kind: 'notice', title: '燃气表检修通知', sender: '浦江燃气公司', body: long })).statusCode).toBe(200);
    }
    await core.stop();
    const config = await readKioskConfig(dataDir);
    await writeKioskConfig(dataDir, { ...config, mailboxCache: { ...config.mailboxCache, maxBytesTotal: 4096 } });
    core = await openCore();
    await insert('ssc-v3-zhang');
    expect(await open('123456')).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'kept' });
    await wipe();
    const [zhangs] = await copyFiles();
    await insert('ssc-v3');
    expect(await open('654321')).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'kept' });
    await wipe();
    const left = (await copyFiles()).map((f) => f.name);
    expect(left).toHaveLength(1);
    expect(left).not.toContain(zhangs!.name);

    serverDown = true;
    await insert('ssc-v3-zhang');
    expect(await open('123456')).toEqual({ outcome: 'offline', offlineCopy: 'none' });
    await insert('ssc-v3');
    expect(await open('654321')).toMatchObject({ outcome: 'opened', source: 'offline-copy' });
    await wipe();
    serverDown = false;
  });

  it('deletes a copy not opened for maxAgeDays when the kiosk starts: the holder then finds none offline', async () => {
    const [copy] = await copyFiles();
    expect(copy).toBeDefined();
    const { maxAgeDays } = (await readKioskConfig(dataDir)).mailboxCache;
    serverDown = true;
    await core.stop();
    // The kiosk comes back a day after the copy ran out.
    const later = Date.now() + (maxAgeDays + 1) * DAY_MS;
    core = await openCore(() => later);
    expect(await copyFiles()).toHaveLength(0);
    await insert('ssc-v3');
    expect(await open('654321')).toEqual({ outcome: 'offline', offlineCopy: 'none' });
    await wipe();
    await core.stop();
    core = await openCore();
    serverDown = false;
  });
});
