import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PaymentOutbox } from '../../src/browser/payment/outbox.ts';

/** An outbox on an in-memory IndexedDB; pass the same factory again to "restart". */
export function freshOutbox(factory = new IDBFactory()): PaymentOutbox {
  return new PaymentOutbox({ indexedDB: factory, IDBKeyRange });
}
