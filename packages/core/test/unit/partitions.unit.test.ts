import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import {
  ConsistencyTimeoutError,
  Edict,
  ErrorPolicy,
  EventHandler,
  InMemoryEventStore,
  InvalidOptionsError,
  On,
  PartitionedHandlerError,
  ProcessManager,
  partitionOf,
  type EventContext,
  type EventHandlerOptions,
  type EventStore,
} from '@edict/core';
import { Credit, Credited, Debited, Ledger, quietLogger, sleep } from '@edict/test-support';

const fast = { pollIntervalMs: 20, standbyRetryMs: 20, batchSize: 7 };
const apps: Edict[] = [];
async function app(store: EventStore, handlers: object[], extra: Partial<Parameters<typeof Edict.create>[0]> = {}) {
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    handlers,
    logger: quietLogger(),
    subscriptions: fast,
    ...extra,
  });
  apps.push(edict);
  return edict;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

interface Seen {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly handlerName: string;
}

/** A partitioned handler that records what each event's context says. */
function partitioned(name: string, options: EventHandlerOptions, onEvent?: (e: Credited) => Promise<void> | void) {
  @EventHandler(name, options)
  class Partitioned {
    seen: Seen[] = [];
    @On(Credited) async credited(e: Credited, ctx: EventContext) {
      await onEvent?.(e);
      this.seen.push({
        position: ctx.position,
        streamId: ctx.streamId,
        version: ctx.version,
        handlerName: ctx.handlerName,
      });
    }
  }
  return new Partitioned();
}

/** Waits until the handler got past the head of the log. */
async function settle(edict: Edict, store: EventStore, handler: string): Promise<void> {
  await edict.waitFor(await store.headPosition(), { handlers: handler, timeoutMs: 5000 });
}

async function credit(edict: Edict, ledgers: number, rounds: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    await Promise.all(Array.from({ length: ledgers }, (_, i) => edict.dispatch(Credit.of(`l${i}`, r + 1))));
  }
}

/** Each stream's versions in the order seen: must be 1, 2, 3, … */
function inStreamOrder(seen: readonly Seen[]): boolean {
  const last = new Map<string, number>();
  for (const s of seen) {
    if (s.version !== (last.get(s.streamId) ?? 0) + 1) return false;
    last.set(s.streamId, s.version);
  }
  return true;
}

describe('partitioned handlers', () => {
  it('keeps partitionOf fixed: the partitions of stored checkpoints never move between versions', () => {
    // The first four bytes of MD5 of the UTF-8 key. Changing these values breaks every
    // partitioned handler's stored checkpoints: never update them to make a change pass.
    expect(partitionOf('ledger-a', 2 ** 32)).toBe(4233249028);
    expect(partitionOf('account-42', 2 ** 32)).toBe(1563738763);
    expect(partitionOf('café', 2 ** 32)).toBe(118587364);
    expect(partitionOf('😀', 2 ** 32)).toBe(704834243);
    expect(partitionOf('口座-9', 2 ** 32)).toBe(3576371417);
    expect(partitionOf('account-42', 8)).toBe(3);
    expect(partitionOf('account-42', 256)).toBe(139);
  });

  it('delivers every event exactly once across the partitions, each stream in version order', async () => {
    const store = new InMemoryEventStore();
    const handler = partitioned('p.all', { partitions: 4 });
    const edict = await app(store, [handler]);
    await credit(edict, 20, 6);
    await settle(edict, store, 'p.all');
    const positions = handler.seen.map((s) => s.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(inStreamOrder(handler.seen)).toBe(true);
    for (const s of handler.seen) {
      expect(s.handlerName).toBe('p.all');
    }
    const status = (await edict.status()).filter((s) => s.name === 'p.all');
    expect(status.map((s) => [s.partition, s.partitions])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    for (const s of status) expect(s).toMatchObject({ state: 'live', position: 120, headPosition: 120, lag: 0 });
  });

  it('keeps one checkpoint per partition, moved to the head even when the partition had no new event', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, [partitioned('p.cp', { partitions: 3 })]);
    await credit(edict, 1, 5); // one stream: one partition has events, the other two none
    await settle(edict, store, 'p.cp');
    await edict.stop();
    for (let i = 0; i < 3; i++) expect(await store.loadCheckpoint(`p.cp#${i}/3`)).toBe(5);
    expect(await store.loadCheckpoint('p.cp')).toBeUndefined();
  });

  it('resumes each partition from its own checkpoint', async () => {
    const store = new InMemoryEventStore();
    const first = await app(store, [partitioned('p.resume', { partitions: 3 })]);
    await credit(first, 9, 2);
    await settle(first, store, 'p.resume');
    await first.stop();
    const writer = await app(store, []);
    await credit(writer, 9, 1);
    const again = partitioned('p.resume', { partitions: 3 });
    const second = await app(store, [again]);
    await settle(second, store, 'p.resume');
    expect(again.seen.map((s) => s.position).sort((a, b) => a - b)).toEqual([19, 20, 21, 22, 23, 24, 25, 26, 27]);
  });

  it("waits, for strong consistency, only for the partition that holds the command's events", async () => {
    const store = new InMemoryEventStore();
    const stuck = 'l0';
    const other = Array.from({ length: 20 }, (_, i) => `l${i}`).find(
      (id) => partitionOf(`ledger-${id}`, 4) !== partitionOf(`ledger-${stuck}`, 4),
    )!;
    let release = () => undefined as void;
    const never = new Promise<void>((resolve) => (release = resolve));
    const handler = partitioned('p.strong', { partitions: 4 }, (e) => (e.ledgerId === stuck ? never : undefined));
    const edict = await app(store, [handler]);
    await edict.dispatch(Credit.of(stuck, 1)); // its partition never gets past this one
    const done = await edict.dispatch(Credit.of(other, 1), { consistency: 'strong', consistencyTimeoutMs: 2000 });
    expect(handler.seen.map((s) => s.position)).toContain(done.events[0]!.position);
    const named = await edict.dispatch(Credit.of(other, 2), { consistency: ['p.strong'], consistencyTimeoutMs: 2000 });
    expect(handler.seen.map((s) => s.position)).toContain(named.events[0]!.position);
    const lagging = edict.dispatch(Credit.of(stuck, 2), { consistency: 'strong', consistencyTimeoutMs: 100 });
    await expect(lagging).rejects.toBeInstanceOf(ConsistencyTimeoutError);
    await expect(lagging).rejects.toMatchObject({
      handlerName: `p.strong#${partitionOf(`ledger-${stuck}`, 4)}/4`,
    });
    release(); // lets the stuck partition, and so the application, stop
  });

  it('partitions by a key function: the events of one key in one partition, in order', async () => {
    const store = new InMemoryEventStore();
    const byAmount = (e: object) => String((e as Credited).amount % 3);
    const handler = partitioned('p.key', { partitions: 2, partitionKey: byAmount });
    const edict = await app(store, [handler]);
    await credit(edict, 5, 6);
    await settle(edict, store, 'p.key');
    expect(handler.seen).toHaveLength(30);
    expect(new Set(handler.seen.map((s) => s.position)).size).toBe(30);
    const status = (await edict.status()).filter((s) => s.name === 'p.key');
    for (const s of status) expect(s).toMatchObject({ position: 30, lag: 0 });
  });

  /** The partitions of `handler` each application runs (not on standby), by application. */
  async function held(edicts: readonly Edict[], handler: string): Promise<number[][]> {
    return Promise.all(
      edicts.map(async (e) =>
        (await e.status()).filter((s) => s.name === handler && s.state !== 'standby').map((s) => s.partition!),
      ),
    );
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
      await sleep(10);
    }
  }

  it('shares the partitions evenly: a joiner takes its share, each partition runs in one application, none is lost', async () => {
    const store = new InMemoryEventStore();
    const handlers = [0, 1, 2].map(() => partitioned('p.shared', { partitions: 8 }));
    const settings = { subscriptions: { ...fast, leasePeriodMs: 300 } };
    const first = await app(store, [handlers[0]!], settings);
    await credit(first, 16, 2);
    await settle(first, store, 'p.shared');
    expect((await held([first], 'p.shared'))[0]).toHaveLength(8); // alone: all of them
    const second = await app(store, [handlers[1]!], settings);
    const third = await app(store, [handlers[2]!], settings);
    const all = [first, second, third];
    // ceil(8 / 3) = 3 at most each, and every partition held by exactly one.
    await until('an even share', async () => {
      const now = await held(all, 'p.shared');
      return now.every((p) => p.length <= 3) && now.flat().length === 8;
    });
    const tokens = async () => (await store.readLeases()).filter((l) => l.handler === 'p.shared').map((l) => l.token);
    const settled = await tokens();
    for (let sample = 0; sample < 10; sample++) {
      // and it stays so: no process takes more back
      const now = await held(all, 'p.shared');
      expect(now.map((p) => p.length <= 3)).toEqual([true, true, true]);
      expect(new Set(now.flat()).size).toBe(8);
      await sleep(30);
    }
    expect(await tokens()).toEqual(settled); // no lease changed hands meanwhile
    // Any application's status shows who holds each partition.
    const seenFromFirst = (await first.status()).filter((s) => s.name === 'p.shared');
    expect(seenFromFirst.every((s) => s.owner?.pid === process.pid)).toBe(true);
    expect(new Set(seenFromFirst.map((s) => s.owner!.id)).size).toBe(3);
    await credit(first, 16, 2);
    await settle(first, store, 'p.shared');
    const seen = handlers.flatMap((h) => h.seen);
    expect(seen.map((s) => s.position).sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(inStreamOrder(seen.sort((x, y) => x.position - y.position))).toBe(true);
    expect(handlers.every((h) => h.seen.some((s) => s.position > 32))).toBe(true); // each one took part
  });

  it('moves each partition once when a process joins: none takes more than its share, not even one it just gave up', async () => {
    const store = new InMemoryEventStore();
    const leases = async () => (await store.readLeases()).filter((l) => l.handler === 'p.cap');
    /** Every partition held, by `processes` owners, none holding more than `share`. */
    const shared = async (processes: number, share: number) => {
      const rows = await leases();
      const counts = new Map<string, number>();
      for (const l of rows) if (l.owner && !l.expired) counts.set(l.owner.id, (counts.get(l.owner.id) ?? 0) + 1);
      return [...counts.values()].reduce((a, b) => a + b, 0) === 8 && counts.size === processes
        ? [...counts.values()].every((n) => n <= share)
        : false;
    };
    // A lease period that no lease outlives unrenewed here, so every move is one the share made;
    // a joiner gets its share once settled (half a lease period of membership).
    const settings = { subscriptions: { ...fast, leasePeriodMs: 2000 } };
    const first = await app(store, [partitioned('p.cap', { partitions: 8 })], settings);
    await credit(first, 16, 1);
    await until('all eight in the first', () => shared(1, 8));
    for (const [processes, share, moves] of [
      [2, 4, 4],
      [3, 3, 2],
    ] as const) {
      const before = new Map((await leases()).map((l) => [l.partition, l]));
      await app(store, [partitioned('p.cap', { partitions: 8 })], settings);
      await until(`at most ${share} each`, () => shared(processes, share), 10_000);
      const after = await leases();
      const moved = after.filter((l) => l.owner!.id !== before.get(l.partition)!.owner!.id);
      // The surplus went to the joiner, each partition once: a process that gives a partition
      // up and takes it straight back (the lease was free for an instant) moves its token twice.
      expect(moved).toHaveLength(moves);
      expect(new Set(moved.map((l) => l.owner!.id)).size).toBe(1);
      expect([...before.values()].some((l) => l.owner!.id === moved[0]!.owner!.id)).toBe(false);
      expect(moved.map((l) => l.token - before.get(l.partition)!.token)).toEqual(moved.map(() => 1));
    }
  });

  it('takes every partition while a peer that has just joined holds none: it counts once it holds one, or has settled', async () => {
    const store = new InMemoryEventStore();
    // A process whose membership row is written but which has not tried for a lease yet (on busy
    // cores a replacement can take seconds): with the default lease period, not settled for 5 s.
    await store.renewLeases({ id: randomUUID(), host: 'elsewhere', pid: 1, handlers: ['p.young'] }, [], 60_000);
    await app(store, [partitioned('p.young', { partitions: 4 })]);
    const holders = async () =>
      (await store.readLeases())
        .filter((l) => l.handler === 'p.young' && !l.expired && l.owner)
        .map((l) => l.owner!.host)
        .filter((host) => host !== 'elsewhere');
    await until('all four held here', async () => (await holders()).length === 4, 3_000);
  });

  it("takes a stopped application's partitions over, each from its checkpoint", async () => {
    const store = new InMemoryEventStore();
    const a = partitioned('p.over', { partitions: 4 });
    const b = partitioned('p.over', { partitions: 4 });
    const settings = { subscriptions: { ...fast, leasePeriodMs: 300 } };
    const first = await app(store, [a], settings);
    const second = await app(store, [b], settings);
    await until('two each', async () => (await held([first, second], 'p.over')).every((p) => p.length === 2));
    await credit(first, 12, 2);
    await settle(first, store, 'p.over');
    await first.stop();
    await until('all four taken over', async () => (await held([second], 'p.over'))[0]!.length === 4);
    await credit(second, 12, 1);
    await settle(second, store, 'p.over');
    const positions = [...a.seen, ...b.seen].map((s) => s.position).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 36 }, (_, i) => i + 1)); // none twice, none skipped
  });

  it("keeps each partition's dead letters, and lists them together under the handler's name", async () => {
    const store = new InMemoryEventStore();
    const failing = partitioned('p.dead', { partitions: 3, errorPolicy: ErrorPolicy.skip() }, (e) => {
      if (e.amount === 2) throw new Error('no twos');
    });
    const edict = await app(store, [failing]);
    await credit(edict, 6, 2);
    await settle(edict, store, 'p.dead');
    const dead = await edict.deadLetters('p.dead');
    expect(dead.map((d) => d.event.position).sort((x, y) => x - y)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(new Set(dead.map((d) => d.handler)).size).toBeGreaterThan(1);
    expect(await edict.purgeDeadLetters('p.dead')).toBe(6);
    expect(await edict.deadLetters('p.dead')).toEqual([]);
  });

  it('refuses a rebuild of a partitioned handler with a typed error', async () => {
    const edict = await app(new InMemoryEventStore(), [partitioned('p.rebuild', { partitions: 2 })]);
    await expect(edict.rebuild('p.rebuild')).rejects.toBeInstanceOf(PartitionedHandlerError);
    await expect(edict.rebuild('p.rebuild')).rejects.toMatchObject({ handlerName: 'p.rebuild', partitions: 2 });
  });

  it.each([
    ['partitions', { partitions: 0 }],
    ['partitions', { partitions: 257 }],
    ['partitions', { partitions: 2.5 }],
    ['partitions', { partitions: '4' }],
    ['partitionKey', { partitions: 2, partitionKey: 'ledgerId' }],
    ['partitionKey', { partitionKey: () => 'k' }],
  ])('refuses a bad %s at start-up with a typed error: %j', async (option, options) => {
    const store = new InMemoryEventStore();
    const start = app(store, [partitioned('p.bad', options as EventHandlerOptions)]);
    await expect(start).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(start).rejects.toMatchObject({ where: "@EventHandler('p.bad')", option });
    expect(await store.headPosition()).toBe(0);
  });

  it('refuses partitions on a process manager, naming why', async () => {
    @ProcessManager('p.pm', { partitions: 2 })
    class Pm {
      @On(Debited, { correlateBy: 'ledgerId', start: true }) debited() {
        return [];
      }
    }
    const start = app(new InMemoryEventStore(), [], { processManagers: [Pm] });
    await expect(start).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(start).rejects.toMatchObject({ where: "@ProcessManager('p.pm')", option: 'partitions' });
  });
});
