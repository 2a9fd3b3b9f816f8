/**
 * The offline copy store on its own: sealed files that open only under their keys, a typed
 * error for any damaged byte, per-holder and total size caps (oldest messages, then least
 * recently opened copies, go), and expiry of copies not opened for maxAgeDays.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '@civic-kiosk/protocol/gateway';
import { CopyKeySource } from '../../../src/node/mailbox/copy-keys.ts';
import { MailboxCopyError, OfflineCopies, type CopyLimits } from '../../../src/node/mailbox/offline-copies.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');
const VOUCHER = 'v'.repeat(43);

function messages(n: number, now: number, bodyChars = 200): MailMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    messageId: `m-${i}`,
    kind: 'notice' as const,
    title: `通知 ${i}`,
    sender: '街道',
    receivedAt: new Date(now - i * 3_600_000).toISOString(),
    read: false,
    body: '内容'.repeat(bodyChars / 2),
  }));
}

async function store(limits: Partial<CopyLimits> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'mailbox-copies-'));
  let now = T0;
  const keys = new CopyKeySource(dir);
  await keys.open();
  const settings: CopyLimits = { maxMessages: 100, maxAgeDays: 30, maxBytesPerHolder: 512 * 1024, maxBytesTotal: 32 * 1024 * 1024, ...limits };
  const copies = new OfflineCopies(path.join(dir, 'copies'), () => settings, () => now);
  const holder = (answer: string, pin = '123456') => keys.derive(answer, pin);
  const files = async () => (await readdir(path.join(dir, 'copies'))).filter((f) => f.endsWith('.copy'));
  return { dir, keys, copies, holder, files, settings, advance: (ms: number) => (now += ms), now: () => now };
}

describe('offline mailbox copies', () => {
  it('open only under the same card answer and PIN; the file name is not the same for another card', async () => {
    const s = await store();
    const a = await s.holder('a1'.repeat(8));
    await s.copies.write(a, { asOf: new Date(T0).toISOString(), messages: messages(3, T0), readVoucher: VOUCHER });
    expect((await s.copies.read(await s.holder('a1'.repeat(8))))?.messages).toHaveLength(3);
    const other = await s.holder('b2'.repeat(8));
    expect(other.name).not.toBe(a.name);
    expect(await s.copies.read(other)).toBeUndefined();
    // The same card with another PIN derives other keys (never reached: VERIFY fails first on the card).
    expect(await s.copies.read(await s.holder('a1'.repeat(8), '654321'))).toBeUndefined();
    expect(s.keys.challengeHex('T-1')).toBe(s.keys.challengeHex('T-1'));
    expect(s.keys.challengeHex('T-1')).not.toBe(s.keys.challengeHex('T-2'));
  });

  it('throws MailboxCopyError for any damaged byte, and for a copy renamed onto another holder', async () => {
    const s = await store();
    const a = await s.holder('a1'.repeat(8));
    await s.copies.write(a, { asOf: new Date(T0).toISOString(), messages: messages(2, T0, 20), readVoucher: VOUCHER });
    const file = path.join(s.dir, 'copies', `${a.name}.copy`);
    const good = await readFile(file);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const bad = Buffer.from(good);
        bad[at]! ^= flip;
        await writeFile(file, bad);
        await expect(s.copies.read(a)).rejects.toBeInstanceOf(MailboxCopyError);
      }),
      { numRuns: 60 },
    );
    await writeFile(file, good.subarray(0, 20));
    await expect(s.copies.read(a)).rejects.toBeInstanceOf(MailboxCopyError);
    const b = await s.holder('b2'.repeat(8));
    await writeFile(path.join(s.dir, 'copies', `${b.name}.copy`), good);
    await expect(s.copies.read(b)).rejects.toBeInstanceOf(MailboxCopyError);
  });

  it('keeps the newest maxMessages within maxAgeDays, and drops the oldest to fit maxBytesPerHolder', async () => {
    const s = await store({ maxMessages: 50, maxAgeDays: 2, maxBytesPerHolder: 8 * 1024 });
    const a = await s.holder('a1'.repeat(8));
    const all = [...messages(60, T0), { ...messages(1, T0 - 3 * DAY)[0]!, messageId: 'old' }];
    await s.copies.write(a, { asOf: new Date(T0).toISOString(), messages: all, readVoucher: VOUCHER });
    const kept = (await s.copies.read(a))!.messages;
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(50);
    expect(kept.map((m) => m.messageId)).toEqual(all.slice(0, kept.length).map((m) => m.messageId));
    const [file] = await s.files();
    expect((await readFile(path.join(s.dir, 'copies', file!))).length).toBeLessThanOrEqual(8 * 1024);
    // A day later the messages past two days are no longer shown.
    s.advance(DAY + 3_600_000);
    const later = (await s.copies.read(a))!.messages;
    expect(later.every((m) => Date.parse(m.receivedAt) >= s.now() - 2 * DAY)).toBe(true);
  });

  it('deletes the least recently opened copies beyond maxBytesTotal, never the one just written', async () => {
    const s = await store();
    const holders = await Promise.all(['a1', 'b2', 'c3', 'd4'].map((h) => s.holder(h.repeat(8))));
    for (const h of holders.slice(0, 3)) {
      await s.copies.write(h, { asOf: new Date(s.now()).toISOString(), messages: messages(10, s.now(), 100), readVoucher: VOUCHER });
      s.advance(60_000);
    }
    // Room for two and a half copies (all are the same size).
    const [first] = await s.files();
    s.settings.maxBytesTotal = Math.floor((await readFile(path.join(s.dir, 'copies', first!))).length * 2.5);
    // The first holder opens theirs again: now the second is the least recently used.
    expect(await s.copies.read(holders[0]!)).toBeDefined();
    s.advance(60_000);
    await s.copies.write(holders[3]!, { asOf: new Date(s.now()).toISOString(), messages: messages(10, s.now(), 100), readVoucher: VOUCHER });
    expect(await s.files()).toHaveLength(2);
    expect(await s.copies.read(holders[1]!)).toBeUndefined();
    expect(await s.copies.read(holders[2]!)).toBeUndefined();
    expect(await s.copies.read(holders[3]!)).toBeDefined();
    expect(await s.copies.read(holders[0]!)).toBeDefined();
  });

  it('purges copies not opened for maxAgeDays', async () => {
    const s = await store({ maxAgeDays: 30 });
    const a = await s.holder('a1'.repeat(8));
    const b = await s.holder('b2'.repeat(8));
    await s.copies.write(a, { asOf: new Date(s.now()).toISOString(), messages: messages(2, s.now()), readVoucher: VOUCHER });
    s.advance(20 * DAY);
    await s.copies.write(b, { asOf: new Date(s.now()).toISOString(), messages: messages(2, s.now()), readVoucher: VOUCHER });
    s.advance(11 * DAY);
    expect(await s.copies.purgeExpired()).toBe(1);
    expect(await s.files()).toEqual([`${b.name}.copy`]);
  });

  it('makes a new terminal salt when there is none, so copies under the old one no longer open', async () => {
    const s = await store();
    const a = await s.holder('a1'.repeat(8));
    await writeFile(path.join(s.dir, 'terminal-salt'), randomBytes(5));
    const fresh = new CopyKeySource(s.dir);
    await fresh.open();
    expect((await fresh.derive('a1'.repeat(8), '123456')).name).not.toBe(a.name);
  });
});
