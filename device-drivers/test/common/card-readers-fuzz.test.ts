/** Both card-reader drivers fed arbitrary bytes: a typed result every time, never a throw or a hang. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CcidReader } from '../../src/common/ccid/ccid-reader.ts';
import { encodeCcidFrame } from '../../src/common/ccid/frame.ts';
import { IdCardReader } from '../../src/common/id-reader/id-reader.ts';
import { encodeIdFrame } from '../../src/common/id-reader/frame.ts';
import { SocialSecurityCardReader } from '../../src/common/social-security-card/social-security-card-reader.ts';
import { FakeScheduler } from '../support/fake-scheduler.ts';
import { FakeTransport } from '../support/fake-transport.ts';

const ERRORS = ['no-card', 'card-removed', 'card-mute', 'not-social-security-card', 'wrong-pin', 'pin-blocked', 'unreadable', 'reader-absent'];

/** Answers the n-th write with the n-th scripted chunk (cycling); chunks may be noise or frames. */
function scripted(transport: FakeTransport, answers: Uint8Array[]): void {
  let n = 0;
  const write = transport.write.bind(transport);
  transport.write = async (bytes) => {
    await write(bytes);
    const answer = answers[n++ % answers.length]!;
    queueMicrotask(() => transport.emit(answer));
  };
}

async function settleWithTime<T>(scheduler: FakeScheduler, promise: Promise<T>): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true));
  // Every command gives up after timeout x attempts; 200 steps of 1 s is far beyond any read.
  for (let i = 0; i < 200 && !done; i++) await scheduler.advance(1000);
  expect(done).toBe(true);
  return promise;
}

describe('card-reader drivers under arbitrary input', { timeout: 120_000 }, () => {
  it('SocialSecurityCardReader always resolves to a CardReadResult', async () => {
    const ccidReply = fc
      .record({ type: fc.constantFrom(0x80, 0x81, 0x50, 0x6f), seq: fc.integer({ min: 0, max: 3 }), s: fc.integer({ min: 0, max: 255 }), e: fc.integer({ min: 0, max: 255 }), payload: fc.uint8Array({ maxLength: 40 }) })
      .map((r) => encodeCcidFrame({ type: r.type, slot: 0, seq: r.seq, params: [r.s, r.e, 0], payload: r.payload }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), ccidReply), { minLength: 1, maxLength: 12 }), fc.boolean(), async (answers, withPin) => {
        const transport = new FakeTransport();
        scripted(transport, answers);
        const scheduler = new FakeScheduler();
        const ccid = new CcidReader(transport, scheduler, { timeoutMs: 1000, retries: 1 });
        const result = await settleWithTime(scheduler, new SocialSecurityCardReader(ccid).read(withPin ? { pin: '123456' } : {}));
        if (!result.ok) expect(ERRORS).toContain(result.error);
      }),
      { numRuns: 60 },
    );
  });

  it('IdCardReader always resolves to a CardReadResult', async () => {
    const idReply = fc.uint8Array({ maxLength: 300 }).map((body) => encodeIdFrame(body));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), idReply), { minLength: 1, maxLength: 6 }), async (answers) => {
        const transport = new FakeTransport();
        scripted(transport, answers);
        const scheduler = new FakeScheduler();
        const result = await settleWithTime(scheduler, new IdCardReader(transport, scheduler, { timeoutMs: 1000, retries: 1 }).read());
        if (!result.ok) expect(ERRORS).toContain(result.error);
      }),
      { numRuns: 60 },
    );
  });
});
