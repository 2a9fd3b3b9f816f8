import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PaymentError } from '../../src/common/payment/errors.ts';
import { SETTLED_RETENTION_MS } from '../../src/browser/payment/outbox.ts';
import { RECORD } from './fixtures.ts';
import { freshOutbox } from './outbox-support.ts';

const key = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('PaymentOutbox', () => {
  it('keeps records across a reopen (a restart) and lists unfinished ones oldest first', async () => {
    const factory = new IDBFactory();
    const a = freshOutbox(factory);
    await a.put({ ...RECORD, key: key(2), createdAt: 20 });
    await a.put({ ...RECORD, key: key(1), createdAt: 10, status: 'creating' });
    await a.put({ ...RECORD, key: key(3), status: 'paid' });
    a.close();
    const b = freshOutbox(factory);
    expect((await b.unfinished()).map((r) => r.key)).toEqual([key(1), key(2)]);
    expect(await b.get(key(3))).toMatchObject({ status: 'paid' });
  });

  it('finds records by reference, lists paid ones newest first and tells whether a bill is in doubt', async () => {
    const o = freshOutbox();
    await o.put({ ...RECORD, key: key(1), status: 'paid', reference: 'P1', updatedAt: 1 });
    await o.put({ ...RECORD, key: key(2), status: 'paid', reference: 'P2', updatedAt: 2 });
    expect((await o.byReference('P2'))?.key).toBe(key(2));
    expect((await o.paid()).map((r) => r.reference)).toEqual(['P2', 'P1']);
    expect(await o.inDoubt(RECORD.billId)).toBe(false);
    await o.put({ ...RECORD, key: key(3), status: 'unknown' });
    expect(await o.inDoubt(RECORD.billId)).toBe(true);
    expect(await o.inDoubt('another-bill')).toBe(false);
  });

  it('refuses an invalid record with a typed error and keeps what it had', async () => {
    const o = freshOutbox();
    await o.put(RECORD);
    await expect(o.put({ ...RECORD, key: 'not-a-key' })).rejects.toBeInstanceOf(PaymentError);
    await expect(o.put({ ...RECORD, amountFen: 1.5 })).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await o.all()).toEqual([RECORD]);
  });

  it('prunes old settled records but never an unfinished one', async () => {
    const o = freshOutbox();
    await o.put({ ...RECORD, key: key(1), status: 'paid', updatedAt: 0 });
    await o.put({ ...RECORD, key: key(2), status: 'unknown', updatedAt: 0 });
    await o.put({ ...RECORD, key: key(3), status: 'declined', updatedAt: SETTLED_RETENTION_MS });
    expect(await o.prune(SETTLED_RETENTION_MS + 1)).toBe(1);
    expect((await o.all()).map((r) => r.key).sort()).toEqual([key(2), key(3)]);
  });
});
