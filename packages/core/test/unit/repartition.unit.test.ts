import 'reflect-metadata';
import {
  Edict,
  ErrorPolicy,
  EventHandler,
  InMemoryEventStore,
  On,
  PartitionCountChangedError,
  RepartitionRefusedError,
  StoreUnavailableError,
  UnknownHandlerError,
  type EventStore,
} from '@edict/core';
import {
  Credited,
  credit,
  recorder,
  repartitionApp,
  repartitionSuite,
  settled,
  type Delivery,
} from '@edict/test-support';

repartitionSuite('InMemoryEventStore', () => Promise.resolve(new InMemoryEventStore()));

const apps: Edict[] = [];
async function app(store: EventStore, handlers: object[], runHandlers?: string[]): Promise<Edict> {
  const edict = await repartitionApp(store, handlers, runHandlers);
  apps.push(edict);
  return edict;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

/** A store whose handler `name` ran with `count` partitions over 12 events, stopped. */
async function ranWith(name: string, count: number, store = new InMemoryEventStore()): Promise<InMemoryEventStore> {
  const edict = await app(store, [recorder(name, count, 'stream', [])]);
  await credit(edict, 4, 3);
  await settled(edict, store, name);
  await edict.stop();
  return store;
}

describe('a changed partition count at start', () => {
  it.each([
    [4, 2],
    [1, 3],
    [3, 1],
  ])(
    'refuses Edict.create when the checkpoints are of %i partitions and %i are declared, writing nothing',
    async (stored, declared) => {
      const store = await ranWith('c.changed', stored);
      const before = await store.readHandlerCheckpoints('c.changed');
      const seen: Delivery[] = [];
      const starting = app(store, [recorder('c.changed', declared, 'stream', seen)]);
      await expect(starting).rejects.toBeInstanceOf(PartitionCountChangedError);
      await expect(starting).rejects.toMatchObject({
        code: 'PARTITION_COUNT_CHANGED',
        handlerName: 'c.changed',
        storedPartitions: stored,
        declaredPartitions: declared,
      });
      await expect(starting).rejects.toThrow(`edict repartition c.changed --partitions ${declared} --config`);
      expect(await store.readHandlerCheckpoints('c.changed')).toEqual(before);
      expect(seen).toEqual([]);
    },
  );

  it('starts a handler whose checkpoints are of the declared count, and one that has none', async () => {
    const store = await ranWith('c.same', 4);
    const edict = await app(store, [recorder('c.same', 4, 'stream', []), recorder('c.new', 2, 'stream', [])]);
    await settled(edict, store, 'c.new');
  });

  it('checks only the handlers this process runs: a tool may open the application', async () => {
    const store = await ranWith('c.tool', 4);
    await app(store, [recorder('c.tool', 2, 'stream', [])], []);
  });

  it('stops a partition before its first checkpoint when the store could not tell at start', async () => {
    const inner = await ranWith('c.late', 4);
    let outage = true; // the start's read fails as in an outage; the loop's read finds the truth
    const store = new Proxy(inner, {
      get(target, p, receiver) {
        if (p === 'readHandlerCheckpoints' && outage) {
          outage = false;
          return () => Promise.reject(new StoreUnavailableError('read handler checkpoints', new Error('down')));
        }
        const v = Reflect.get(target, p, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const seen: Delivery[] = [];
    const edict = await app(store, [recorder('c.late', 2, 'stream', seen)]);
    await expect(edict.caughtUp('c.late')).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    const status = (await edict.status()).filter((s) => s.name === 'c.late');
    expect(status.map((s) => s.state)).toEqual(['failed', 'failed']);
    expect(status[0]!.lastError).toMatchObject({ code: 'PARTITION_COUNT_CHANGED' });
    expect((await inner.readHandlerCheckpoints('c.late')).map((c) => c.name)).toEqual([
      'c.late#0/4',
      'c.late#1/4',
      'c.late#2/4',
      'c.late#3/4',
    ]);
    expect(seen).toEqual([]);
  });
});

describe('edict.repartition refuses, changing nothing', () => {
  const refusal = (reason: string) => ({ code: 'REPARTITION_REFUSED', reason });

  it('while another process holds a partition, naming it', async () => {
    const store = await ranWith('x.held', 4);
    await app(store, [recorder('x.held', 4, 'stream', [])]);
    const before = await store.readHandlerCheckpoints('x.held');
    const tool = await app(store, [recorder('x.held', 4, 'stream', [])], []);
    const refused = tool.repartition('x.held', 2);
    await expect(refused).rejects.toBeInstanceOf(RepartitionRefusedError);
    await expect(refused).rejects.toMatchObject({ ...refusal('held'), holder: { pid: process.pid } });
    expect(await store.readHandlerCheckpoints('x.held')).toEqual(before);
  });

  it('when the handler runs in the same application', async () => {
    const store = await ranWith('x.here', 2);
    const edict = await app(store, [recorder('x.here', 2, 'stream', [])]);
    await expect(edict.repartition('x.here', 4)).rejects.toMatchObject(refusal('running'));
  });

  it('when the application declares another count than the checkpoints', async () => {
    const store = await ranWith('x.declared', 4);
    const tool = await app(store, [recorder('x.declared', 2, 'stream', [])], []);
    await expect(tool.repartition('x.declared', 2)).rejects.toMatchObject(refusal('declared'));
    expect((await store.readHandlerCheckpoints('x.declared')).map((c) => c.name)).toHaveLength(4);
  });

  it('while the old partitions hold dead letters', async () => {
    const store = new InMemoryEventStore();
    @EventHandler('x.dead', { partitions: 2, startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
    class Dead {
      @On(Credited) credited(e: Credited) {
        if (e.ledgerId === 'l1') throw new Error('no');
      }
    }
    const edict = await app(store, [new Dead()]);
    await credit(edict, 3, 1);
    await settled(edict, store, 'x.dead');
    await edict.stop();
    const tool = await app(store, [new Dead()], []);
    await expect(tool.repartition('x.dead', 3)).rejects.toMatchObject(refusal('dead-letters'));
    for (const name of ['x.dead#0/2', 'x.dead#1/2']) await store.purgeDeadLetters(name);
    await expect(tool.repartition('x.dead', 3)).resolves.toMatchObject({ from: 2, to: 3 });
  });

  it('for counts out of range, and unknown handlers', async () => {
    const store = new InMemoryEventStore();
    const tool = await app(store, [recorder('x.range', 1, 'stream', [])], []);
    await expect(tool.repartition('x.range', 0)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(tool.repartition('x.range', 257)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(tool.repartition('x.none', 2)).rejects.toBeInstanceOf(UnknownHandlerError);
  });
});

describe('edict.repartition with nothing to move', () => {
  it('moves nothing for a handler without checkpoints, or already of that count', async () => {
    const store = await ranWith('n.same', 3);
    const tool = await app(store, [recorder('n.same', 3, 'stream', []), recorder('n.none', 1, 'stream', [])], []);
    expect(await tool.repartition('n.none', 4)).toEqual({ handler: 'n.none', to: 4, position: 0, caughtUp: [] });
    expect(await tool.repartition('n.same', 3)).toEqual({
      handler: 'n.same',
      from: 3,
      to: 3,
      position: 12,
      caughtUp: [],
    });
    expect(await store.readHandlerCheckpoints('n.none')).toEqual([]);
  });
});
