/**
 * The idle wipe on the privileged side: after `endSession` the holder session is gone here and
 * on the server, the card is powered down, and no string of the holder (name, ID number) is
 * left anywhere in this process's heap. The PIN goes to the card only: it is in no log line,
 * bridge event, file of the data dir (event outbox included) or server request.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { getHeapSnapshot } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/node/kiosk-core.ts';
import { GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { holderCore, Person } from '../../support/holder-fakes.ts';

const cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

const reversed = (s: string) => [...s].reverse().join('');

/**
 * Strings in the heap that contain any of `needles`, given reversed so that this test does not
 * itself keep the strings it is looking for alive. Taking a snapshot collects garbage first.
 */
async function heapStringsContaining(needlesReversed: string[]): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { strings: string[] };
  chunks.length = 0;
  const found = new Set<string>();
  for (const s of snapshot.strings) {
    const r = reversed(s);
    for (const n of needlesReversed) if (r.includes(n)) found.add(`${n.length}-char needle in a ${s.length}-char string`);
  }
  return [...found];
}

async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'latin1')));
  return texts.join('\n');
}

describe('the wipe on the privileged side', () => {
  it('forgets the holder: session ended here and on the server, card powered down, nothing of the person left in the heap', { timeout: 120_000 }, async () => {
    const k = await holderCore();
    cores.push(k.core);
    // The person exists only as a seed here; their strings are made by the card when read.
    const person = new Person(Date.now() % 100_000);
    const needles = [reversed(person.citizenId()), reversed(person.name())];
    const pin = String(100_000 + (Date.now() % 800_000));
    k.devices.insert(person, pin);
    expect(await k.core.handlers['socialSecurity.open']({ pin })).toMatchObject({ outcome: 'opened' });
    expect(await k.core.handlers['socialSecurity.contributions']({ from: '2026-01', to: '2026-03' })).toMatchObject({ ok: true });
    await k.core.handlers['terminal.reportEvent']({ type: 'service-used', detail: { service: 'social-security' } });
    // Without the wipe the heap still holds the person (the proof the server saw, at least):
    // the search below can find them.
    expect(await heapStringsContaining(needles)).not.toEqual([]);

    await k.core.handlers.endSession(undefined);
    expect(k.devices.endSessions).toBe(1);
    expect(k.server.ended).toBe(1);
    expect(k.server.sessions.size).toBe(0);
    expect(await k.core.handlers['socialSecurity.cardStatus'](undefined)).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });

    // The PIN never left for anywhere but the card.
    const everywhere = [k.log.join('\n'), JSON.stringify(k.events), k.server.everything(), await filesUnder(k.dataDir)];
    for (const text of everywhere) expect(text).not.toContain(pin);

    // The server's request log is the server's, not the kiosk's; the card reader is the device's.
    k.server.requests.length = 0;
    k.devices.card = undefined;
    expect(await heapStringsContaining(needles)).toEqual([]);
  });

  it('forgets the mailbox too: no decrypted message left in the heap after the wipe, and none in plain text on disk', { timeout: 120_000 }, async () => {
    const k = await holderCore();
    cores.push(k.core);
    const seed = Date.now() % 100_000;
    const person = new Person(seed);
    const pin = String(100_000 + ((Date.now() + 7) % 800_000));
    // Subject and body are made at run time and kept here only reversed (like the needles above).
    const message = { messageId: `m-${seed}`, kind: 'bill-reminder', title: `水费提醒 ${person.name()} ${seed * 7}`, sender: '浦江自来水公司', receivedAt: new Date().toISOString(), read: false, body: `尊敬的${person.name()}：账户 ${seed * 13} 待缴 ${seed % 97} 元` };
    const needles = [reversed(message.title), reversed(message.body)];
    k.server.canned.set(GATEWAY_PATHS.mailboxRecent, { status: 200, body: { messages: [structuredClone(message)], asOf: new Date().toISOString(), readVoucher: 'v'.repeat(43) } });
    message.title = message.body = '';
    k.devices.insert(person, pin, '3.00');
    expect(await k.core.handlers['mailbox.open']({ pin })).toMatchObject({ outcome: 'opened', source: 'server', offlineCopy: 'kept' });
    // The copy opens offline and holds the message; the heap now has it decrypted.
    k.server.offline = true;
    expect(await k.core.handlers['mailbox.open']({ pin })).toMatchObject({ outcome: 'opened', source: 'offline-copy' });
    const bodyShown = async () => {
      const read = await k.core.handlers['mailbox.read']({ messageId: message.messageId });
      return read.ok && reversed(read.value.body) === needles[1];
    };
    expect(await bodyShown()).toBe(true);
    expect(await heapStringsContaining(needles)).not.toEqual([]);

    await k.core.handlers.endSession(undefined);
    expect(await k.core.handlers['mailbox.list'](undefined)).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });
    const disk = await filesUnder(k.dataDir);
    const utf8AsRead = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    for (const n of needles) expect(disk.includes(utf8AsRead(reversed(n)))).toBe(false);
    expect(disk.includes(utf8AsRead(person.name()))).toBe(false);
    expect(disk).not.toContain(pin);
    // What the fake server and card reader hold is theirs, not the kiosk's.
    k.server.canned.clear();
    k.server.requests.length = 0;
    k.devices.card = undefined;
    // The earlier search parsed a snapshot holding the message; one more collection lets its leftovers go.
    await heapStringsContaining([]);
    expect(await heapStringsContaining(needles)).toEqual([]);
  });
});
