import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InlineSignatureVerifier, WorkerSignatureVerifier } from '../../src/terminals/signature-verifier.ts';
import type { SignatureVerifier } from '../../src/terminals/signature-verifier.ts';

function terminalKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { publicKey: x, sign: (message: string) => new Uint8Array(sign(null, Buffer.from(message), privateKey)) };
}

const a = terminalKey();
const b = terminalKey();
const message = 'POST\n/api/terminal/v1/heartbeat\nterm-1\n1790000000000\nnonce-0123456789abcdef\ne3b0c442';

/** A mix the way a busy server sees it: good requests and every kind of bad one, interleaved. */
function mixedChecks(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const text = `${message}\n${i}`;
    switch (i % 5) {
      case 0:
        return { args: [a.publicKey, text, a.sign(text)] as const, valid: true };
      case 1:
        return { args: [b.publicKey, text, a.sign(text)] as const, valid: false }; // another terminal's key
      case 2:
        return { args: [a.publicKey, text + 'tampered', a.sign(text)] as const, valid: false };
      case 3:
        return { args: ['not-a-key', text, a.sign(text)] as const, valid: false };
      default:
        return { args: [b.publicKey, text, b.sign(text).subarray(0, 63)] as const, valid: false };
    }
  });
}

const verifiers: SignatureVerifier[] = [];
// A worker that failed to start would still give right answers (inline): count failures too.
const workerFailures: unknown[] = [];
afterEach(async () => {
  await Promise.all(verifiers.splice(0).map((v) => v.close()));
});

describe.each([
  ['inline', () => new InlineSignatureVerifier()],
  ['worker thread', () => new WorkerSignatureVerifier({ onWorkerFailure: (e) => workerFailures.push(e) })],
])('signature verifier (%s)', (_name, make) => {
  it('accepts each valid signature and refuses wrong keys, tampered text, bad keys and short signatures', async () => {
    const v = make();
    verifiers.push(v);
    const checks = mixedChecks(50);
    expect(await Promise.all(checks.map((c) => v.verify(...c.args)))).toEqual(checks.map((c) => c.valid));
    expect(workerFailures).toEqual([]);
  });

  it('answers every request of a burst with its own result, and later ones too', async () => {
    const v = make();
    verifiers.push(v);
    const burst = mixedChecks(400);
    expect(await Promise.all(burst.map((c) => v.verify(...c.args)))).toEqual(burst.map((c) => c.valid));
    expect(await v.verify(a.publicKey, message, a.sign(message))).toBe(true);
    expect(workerFailures).toEqual([]);
  });
});

describe('signature verifier on a worker that fails', () => {
  it('checks the batch in flight inline, reports the failure and keeps answering correctly', async () => {
    const failures: unknown[] = [];
    // A worker that dies on its first batch, every time it is started.
    const v = new WorkerSignatureVerifier({ onWorkerFailure: (e) => failures.push(e), restartAfterMs: 0, workerSource: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));" });
    verifiers.push(v);
    const first = mixedChecks(20);
    expect(await Promise.all(first.map((c) => v.verify(...c.args)))).toEqual(first.map((c) => c.valid));
    expect(String(failures[0])).toMatch(/exited with code 3/);
    const second = mixedChecks(20);
    expect(await Promise.all(second.map((c) => v.verify(...c.args)))).toEqual(second.map((c) => c.valid));
    expect(failures.length).toBe(2);
  });

  it('does not restart a failing worker more often than allowed; checks run inline meanwhile', async () => {
    const failures: unknown[] = [];
    const v = new WorkerSignatureVerifier({ onWorkerFailure: (e) => failures.push(e), restartAfterMs: 60_000, workerSource: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));" });
    verifiers.push(v);
    for (let round = 0; round < 3; round++) {
      const checks = mixedChecks(10);
      expect(await Promise.all(checks.map((c) => v.verify(...c.args)))).toEqual(checks.map((c) => c.valid));
    }
    expect(failures.length).toBe(1);
  });

  it('answers checks still waiting when it is closed, and checks inline after that', async () => {
    const v = new WorkerSignatureVerifier();
    const pending = mixedChecks(30).map((c) => ({ result: v.verify(...c.args), valid: c.valid }));
    await v.close();
    expect(await Promise.all(pending.map((p) => p.result))).toEqual(pending.map((p) => p.valid));
    expect(await v.verify(a.publicKey, message, a.sign(message))).toBe(true);
  });
});
