import 'reflect-metadata';
import {
  Edict,
  ErrorPolicy,
  EventHandler,
  InMemoryEventStore,
  On,
  StoreUnavailableError,
  type EventContext,
  type EventStore,
  type HandlerPlugin,
  type HandlerStatus,
} from '@edict/core';
import { MAX_PROCESS_BATCH, type ProcessItem } from '@edict/core/spi';
import { newEvent } from '@edict/core/testing';
import { Credit, Credited, Debit, Ledger, quietLogger, sleep } from '@edict/test-support';

const apps: Edict[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function app(store: EventStore, plugins: HandlerPlugin[] = [], batchSize = 1000) {
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    plugins,
    logger: quietLogger(),
    subscriptions: { pollIntervalMs: 20, standbyRetryMs: 20, batchSize },
  });
  apps.push(edict);
  return edict;
}

async function until(check: () => boolean | Promise<boolean>, ms = 3000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

/**
 * A plugin whose processor applies credits (not debits) to an in-memory "read model", one at a
 * time through `process` or a run at a time, all or nothing, through `processBatch`.
 * `failOn`: amount → failures left; a run holding such an amount fails without using one up
 * (a bug is a bug, in a run or alone); `process` uses one per throw.
 */
function tallies(name: string, errorPolicy: ErrorPolicy) {
  @EventHandler(name, { errorPolicy })
  class Tally {
    @On(Credited) credited() {}
  }
  const model = {
    /** Positions applied, in order. */
    applied: [] as number[],
    /** Each successful run, as the positions it applied. */
    runs: [] as number[][],
    /** Positions given to `process`. */
    singles: [] as number[],
    failOn: new Map<number, number>(),
    /** `processBatch` throws a StoreUnavailableError while this is above 0, counting down. */
    outages: 0,
  };
  const amount = (event: object) => (event as Credited).amount;
  const plugin: HandlerPlugin = {
    name: 'tallies',
    handlers: [new Tally()],
    processor: () => ({
      process(event: object, ctx: EventContext) {
        model.singles.push(ctx.position);
        const left = model.failOn.get(amount(event)) ?? 0;
        if (left > 0) {
          model.failOn.set(amount(event), left - 1);
          throw new Error(`cannot take ${amount(event)}`);
        }
        model.applied.push(ctx.position);
      },
      async processBatch(items: readonly ProcessItem[]) {
        await sleep(0);
        if (model.outages > 0) {
          model.outages--;
          throw new StoreUnavailableError('tallies', new Error('connect ECONNREFUSED'));
        }
        for (const { event } of items) {
          if ((model.failOn.get(amount(event)) ?? 0) > 0) throw new Error(`cannot take ${amount(event)} in a run`);
        }
        const positions = items.map((i) => i.ctx.position);
        model.applied.push(...positions);
        model.runs.push(positions);
      },
    }),
  };
  return { plugin, model };
}

/** Appends credits of 1..n (and a debit after every fourth), returns the credits' positions by amount. */
async function history(store: EventStore, n: number): Promise<Map<number, number>> {
  const writer = await app(store);
  const credits = new Map<number, number>();
  for (let amount = 1; amount <= n; amount++) {
    const result = await writer.dispatch(Credit.of(`l${amount % 3}`, amount));
    credits.set(amount, result.events[0]!.position);
    if (amount % 4 === 0) await writer.dispatch(Debit.of(`l${amount % 3}`, 1));
  }
  await writer.stop();
  return credits;
}

const statusOf = async (edict: Edict, name: string) =>
  (await edict.status()).find((s) => s.name === name) as HandlerStatus;

describe('a processor with processBatch', () => {
  it('gets the events it handles in runs of at most MAX_PROCESS_BATCH, each once, in order', async () => {
    const store = new InMemoryEventStore();
    const credits = await history(store, 250);
    const { plugin, model } = tallies('runs', ErrorPolicy.stop());
    const edict = await app(store, [plugin]);
    await edict.caughtUp('runs');

    expect(model.applied).toEqual([...credits.values()]);
    expect(model.singles).toEqual([]);
    expect(model.runs.length).toBe(Math.ceil(250 / MAX_PROCESS_BATCH));
    for (const run of model.runs) expect(run.length).toBeLessThanOrEqual(MAX_PROCESS_BATCH);
    const head = await store.headPosition();
    expect(await statusOf(edict, 'runs')).toMatchObject({ position: head, lag: 0, caughtUp: true });
    expect(await store.loadCheckpoint('runs')).toBe(head);

    // Live: strong consistency waits for the events through whichever path they take.
    const more = await edict.dispatch(Credit.of('l1', 1000), { consistency: 'strong' });
    expect(model.applied.at(-1)).toBe(more.events[0]!.position);
  });

  it('retry: a failed run is delivered one event at a time, the failing one retried; runs resume after it', async () => {
    const store = new InMemoryEventStore();
    const credits = await history(store, 60);
    const { plugin, model } = tallies('retry', ErrorPolicy.retry({ attempts: 5, initialDelayMs: 5, maxDelayMs: 10 }));
    model.failOn.set(20, 2);
    const edict = await app(store, [plugin]);
    await edict.caughtUp('retry');

    expect(model.applied).toEqual([...credits.values()]);
    // One at a time from the run's start to the failing event (tried three times), then runs again.
    const failing = credits.get(20)!;
    expect(model.singles).toEqual([...[...credits.values()].filter((p) => p < failing), failing, failing, failing]);
    expect(model.runs).toEqual([[...credits.values()].filter((p) => p > failing)]);
    const status = await statusOf(edict, 'retry');
    expect(status).toMatchObject({
      state: 'live',
      lastError: { message: 'cannot take 20', attempts: 2, position: failing },
    });
  });

  it('skip: only the failing event of a failed run becomes a dead letter', async () => {
    const store = new InMemoryEventStore();
    const credits = await history(store, 30);
    const { plugin, model } = tallies('skip', ErrorPolicy.skip());
    model.failOn.set(7, Infinity);
    const edict = await app(store, [plugin]);
    await edict.caughtUp('skip');

    const failing = credits.get(7)!;
    expect(model.applied).toEqual([...credits.values()].filter((p) => p !== failing));
    const letters = await edict.deadLetters('skip');
    expect(letters.map((l) => [l.event.position, l.attempts, l.error.message])).toEqual([
      [failing, 1, 'cannot take 7'],
    ]);
    expect(await statusOf(edict, 'skip')).toMatchObject({ deadLettered: 1, position: await store.headPosition() });
  });

  it('stop: the events of the failed run before the failing one are applied once, the checkpoint stops before it', async () => {
    const store = new InMemoryEventStore();
    const credits = await history(store, 30);
    const { plugin, model } = tallies('stop', ErrorPolicy.stop());
    model.failOn.set(9, Infinity);
    const edict = await app(store, [plugin]);
    await expect(edict.caughtUp('stop')).rejects.toMatchObject({ code: 'HANDLER_FAILED' });

    const failing = credits.get(9)!;
    expect(model.applied).toEqual([...credits.values()].filter((p) => p < failing));
    const status = await statusOf(edict, 'stop');
    expect(status).toMatchObject({
      state: 'failed',
      position: failing - 1,
      lastError: { message: 'cannot take 9', attempts: 1, position: failing },
    });
    await edict.stop();
    expect(await store.loadCheckpoint('stop')).toBe(failing - 1);
  });

  it('cuts a run at an event that cannot be decoded, which goes alone to the error policy', async () => {
    const store = new InMemoryEventStore();
    await store.append({
      streamId: 'ledger-raw',
      expectedVersion: 'no-stream',
      events: Array.from({ length: 10 }, (_, i) =>
        newEvent('test.Credited', {
          ledgerId: 'raw',
          amount: i + 1,
          ...(i === 4 ? { at: { $date: 'not a date' } } : {}),
        }),
      ),
    });
    const { plugin, model } = tallies('undecodable', ErrorPolicy.skip());
    const edict = await app(store, [plugin]);
    await edict.caughtUp('undecodable');

    expect(model.runs).toEqual([
      [1, 2, 3, 4],
      [6, 7, 8, 9, 10],
    ]);
    expect(model.singles).toEqual([]);
    const letters = await edict.deadLetters('undecodable');
    expect(letters.map((l) => [l.event.position, l.error.code])).toEqual([[5, 'CORRUPT_EVENT']]);
  });

  it('an outage in a run is an outage: no fallback, no error policy, the run is delivered again', async () => {
    const store = new InMemoryEventStore();
    const credits = await history(store, 20);
    const { plugin, model } = tallies('outage', ErrorPolicy.stop());
    model.outages = 2;
    const edict = await app(store, [plugin]);
    await until(() => model.applied.length === credits.size, 5000);

    expect(model.applied).toEqual([...credits.values()]);
    expect(model.singles).toEqual([]);
    expect((await statusOf(edict, 'outage')).state).not.toBe('failed');
    expect(await edict.deadLetters('outage')).toEqual([]);
  });
});
