import { InMemoryEventStore } from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { LogTail } from '../../../src/watch/log-tail';

class FlakyStore extends InMemoryEventStore {
  failing = false;
  reads = 0;
  override readAll(afterPosition: number, limit: number) {
    this.reads++;
    return this.failing ? Promise.reject(new Error('the store is down')) : super.readAll(afterPosition, limit);
  }
}

async function append(store: InMemoryEventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.append({ streamId: 's-1', expectedVersion: 'any', events: [newEvent()] });
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 1));
};

describe('the log tail', () => {
  it('starts at the head, keeps what is appended, and answers for positions from where it started', async () => {
    const store = new FlakyStore();
    await append(store, 5);
    const tail = new LogTail(store, 10, 1_000, 4);
    expect(tail.after(5, 10)).toBeUndefined(); // not started
    tail.join();
    await until(() => tail.head !== undefined);
    expect(tail.head).toBe(5);
    expect(tail.after(5, 10)).toEqual([]);
    expect(tail.after(4, 10)).toBeUndefined(); // older than what it holds: read the store
    await append(store, 3);
    await until(() => tail.head === 8);
    expect(tail.after(5, 10)!.map((e) => e.position)).toEqual([6, 7, 8]);
    expect(tail.after(6, 1)!.map((e) => e.position)).toEqual([7]);
    expect(tail.after(9, 10)).toEqual([]); // past the head: nothing yet
    tail.leave();
    await tail.stop();
  });

  it('keeps at most twice its capacity, then lets the oldest go', async () => {
    const store = new FlakyStore();
    const tail = new LogTail(store, 100, 1_000, 4);
    tail.join();
    await until(() => tail.head !== undefined);
    await append(store, 9);
    await until(() => tail.head === 9);
    // Nine events are more than twice four: it kept the last four.
    expect(tail.after(5, 10)!.map((e) => e.position)).toEqual([6, 7, 8, 9]);
    expect(tail.after(4, 10)).toBeUndefined();
    tail.leave();
    await tail.stop();
  });

  it('wakes waiters when it reads past their position; times out or is cancelled otherwise', async () => {
    const store = new FlakyStore();
    const tail = new LogTail(store, 10, 1_000, 10);
    tail.join();
    const moved = tail.wait(0);
    const timedOut = tail.wait(0, 20);
    const cancelled = tail.wait(0);
    cancelled.cancel();
    expect(await timedOut.moved).toBe(false);
    expect(await cancelled.moved).toBe(false);
    await append(store, 1);
    expect(await moved.moved).toBe(true);
    expect(await tail.wait(0).moved).toBe(true); // already past
    tail.leave();
    await tail.stop();
    expect(await tail.wait(5).moved).toBe(false); // stopped: nothing more will come
  });

  it('rejects its waiters when the store fails, and reads again on the next wait', async () => {
    const store = new FlakyStore();
    const tail = new LogTail(store, 10, 1_000, 10);
    tail.join();
    await until(() => tail.head !== undefined);
    store.failing = true;
    const waiting = tail.wait(0);
    await append(store, 1);
    await expect(waiting.moved).rejects.toThrow('the store is down');
    expect(tail.head).toBeUndefined();
    store.failing = false;
    expect(await tail.wait(0).moved).toBe(true);
    tail.leave();
    await tail.stop();
  });

  it('stops reading when the last reader leaves', async () => {
    const store = new FlakyStore();
    const tail = new LogTail(store, 10, 5, 10);
    tail.join();
    await until(() => store.reads > 2); // polling every 5 ms while someone reads
    tail.leave();
    await new Promise((r) => setTimeout(r, 20));
    const reads = store.reads;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.reads).toBe(reads);
    await tail.stop();
  });
});
