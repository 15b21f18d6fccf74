import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  Command,
  CommandHandler,
  ConcurrencyError,
  Edict,
  InMemoryEventStore,
  isConcurrencyError,
  type CommandHandlerContext,
  type EventStore,
  type Middleware,
} from '@edict/core';
import { Credit, Debit, Ledger, Overdrawn, quietLogger, sleep } from '@edict/test-support';

const apps: Edict[] = [];
async function app(
  store: EventStore = new InMemoryEventStore(),
  extra: Partial<Parameters<typeof Edict.create>[0]> = {},
) {
  const edict = await Edict.create({ store, aggregates: [Ledger], logger: quietLogger(), ...extra });
  apps.push(edict);
  return edict;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

describe('dispatch', () => {
  it('executes, stores and returns the events with their versions and positions', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    const first = await edict.dispatch(Credit.of('a', 10));
    const second = await edict.dispatch(Debit.of('a', 4));
    expect(first).toMatchObject({ aggregateId: 'a', streamId: 'ledger-a', version: 1, duplicate: false });
    expect(second.version).toBe(2);
    expect(second.events).toHaveLength(1);
    expect(second.events[0]).toMatchObject({ type: 'test.Debited', version: 2, data: { ledgerId: 'a', amount: 4 } });
    expect(second.events[0]!.position).toBeGreaterThan(first.events[0]!.position);
    expect((await edict.load(Ledger, 'a')).balance).toBe(6);
    expect(await store.streamVersion('ledger-a')).toBe(2);
  });

  it('records event id, command id, correlation, causation and user metadata on every event', async () => {
    const edict = await app();
    const result = await edict.dispatch(Credit.of('m', 1), {
      commandId: 'cmd-1',
      correlationId: 'flow-7',
      metadata: { userId: 'u-1', at: new Date('2024-01-01T00:00:00Z') },
    });
    const [event] = result.events;
    expect(event!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event!.metadata).toEqual({
      commandId: 'cmd-1',
      correlationId: 'flow-7',
      causationId: 'cmd-1',
      user: { userId: 'u-1', at: { $date: '2024-01-01T00:00:00.000Z' } },
    });
    const plain = await edict.dispatch(Credit.of('m', 1));
    expect(plain.events[0]!.metadata.correlationId).toBe(plain.commandId);
  });

  it('accepts a command class with a plain payload, and a command type string', async () => {
    const edict = await app();
    await edict.dispatch(Credit, { ledgerId: 'p', amount: 3 });
    await edict.dispatch('test.Credit', { ledgerId: 'p', amount: 4 });
    expect((await edict.load(Ledger, 'p')).balance).toBe(7);
  });

  it('surfaces domain errors and appends nothing', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    await edict.dispatch(Credit.of('d', 5));
    await expect(edict.dispatch(Debit.of('d', 6))).rejects.toMatchObject({
      code: 'OVERDRAWN',
      ledgerId: 'd',
      balance: 5,
    });
    await expect(edict.dispatch(Debit.of('d', 6))).rejects.toBeInstanceOf(Overdrawn);
    expect(await store.streamVersion('ledger-d')).toBe(1);
    await edict.dispatch(Debit.of('d', 5));
    expect((await edict.load(Ledger, 'd')).balance).toBe(0);
  });

  it('appends nothing when the executor decides no events', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    const result = await edict.dispatch(Credit.of('z', 0));
    expect(result).toMatchObject({ version: 0, events: [] });
    expect(await store.headPosition()).toBe(0);
  });

  it('runs 200 concurrent commands to one aggregate one at a time, in arrival order', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => edict.dispatch(Credit.of('hot', i + 1))));
    expect(results.map((r) => r.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const ledger = await edict.load(Ledger, 'hot');
    expect(ledger.balance).toBe((200 * 201) / 2);
    expect(ledger.entries).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await store.readStream('ledger-hot', 1, 1000);
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('runs different aggregates concurrently, each ending exact', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 10; round++) {
      for (let a = 0; a < 100; a++) work.push(edict.dispatch(Credit.of(`l${a}`, a + 1)));
    }
    await Promise.all(work);
    for (let a = 0; a < 100; a++) {
      expect((await edict.load(Ledger, `l${a}`)).balance).toBe(10 * (a + 1));
      expect(await store.streamVersion(`ledger-l${a}`)).toBe(10);
    }
    expect(await store.headPosition()).toBe(1000);
  });

  it('does not block other aggregates while one aggregate is slow', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Middleware = { before: (ctx) => ((ctx.command as Credit).ledgerId === 'slow' ? gate : undefined) };
    const edict = await app(new InMemoryEventStore(), { middleware: [slow] });
    const blocked = edict.dispatch(Credit.of('slow', 1));
    await edict.dispatch(Credit.of('fast', 1));
    release();
    await blocked;
  });

  it('retries a version conflict between two applications sharing one store, losing no update', async () => {
    const store = new InMemoryEventStore();
    const one = await app(store);
    const two = await app(store);
    await one.dispatch(Credit.of('shared', 1));
    await two.dispatch(Credit.of('shared', 1)); // both now cache version 2 or less
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      work.push(one.dispatch(Credit.of('shared', 1)));
      work.push(two.dispatch(Credit.of('shared', 1)));
    }
    await Promise.all(work);
    expect((await one.load(Ledger, 'shared')).balance).toBe(102);
    const versions = (await store.readStream('ledger-shared', 1, 1000)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: 102 }, (_, i) => i + 1));
  });

  it('enforces rules against the latest state after a conflict, never the stale cache', async () => {
    const store = new InMemoryEventStore();
    const one = await app(store);
    const two = await app(store);
    await one.dispatch(Credit.of('rule', 10));
    await two.dispatch(Debit.of('rule', 1)); // `two` caches balance 9
    await one.dispatch(Debit.of('rule', 9)); // `one` had balance 10 cached; real balance now 0
    await expect(two.dispatch(Debit.of('rule', 5))).rejects.toBeInstanceOf(Overdrawn);
    expect((await one.load(Ledger, 'rule')).balance).toBe(0);
  });

  it('gives up after the configured attempts with a concurrency error naming the stream and both versions', async () => {
    const store = new InMemoryEventStore();
    const racing = Object.create(store) as InMemoryEventStore;
    // Another writer gets in before every append of ours.
    racing.append = async (request) => {
      await store.append({
        streamId: request.streamId,
        events: [{ ...request.events[0]!, eventId: crypto.randomUUID() }],
        expectedVersion: 'any',
      });
      return store.append(request);
    };
    const edict = await app(racing, { retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 } });
    const error = (await edict.dispatch(Credit.of('lost', 1)).catch((e: unknown) => e)) as ConcurrencyError;
    expect(isConcurrencyError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CONCURRENCY',
      streamId: 'ledger-lost',
      attempts: 3,
      expectedVersion: 2,
      actualVersion: 3,
    });
  });

  it('reloads an aggregate evicted from a full cache', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, { cacheSize: 2 });
    for (const id of ['c1', 'c2', 'c3', 'c1', 'c2', 'c3']) await edict.dispatch(Credit.of(id, 1));
    for (const id of ['c1', 'c2', 'c3']) expect((await edict.load(Ledger, id)).balance).toBe(2);
    expect(await store.headPosition()).toBe(6);
  });

  it('runs middleware before and after, and on error', async () => {
    const seen: string[] = [];
    const middleware: Middleware = {
      before: (ctx) => void seen.push(`before ${ctx.commandType}`),
      after: (_ctx, result) => void seen.push(`after v${result.version}`),
      onError: (_ctx, error) => void seen.push(`error ${(error as Overdrawn).code}`),
    };
    const edict = await app(new InMemoryEventStore(), { middleware: [middleware] });
    await edict.dispatch(Credit.of('mw', 1));
    await edict.dispatch(Debit.of('mw', 2)).catch(() => undefined);
    expect(seen).toEqual(['before test.Credit', 'after v1', 'before test.Debit', 'error OVERDRAWN']);
  });

  it('stores the metadata that before-middleware adds', async () => {
    const stamp: Middleware = {
      before: (ctx) => {
        ctx.metadata.tenant = 'acme';
      },
    };
    const edict = await app(new InMemoryEventStore(), { middleware: [stamp] });
    const result = await edict.dispatch(Credit.of('md', 1), { metadata: { userId: 'u-1' } });
    expect(result.events[0]!.metadata.user).toEqual({ userId: 'u-1', tenant: 'acme' });
  });

  it('reports success when an after-middleware fails: the events are stored', async () => {
    const logger = quietLogger();
    const failing: Middleware = {
      after: () => {
        throw new Error('audit sink down');
      },
    };
    const store = new InMemoryEventStore();
    const edict = await app(store, { middleware: [failing], logger });
    await expect(edict.dispatch(Credit.of('after', 1))).resolves.toMatchObject({ version: 1 });
    expect(await store.streamVersion('ledger-after')).toBe(1);
    expect(logger.lines.some((l) => l.includes("'after' middleware failed"))).toBe(true);
  });

  it('lets middleware reject a command before anything is stored', async () => {
    const store = new InMemoryEventStore();
    const deny: Middleware = {
      before: () => {
        throw new Error('forbidden');
      },
    };
    const edict = await app(store, { middleware: [deny] });
    await expect(edict.dispatch(Credit.of('deny', 1))).rejects.toThrow('forbidden');
    expect(await store.headPosition()).toBe(0);
  });

  it('routes commands no aggregate owns to their command handler, which can dispatch in the same flow', async () => {
    @Command('test.CreditBoth')
    class CreditBoth {
      @IsString() first!: string;
      @IsString() second!: string;
    }
    @CommandHandler(CreditBoth)
    class CreditBothHandler {
      async handle(cmd: CreditBoth, ctx: CommandHandlerContext) {
        const a = await ctx.dispatch(Credit.of(cmd.first, 1));
        const b = await ctx.dispatch(Credit.of(cmd.second, 1));
        return [a.streamId, b.streamId];
      }
    }
    const edict = await app(new InMemoryEventStore(), { commandHandlers: [CreditBothHandler] });
    const result = await edict.dispatch(CreditBoth, { first: 'x', second: 'y' }, { correlationId: 'flow' });
    expect(result.value).toEqual(['ledger-x', 'ledger-y']);
    const x = (await edict.dispatch(Credit.of('x', 0))).version;
    expect(x).toBe(1);
    // Re-running the parent with the same command id does not credit twice.
    await edict.dispatch(CreditBoth, { first: 'x', second: 'y' }, { commandId: 'parent-1' });
    await edict.dispatch(CreditBoth, { first: 'x', second: 'y' }, { commandId: 'parent-1' });
    expect((await edict.load(Ledger, 'x')).balance).toBe(2);
  });

  it('refuses commands after stop, and finishes those under way', async () => {
    const store = new InMemoryEventStore();
    const edict = await Edict.create({ store, aggregates: [Ledger], logger: quietLogger() });
    const underWay = edict.dispatch(Credit.of('stop', 1));
    const stopping = edict.stop();
    await expect(edict.dispatch(Credit.of('stop', 1))).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(underWay).resolves.toMatchObject({ version: 1 });
    await stopping;
  });

  it('keeps commands to one aggregate in order even when some fail', async () => {
    const edict = await app();
    const outcomes = await Promise.allSettled([
      edict.dispatch(Credit.of('o', 5)),
      edict.dispatch(Debit.of('o', 3)),
      edict.dispatch(Debit.of('o', 3)),
      edict.dispatch(Credit.of('o', 1)),
      edict.dispatch(Debit.of('o', 3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await edict.load(Ledger, 'o')).balance).toBe(0);
    await sleep(0);
  });
});
