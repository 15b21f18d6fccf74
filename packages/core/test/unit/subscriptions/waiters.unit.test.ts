import { Waiters } from '../../../src/subscriptions/waiters';

const timeout = () => new Error('timed out');

describe('the waiters', () => {
  it('resolve once the position reaches theirs, and not before', async () => {
    const waiters = new Waiters();
    const settled: number[] = [];
    for (const p of [3, 5, 8]) void waiters.wait(p, 10_000, timeout).then(() => settled.push(p));
    expect(waiters.size).toBe(3);
    waiters.advance(4);
    await Promise.resolve();
    expect(settled).toEqual([3]);
    waiters.advance(8);
    await Promise.resolve();
    expect(settled).toEqual([3, 5, 8]);
    expect([waiters.position, waiters.size]).toEqual([8, 0]);
  });

  it('resolve at once for a position already reached', async () => {
    const waiters = new Waiters();
    waiters.advance(10);
    await expect(waiters.wait(10, 1, timeout)).resolves.toBeUndefined();
    expect(waiters.size).toBe(0);
  });

  it('reject with the timeout error after the timeout, and forget the waiter', async () => {
    const waiters = new Waiters();
    await expect(waiters.wait(1, 20, timeout)).rejects.toThrow('timed out');
    expect(waiters.size).toBe(0);
  });

  it('do not resolve when rewound', async () => {
    const waiters = new Waiters();
    waiters.advance(5);
    waiters.rewind(0);
    let resolved = false;
    void waiters.wait(3, 10_000, timeout).then(() => (resolved = true));
    await Promise.resolve();
    expect([resolved, waiters.position]).toEqual([false, 0]);
    waiters.advance(3);
    await Promise.resolve();
    expect(resolved).toBe(true);
  });

  it('reject everyone waiting, and every later wait, once closed', async () => {
    const waiters = new Waiters();
    const reason = new Error('stopped');
    const waiting = waiters.wait(5, 10_000, timeout);
    waiters.close(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(waiters.wait(6, 10_000, timeout)).rejects.toBe(reason);
    waiters.advance(2);
    await expect(waiters.wait(2, 10_000, timeout)).resolves.toBeUndefined();
  });
});
