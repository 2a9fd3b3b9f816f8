import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../src/common/command-queue.ts';
import { FakeScheduler } from '../support/fake-scheduler.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CommandQueue', () => {
  it('runs commands one at a time, in order, past a failed one', async () => {
    const queue = new CommandQueue(new FakeScheduler());
    const first = deferred<string>();
    const started: string[] = [];
    const a = queue.run(() => (started.push('a'), first.promise));
    const b = queue.run(async () => (started.push('b'), 'b'));
    await Promise.resolve();
    expect(started).toEqual(['a']);
    expect(queue.idle).toBe(false);
    first.reject(new Error('reader gone'));
    await expect(a).rejects.toThrow('reader gone');
    await expect(b).resolves.toBe('b');
    expect(started).toEqual(['a', 'b']);
    expect(queue.idle).toBe(true);
  });

  it('polls only while no command is running or waiting, and never after stop', async () => {
    const scheduler = new FakeScheduler();
    const queue = new CommandQueue(scheduler);
    let polls = 0;
    queue.pollWhileIdle(500, async () => {
      polls++;
    });
    queue.pollWhileIdle(500, async () => {
      polls += 100; // a second call changes nothing
    });
    await scheduler.advance(1_000);
    expect(polls).toBe(2);
    const read = deferred<void>();
    const session = queue.run(() => read.promise);
    await scheduler.advance(1_500);
    expect(polls).toBe(2);
    read.resolve();
    await session;
    await scheduler.advance(500);
    expect(polls).toBe(3);
    queue.stop();
    await scheduler.advance(5_000);
    expect(polls).toBe(3);
    expect(scheduler.pendingTimers).toBe(0);
  });
});
