import 'reflect-metadata';
import { Edict, EventHandler, InMemoryEventStore, On, type RebuildProgress } from '@edict/core';
import { Credit, Credited, Ledger, quietLogger, sleep } from '@edict/test-support';
import { LosableLeaseStore } from '../support/losable-lease-store';

@EventHandler('totals')
class Totals {
  total = 0;
  resets = 0;
  @On(Credited) onCredited(e: Credited) {
    this.total += e.amount;
  }
  reset() {
    this.total = 0;
    this.resets++;
  }
}

describe('rebuild', () => {
  it('resets a handler, replays the whole log with progress, and goes on live', async () => {
    const store = new InMemoryEventStore();
    const totals = new Totals();
    const edict = await Edict.create({
      store,
      aggregates: [Ledger],
      handlers: [totals],
      logger: quietLogger(),
      subscriptions: { batchSize: 10 },
    });
    for (let i = 1; i <= 45; i++) await edict.dispatch(Credit.of(`r${i % 3}`, i), { consistency: 'strong' });
    expect(totals.total).toBe((45 * 46) / 2);
    totals.total = -1_000; // a corrupted read model, which the rebuild must repair

    const progress: RebuildProgress[] = [];
    await edict.rebuild('totals', (p) => progress.push(p));
    expect(totals.resets).toBe(1);
    expect(totals.total).toBe((45 * 46) / 2);
    expect(progress[0]).toEqual({ handlerName: 'totals', done: 0, total: 45, truncated: 0 });
    expect(progress.at(-1)).toEqual({ handlerName: 'totals', done: 45, total: 45, truncated: 0 });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThan(3); // reported per batch, not only at the end

    await edict.dispatch(Credit.of('after', 1), { consistency: 'strong' });
    expect(totals.total).toBe((45 * 46) / 2 + 1);
    await edict.stop();
  });

  it('refuses to rebuild a handler that is not running in this process', async () => {
    const store = new InMemoryEventStore();
    const one = await Edict.create({
      store,
      aggregates: [Ledger],
      handlers: [new Totals()],
      logger: quietLogger(),
      closeStore: false,
    });
    await one.caughtUp();
    const two = await Edict.create({
      store,
      aggregates: [Ledger],
      handlers: [new Totals()],
      logger: quietLogger(),
      subscriptions: { standbyRetryMs: 20 },
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(two.rebuild('totals')).rejects.toMatchObject({
      code: 'HANDLER_NOT_ACTIVE',
      handlerName: 'totals',
      state: 'standby',
    });
    await expect(two.rebuild('nope')).rejects.toMatchObject({ code: 'UNKNOWN_HANDLER' });
    await Promise.all([one.stop(), two.stop()]);
  });

  describe('never leaves its caller waiting for good', () => {
    /** Totals that take a millisecond per event, so that a replay can be caught mid-way. */
    @EventHandler('slow-totals')
    class SlowTotals {
      total = 0;
      resets = 0;
      @On(Credited) async onCredited(e: Credited) {
        await sleep(1);
        this.total += e.amount;
      }
      reset() {
        this.total = 0;
        this.resets++;
      }
    }

    async function slowApp(store: InMemoryEventStore, totals: SlowTotals) {
      const edict = await Edict.create({
        store,
        aggregates: [Ledger],
        handlers: [totals],
        logger: quietLogger(),
        subscriptions: { batchSize: 10, standbyRetryMs: 20, pollIntervalMs: 20 },
      });
      for (let i = 1; i <= 60; i++) await edict.dispatch(Credit.of(`s${i % 3}`, i));
      await edict.caughtUp();
      return edict;
    }
    const midway = (progress: RebuildProgress[]) => async () => {
      while (!progress.some((p) => p.done > 0)) await sleep(2);
    };

    it('rejects when the application stops during the replay', async () => {
      const store = new InMemoryEventStore();
      const edict = await slowApp(store, new SlowTotals());
      const progress: RebuildProgress[] = [];
      const rebuilding = edict.rebuild('slow-totals', (p) => progress.push(p));
      rebuilding.catch(() => undefined);
      await midway(progress)();
      await edict.stop();
      await expect(rebuilding).rejects.toMatchObject({ code: 'HANDLER_FAILED', handlerName: 'slow-totals' });
    });

    it('rejects when the handler loses its lease to another process during the replay', async () => {
      const store = new LosableLeaseStore();
      const edict = await slowApp(store, new SlowTotals());
      const progress: RebuildProgress[] = [];
      const rebuilding = edict.rebuild('slow-totals', (p) => progress.push(p));
      rebuilding.catch(() => undefined);
      await midway(progress)();
      await store.lose!();
      await expect(rebuilding).rejects.toMatchObject({
        code: 'HANDLER_NOT_ACTIVE',
        handlerName: 'slow-totals',
        state: 'standby',
      });
      await edict.stop();
    });

    it('starts over for a second request during the replay, and resolves both at its end', async () => {
      const store = new InMemoryEventStore();
      const totals = new SlowTotals();
      const edict = await slowApp(store, totals);
      const progress: RebuildProgress[] = [];
      const first = edict.rebuild('slow-totals', (p) => progress.push(p));
      await midway(progress)();
      const second = edict.rebuild('slow-totals');
      await Promise.all([first, second]);
      expect(totals.resets).toBe(2);
      expect(totals.total).toBe((60 * 61) / 2);
      expect(progress.filter((p) => p.done === 0)).toHaveLength(2); // it began twice
      expect(progress.at(-1)).toEqual({ handlerName: 'slow-totals', done: 60, total: 60, truncated: 0 });
      await edict.stop();
    });
  });
});
