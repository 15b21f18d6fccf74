import 'reflect-metadata';
import {
  Edict,
  EventHandler,
  HandlerFailedError,
  InMemoryEventStore,
  On,
  StoreUnavailableError,
  type HandlerPlugin,
} from '@edict/core';
import { Credit, Credited, Ledger, quietLogger } from '@edict/test-support';

/** A plugin whose processor checks at start with `check`, then records the positions it processed. */
function checked(name: string, check: () => Promise<void>) {
  @EventHandler(name)
  class Checked {
    @On(Credited) credited() {}
  }
  const processed: number[] = [];
  let starts = 0;
  const plugin: HandlerPlugin = {
    name: 'checked',
    handlers: [new Checked()],
    processor: () => ({
      start: async () => {
        starts++;
        await check();
      },
      process: (_event, ctx) => {
        processed.push(ctx.position);
      },
    }),
  };
  return { plugin, processed, starts: () => starts };
}

const apps: Edict[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function app(store: InMemoryEventStore, plugin: HandlerPlugin, logger = quietLogger()) {
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    plugins: [plugin],
    logger,
    subscriptions: { pollIntervalMs: 20, standbyRetryMs: 20 },
  });
  apps.push(edict);
  return edict;
}

describe('an event processor’s start-up check', () => {
  it('stops the handler at once, before any event and without retries, when it fails', async () => {
    const store = new InMemoryEventStore();
    const { plugin, processed, starts } = checked('start.broken', () => Promise.reject(new Error('no table')));
    const logger = quietLogger();
    const edict = await app(store, plugin, logger);
    await expect(edict.caughtUp('start.broken')).rejects.toBeInstanceOf(HandlerFailedError);
    const [status] = await edict.status();
    expect(status).toMatchObject({ state: 'failed', lastError: { message: 'no table', attempts: 1 } });
    await edict.dispatch(Credit.of('a', 1));
    expect(processed).toEqual([]);
    expect(starts()).toBe(1);
  });

  it('is tried again after an outage, then the handler runs from its checkpoint', async () => {
    const store = new InMemoryEventStore();
    let outages = 2;
    const { plugin, processed, starts } = checked('start.outage', async () => {
      if (outages-- > 0) throw new StoreUnavailableError('start', new Error('connection refused'));
    });
    const edict = await app(store, plugin);
    await edict.dispatch(Credit.of('a', 1));
    await edict.caughtUp('start.outage');
    expect(processed).toEqual([1]);
    expect(starts()).toBe(3);
  });
});
