import { InMemoryEventStore } from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { Feed } from '../../../src/subscriptions/feed';
import { WakeUp } from '../../../src/subscriptions/wake-up';

/** Records the reads asked of it. */
class CountingStore extends InMemoryEventStore {
  readonly reads: number[] = [];
  failAfter: number | undefined;
  override readAll(afterPosition: number, limit: number) {
    this.reads.push(afterPosition);
    if (afterPosition === this.failAfter) return Promise.reject(new Error('read failed'));
    return super.readAll(afterPosition, limit);
  }
}

async function storeWith(events: number): Promise<CountingStore> {
  const store = new CountingStore();
  for (let i = 0; i < events; i++) {
    await store.append({ streamId: `s-${i % 3}`, expectedVersion: 'any', events: [newEvent()] });
  }
  return store;
}

describe('the feed', () => {
  it('reads batches after a position, and starts the next read while one is delivered', async () => {
    const store = await storeWith(25);
    const feed = new Feed(store, new WakeUp(), 10, 1_000);
    const first = await feed.read(0);
    expect(first.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(store.reads).toEqual([0, 10]); // the second batch is asked for already
    const second = await feed.read(10);
    expect(second[0]!.position).toBe(11);
    expect(store.reads).toEqual([0, 10, 20]); // read ahead was used, not asked again
    const third = await feed.read(20);
    expect(third.map((e) => e.position)).toEqual([21, 22, 23, 24, 25]);
    expect(feed.reachedEnd(third)).toBe(true);
    expect(feed.reachedEnd(second)).toBe(false);
    expect(store.reads).toEqual([0, 10, 20]); // a short batch reads nothing ahead
  });

  it('reads anew from another position than the one read ahead, or after drop()', async () => {
    const store = await storeWith(30);
    const feed = new Feed(store, new WakeUp(), 10, 1_000);
    await feed.read(0);
    expect((await feed.read(4))[0]!.position).toBe(5); // delivery stopped at 4
    expect(store.reads).toEqual([0, 10, 4, 14]);
    feed.drop();
    await feed.read(14);
    expect(store.reads).toEqual([0, 10, 4, 14, 14, 24]);
  });

  it('surfaces a failed read-ahead when it is used, never as an unhandled rejection', async () => {
    const store = await storeWith(20);
    store.failAfter = 10;
    const feed = new Feed(store, new WakeUp(), 10, 1_000);
    await feed.read(0);
    await new Promise((r) => setImmediate(r));
    await expect(feed.read(10)).rejects.toThrow('read failed');
  });

  it('at the end of the log, waits for an append or the poll interval', async () => {
    const store = await storeWith(2);
    const feed = new Feed(store, new WakeUp(), 10, 60_000);
    feed.open();
    await feed.read(0);
    let started = Date.now();
    const idle = feed.idle();
    await store.append({ streamId: 's-x', expectedVersion: 'any', events: [newEvent()] });
    await idle;
    expect(Date.now() - started).toBeLessThan(1_000);

    const polling = new Feed(store, new WakeUp(), 10, 40);
    await polling.read(0);
    started = Date.now();
    await polling.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    feed.close();
  });

  it('does not wait when an append came while it read', async () => {
    const store = await storeWith(2);
    const wakeUp = new WakeUp();
    const feed = new Feed(store, wakeUp, 10, 60_000);
    feed.open();
    const reading = feed.read(0);
    await store.append({ streamId: 's-x', expectedVersion: 'any', events: [newEvent()] });
    await reading;
    const started = Date.now();
    await feed.idle();
    expect(Date.now() - started).toBeLessThan(1_000);
    feed.close();
  });

  it('stops listening when closed', async () => {
    const store = await storeWith(1);
    const wakeUp = new WakeUp();
    const feed = new Feed(store, wakeUp, 10, 60_000);
    feed.open();
    feed.open(); // once only
    await store.append({ streamId: 's-x', expectedVersion: 'any', events: [newEvent()] });
    await new Promise((r) => setImmediate(r));
    expect(wakeUp.generation).toBe(1);
    feed.close();
    await store.append({ streamId: 's-x', expectedVersion: 'any', events: [newEvent()] });
    await new Promise((r) => setImmediate(r));
    expect(wakeUp.generation).toBe(1);
    expect(await feed.head()).toBe(3);
  });
});
