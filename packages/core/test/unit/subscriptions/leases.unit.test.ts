import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@edict/core';
import type { HandlerLease, LeaseFence, ProcessMember } from '@edict/core/spi';
import { quietLogger, sleep } from '@edict/test-support';
import { ProcessLeases } from '../../../src/leases/process-leases';
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
      fence: { handler: 'h', partition: 0, ownerId: randomUUID(), token: 1 },
      lost,
      record: () => Promise.resolve(),
      release: () => {
        releases++;
        return Promise.resolve();
      },
    },
    lose,
    released: () => releases,
  };
}

/** An in-memory store that counts renewals and can refuse them. */
class CountingStore extends InMemoryEventStore {
  renewals: { member: ProcessMember; held: readonly LeaseFence[] }[] = [];
  down = false;
  override async renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number) {
    this.renewals.push({ member, held });
    if (this.down) throw new Error('connect ECONNREFUSED');
    return super.renewLeases(member, held, periodMs);
  }
}

const other = () => ({ id: randomUUID(), host: 'other-host', pid: 2 });
const started: ProcessLeases[] = [];
const leasesOf = (store: InMemoryEventStore, periodMs = 300, handlers = ['h']) => {
  const leases = new ProcessLeases(store, periodMs, handlers, quietLogger());
  started.push(leases);
  leases.start();
  return leases;
};
afterEach(async () => {
  for (const leases of started.splice(0)) await leases.stop();
});

describe("a process's leases", () => {
  it('are renewed together, with the membership, in one call every third of the period', async () => {
    const store = new CountingStore();
    const leases = leasesOf(store, 300, ['a', 'b']);
    await leases.acquire('a', 0);
    await leases.acquire('b', 0);
    await leases.acquire('b', 1);
    store.renewals.length = 0;
    await sleep(350);
    expect(store.renewals.length).toBeGreaterThanOrEqual(2);
    expect(store.renewals.length).toBeLessThanOrEqual(4);
    expect(store.renewals.at(-1)!.held.map((f) => `${f.handler}/${f.partition}`)).toEqual(['a/0', 'b/0', 'b/1']);
    expect(store.renewals.at(-1)!.member.handlers).toEqual(['a', 'b']);
    // Renewed: nobody else could take them, though the period has passed.
    expect(await store.acquireLease(other(), 'a', 0, 1_000)).toBeUndefined();
    expect((await store.readProcesses()).map((p) => p.id)).toEqual([leases.owner.id]);
  });

  it('are one holder per (handler, partition) within the process too', async () => {
    const leases = leasesOf(new InMemoryEventStore());
    expect(await leases.acquire('h', 0)).toBeDefined();
    expect(await leases.acquire('h', 0)).toBeUndefined();
    expect(await leases.acquire('h', 1)).toBeDefined();
  });

  it('learn at the next renewal that another process took a lease', async () => {
    const store = new InMemoryEventStore();
    const leases = leasesOf(store, 300);
    const lease = (await leases.acquire('h'))!;
    let lost = false;
    void lease.lost.then(() => (lost = true));
    await store.releaseLease(lease.fence); // as an expiry would
    expect(await store.acquireLease(other(), 'h', 0, 60_000)).toBeDefined();
    await sleep(200);
    expect(lost).toBe(true);
    expect(leases.fenceOf('h')).toBeUndefined();
  });

  it('give a lease up here once it went a period without renewal (the store unreachable)', async () => {
    const store = new CountingStore();
    const leases = leasesOf(store, 300);
    const lease = (await leases.acquire('h'))!;
    let lost = false;
    void lease.lost.then(() => (lost = true));
    store.down = true;
    await sleep(150);
    expect(lost).toBe(false);
    await sleep(300);
    expect(lost).toBe(true);
  });

  it('record the holder state in the lease row, and release at once', async () => {
    const store = new InMemoryEventStore();
    const leases = leasesOf(store, 60_000);
    const lease = (await leases.acquire('h'))!;
    const at = new Date();
    await lease.record('retrying', { message: 'boom', position: 3, at });
    expect(await store.readLeases()).toMatchObject([
      { handler: 'h', state: 'retrying', owner: { id: leases.owner.id }, lastError: { message: 'boom', position: 3 } },
    ]);
    await lease.release();
    expect(await store.acquireLease(other(), 'h', 0, 60_000)).toBeDefined();
  });

  it('leave the membership on stop', async () => {
    const store = new InMemoryEventStore();
    const leases = leasesOf(store);
    await leases.renew();
    expect(await store.readProcesses()).toHaveLength(1);
    await leases.stop();
    expect(await store.readProcesses()).toEqual([]);
  });
});

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
    const leases = leasesOf(store, 60_000);
    const holder = new LeaseHolder(new WakeUp());
    holder.hold((await leases.acquire('h'))!);
    holder.keep();
    await holder.release();
    expect(await store.acquireLease(other(), 'h', 0, 60_000)).toBeUndefined();
    await holder.releaseAll();
    expect(await store.acquireLease(other(), 'h', 0, 60_000)).toBeDefined();
  });
});

describe('standby', () => {
  it('takes a free lease at once', async () => {
    const store = new InMemoryEventStore();
    const standby = new Standby(store, leasesOf(store), 'h', 1_000, new Waiters(), new WakeUp());
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
    const held = (await store.acquireLease(other(), 'h', 0, 60_000))!;
    await store.saveCheckpoint('h', 12);
    const waiters = new Waiters();
    const standby = new Standby(store, leasesOf(store), 'h', 20, waiters, new WakeUp());
    let rounds = 0;
    const taking = standby.acquire(
      () => false,
      () => rounds++,
    );
    await new Promise((r) => setTimeout(r, 70));
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(waiters.position).toBe(12);
    await store.releaseLease(held);
    expect(await taking).toBeDefined();
  });

  it('gives up when stopping', async () => {
    const store = new InMemoryEventStore();
    await store.acquireLease(other(), 'h', 0, 60_000);
    const wakeUp = new WakeUp();
    let stopping = false;
    const standby = new Standby(store, leasesOf(store), 'h', 60_000, new Waiters(), wakeUp);
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
