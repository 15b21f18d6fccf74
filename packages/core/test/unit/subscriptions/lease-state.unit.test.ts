import { randomUUID } from 'node:crypto';
import { Edict, ErrorPolicy, EventHandler, InMemoryEventStore, On } from '@edict/core';
import type { LeaseError, LeaseFence, LeaseState } from '@edict/core/spi';
import { Credit, Credited, Ledger, quietLogger, sleep } from '@edict/test-support';

/** An in-memory store that keeps every state a holder records. */
class RecordingStore extends InMemoryEventStore {
  readonly recorded: LeaseState[] = [];
  override recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError) {
    this.recorded.push(state);
    return super.recordLeaseState(fence, state, lastError);
  }
}

@EventHandler('lease-state')
class Counting {
  seen = 0;
  @On(Credited) onCredited() {
    this.seen++;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 5_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('not reached in time');
    await sleep(10);
  }
}

describe('a handler holding its lease', () => {
  it('writes its state into the lease row on each transition, never per event', async () => {
    const store = new RecordingStore();
    const setup = await Edict.create({ store, aggregates: [Ledger], logger: quietLogger() });
    for (let i = 1; i <= 40; i++) await setup.dispatch(Credit.of('s', 100 + i));
    await setup.stop();
    const handler = new Counting();
    const edict = await Edict.create({
      store,
      aggregates: [Ledger],
      handlers: [handler],
      logger: quietLogger(),
      subscriptions: { batchSize: 7, pollIntervalMs: 20, standbyRetryMs: 20, leasePeriodMs: 60_000 },
      closeStore: false,
    });
    await edict.caughtUp('lease-state');
    for (let i = 1; i <= 20; i++) await edict.dispatch(Credit.of('s', 200 + i), { consistency: 'strong' });
    // 60 events: two transitions recorded, not sixty writes.
    expect(handler.seen).toBe(60);
    expect(store.recorded).toEqual(['catching-up', 'live']);
    expect(await store.readLeases()).toMatchObject([{ handler: 'lease-state', partition: 0, state: 'live' }]);
    await edict.stop();
    // A graceful stop lets go at once: another process takes the lease without waiting for expiry.
    expect(await store.readLeases()).toMatchObject([{ state: 'released' }]);
    expect(await store.acquireLease({ id: randomUUID(), host: 'next', pid: 2 }, 'lease-state', 0, 1_000)).toBeDefined();
  });

  it('records retrying and failed, with the last error, and keeps renewing the lease it keeps when failed', async () => {
    const store = new RecordingStore();
    @EventHandler('lease-failing', {
      errorPolicy: ErrorPolicy.retry({ attempts: 2, initialDelayMs: 5, maxDelayMs: 5, then: 'stop' }),
    })
    class Failing {
      @On(Credited) onCredited(e: Credited) {
        if (e.amount === 13) throw new Error('unlucky 13');
      }
    }
    const edict = await Edict.create({
      store,
      aggregates: [Ledger],
      handlers: [new Failing()],
      logger: quietLogger(),
      subscriptions: { batchSize: 7, pollIntervalMs: 20, standbyRetryMs: 20, leasePeriodMs: 300 },
    });
    await edict.caughtUp('lease-failing');
    await edict.dispatch(Credit.of('f', 13));
    await until(async () => (await store.readLeases())[0]?.state === 'failed');
    expect(store.recorded).toEqual(['catching-up', 'live', 'retrying', 'failed']);
    const [lease] = await store.readLeases();
    expect(lease).toMatchObject({ lastError: { message: 'unlucky 13', position: 1 } });
    // Failed, it keeps the lease: renewed past several periods, so no other process retries the event.
    await sleep(700);
    expect(
      await store.acquireLease({ id: randomUUID(), host: 'next', pid: 2 }, 'lease-failing', 0, 1_000),
    ).toBeUndefined();
    await edict.stop();
  });
});
