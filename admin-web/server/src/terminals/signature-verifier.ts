import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * Checks terminals' Ed25519 signatures: the public key as base64url (32 bytes), the signed
 * text (UTF-8 on the wire) and the 64-byte signature.
 */
export interface SignatureVerifier {
  verify(publicKey: string, message: string, signature: Uint8Array): Promise<boolean>;
  close(): Promise<void>;
}

// Bounds the imported-key caches: one entry per enrolled terminal.
const MAX_CACHED_KEYS = 50_000;

/** On the calling thread, with imported keys cached: for one-core machines and as the fallback. */
export class InlineSignatureVerifier implements SignatureVerifier {
  private readonly keys = new Map<string, KeyObject | null>();

  async verify(publicKey: string, message: string, signature: Uint8Array): Promise<boolean> {
    return this.check(publicKey, message, signature);
  }

  check(publicKey: string, message: string, signature: Uint8Array): boolean {
    let key = this.keys.get(publicKey);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
      } catch {
        key = null;
      }
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      this.keys.set(publicKey, key);
    }
    return key !== null && signature.length === 64 && verify(null, Buffer.from(message), key, signature);
  }

  async close(): Promise<void> {}
}

// The worker's whole program. A string rather than a module file, so it runs the same under
// tsx, the test runner and a bundle; it is the inline verifier's check, batch by batch.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function check(publicKey, message, signature) {
  let key = keys.get(publicKey);
  if (key === undefined) {
    try { key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' }); } catch { key = null; }
    if (keys.size >= ${MAX_CACHED_KEYS}) keys.clear();
    keys.set(publicKey, key);
  }
  return key !== null && signature.length === 64 && verify(null, Buffer.from(message), key, signature);
}
parentPort.on('message', (batch) => {
  const results = new Uint8Array(batch.length);
  for (let i = 0; i < batch.length; i++) results[i] = check(batch[i][0], batch[i][1], batch[i][2]) ? 1 : 0;
  parentPort.postMessage(results);
});
`;

// Strings and a 64-byte array of its own: cheap to copy to the worker (a view into Node's
// shared buffer pool would copy the whole pool).
type Check = [publicKey: string, message: string, signature: Uint8Array];

interface Pending {
  check: Check;
  resolve(ok: boolean): void;
}

export interface WorkerVerifierOptions {
  /** Told when the worker fails; checks go on inline meanwhile. */
  onWorkerFailure?: (err: unknown) => void;
  /** Least time between worker starts, so a worker that keeps failing is not respawned in a loop. */
  restartAfterMs?: number;
  /** The worker's program; replaced only by fault tests. */
  workerSource?: string;
}

/**
 * On a worker thread, so an Ed25519 check (about 80 µs) does not hold the event loop: the
 * checks asked for in one turn go over as one message, one batch at a time, and what arrives
 * meanwhile makes the next batch. If the worker fails, its batch and everything after it is
 * checked inline, and a new worker is started on a later batch.
 */
export class WorkerSignatureVerifier implements SignatureVerifier {
  private readonly inline = new InlineSignatureVerifier();
  private worker: Worker | undefined;
  private lastStart = -Infinity;
  private queue: Pending[] = [];
  private inFlight: Pending[] | undefined;
  private scheduled = false;
  private closed = false;

  constructor(private readonly options: WorkerVerifierOptions = {}) {}

  verify(publicKey: string, message: string, signature: Uint8Array): Promise<boolean> {
    if (this.closed) return this.inline.verify(publicKey, message, signature);
    return new Promise((resolve) => {
      this.queue.push({ check: [publicKey, message, signature.slice()], resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.send();
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.fallBack();
    await worker?.terminate();
  }

  private send(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const worker = this.worker ?? this.start();
    if (!worker) return this.fallBack();
    const batch = this.queue;
    this.queue = [];
    this.inFlight = batch;
    worker.postMessage(batch.map((p) => p.check));
  }

  private start(): Worker | undefined {
    const t = performance.now();
    if (this.closed || t - this.lastStart < (this.options.restartAfterMs ?? 1000)) return undefined;
    this.lastStart = t;
    const worker = new Worker(this.options.workerSource ?? WORKER_SOURCE, { eval: true });
    // Idle, it must not keep the process alive; a batch in flight holds the request anyway.
    worker.unref();
    worker.on('message', (results: Uint8Array) => {
      const batch = this.inFlight ?? [];
      this.inFlight = undefined;
      batch.forEach((p, i) => p.resolve(results[i] === 1));
      this.send();
    });
    worker.on('error', (err) => this.failed(worker, err));
    worker.on('exit', (code) => this.failed(worker, new Error(`signature worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failed(worker: Worker, err: unknown): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.closed) this.options.onWorkerFailure?.(err);
    this.fallBack();
  }

  /** Checks the batch in flight and the queue on this thread: nobody waits on a dead worker. */
  private fallBack(): void {
    const pending = [...(this.inFlight ?? []), ...this.queue];
    this.inFlight = undefined;
    this.queue = [];
    for (const p of pending) p.resolve(this.inline.check(...p.check));
  }
}
