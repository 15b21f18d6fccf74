import { InMemoryEventStore } from '@edict/core';
import type { HandlerLease } from '@edict/core/spi';
import { LeaseHolder } from '../../../src/subscriptions/lease-holder';
import { Standby } from '../../../src/subscriptions/standby';
import { Waiters } from '../../../src/subscriptions/waiters';
import { WakeUp } from '../../../src/subscriptions/wake-up';

/** A lease whose loss the test decides. */
function losable(): { lease: HandlerLease; lose: () => void; released: () => number } {
  let lose!: () => void;
  let releases = 0;
  const lost = new Promise<void>((resolve) => (lose = resolve));
  return {
    lease: {
      lost,
      release: () => {
        releases++;
        return Promise.resolve();
      },
    },
    lose,
    released: () => releases,
  };
}

describe('the lease holder', () => {
  it('knows when the lease it holds was lost, and wakes the loop', async () => {
    const wakeUp = new WakeUp();
    const holder = new LeaseHolder(wakeUp);
    const first = losable();
    holder.hold(first.lease);
    first.lose();
    await Promise.resolve();
    expect([holder.lost, wakeUp.generation]).toEqual([true, 1]);
  });

  it('ignores the loss of a lease it no longer holds', async () => {
    const holder = new LeaseHolder(new WakeUp());
    const first = losable();
    holder.hold(first.lease);
    await holder.release();
    const second = losable();
    holder.hold(second.lease);
    first.lose();
    await Promise.resolve();
    expect(holder.lost).toBe(false);
    expect(first.released()).toBe(1);
  });

  it('keeps a lease past release() until releaseAll()', async () => {
    const store = new InMemoryEventStore();
    const holder = new LeaseHolder(new WakeUp());
    holder.hold((await store.tryLockHandler('h'))!);
    holder.keep();
    await holder.release();
    expect(await store.tryLockHandler('h')).toBeUndefined();
    await holder.releaseAll();
    expect(await store.tryLockHandler('h')).toBeDefined();
  });
});

describe('standby', () => {
  it('takes a free lease at once', async () => {
    const store = new InMemoryEventStore();
    const standby = new Standby(store, 'h', 1_000, new Waiters(), new WakeUp());
    let rounds = 0;
    expect(
      await standby.acquire(
        () => false,
        () => rounds++,
      ),
    ).toBeDefined();
    expect(rounds).toBe(0);
  });

  it("waits while another holds it, following the holder's checkpoint, and takes it once freed", async () => {
    const store = new InMemoryEventStore();
    const held = (await store.tryLockHandler('h'))!;
    await store.saveCheckpoint('h', 12);
    const waiters = new Waiters();
    const standby = new Standby(store, 'h', 20, waiters, new WakeUp());
    let rounds = 0;
    const taking = standby.acquire(
      () => false,
      () => rounds++,
    );
    await new Promise((r) => setTimeout(r, 70));
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(waiters.position).toBe(12);
    await held.release();
    expect(await taking).toBeDefined();
  });

  it('gives up when stopping', async () => {
    const store = new InMemoryEventStore();
    await store.tryLockHandler('h');
    const wakeUp = new WakeUp();
    let stopping = false;
    const standby = new Standby(store, 'h', 60_000, new Waiters(), wakeUp);
    const taking = standby.acquire(
      () => stopping,
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 10));
    stopping = true;
    wakeUp.wake();
    expect(await taking).toBeUndefined();
  });
});
