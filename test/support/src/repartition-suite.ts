import type * as JestGlobals from '@jest/globals';
import {
  Edict,
  ErrorPolicy,
  EventHandler,
  On,
  partitionOf,
  type EventContext,
  type EventHandlerOptions,
  type EventStore,
} from '@edict/core';
import { Credit, Credited, Ledger } from './ledger';
import { quietLogger, sleep } from './quiet-logger';

/** One delivery of an event to the handler, in any of its partitions, in any application. */
export interface Delivery {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
}

/** How a handler keys its partitions in a scenario: by stream id, or by a key function. */
export type Keying = 'stream' | 'ledger';

const byLedger = (event: object) => (event as Credited).ledgerId;
const fast = { pollIntervalMs: 20, standbyRetryMs: 20, batchSize: 5 };

/**
 * The recording handler declared with `partitions` (1: unpartitioned). It fails (error policy
 * `stop`) on the events of the ledgers in `broken`, so that their partitions lag behind.
 */
export function recorder(
  name: string,
  partitions: number,
  keying: Keying,
  seen: Delivery[],
  broken: ReadonlySet<string> = new Set(),
): object {
  const options: EventHandlerOptions = {
    startFrom: 'origin',
    errorPolicy: ErrorPolicy.stop(),
    ...(partitions > 1 ? { partitions, ...(keying === 'ledger' ? { partitionKey: byLedger } : {}) } : {}),
  };
  @EventHandler(name, options)
  class Recorder {
    @On(Credited) credited(e: Credited, ctx: EventContext): void {
      if (broken.has(e.ledgerId)) throw new Error(`ledger ${e.ledgerId} is broken`);
      seen.push({ position: ctx.position, streamId: ctx.streamId, version: ctx.version });
    }
  }
  return new Recorder();
}

/** The partition of a ledger's events, as the handler keys them. */
export const partitionOfLedger = (ledgerId: string, count: number, keying: Keying): number =>
  partitionOf(keying === 'ledger' ? ledgerId : `ledger-${ledgerId}`, count);

/** An application on `store` running `handlers` (none: a writer, or a tool like the command line). */
export function repartitionApp(store: EventStore, handlers: object[], runHandlers?: string[]): Promise<Edict> {
  return Edict.create({
    store,
    closeStore: false,
    aggregates: [Ledger],
    handlers,
    logger: quietLogger(),
    subscriptions: fast,
    ...(runHandlers ? { runHandlers } : {}),
  });
}

/** Appends `rounds` credits to each of `ledgers` ledgers (`l0`, `l1`, …). */
export async function credit(edict: Edict, ledgers: number, rounds: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < ledgers; i++) await edict.dispatch(Credit.of(`l${i}`, r + 1));
  }
}

/** Waits until every loop of `handler` is live at the head or failed (a lagging partition). */
export async function settled(edict: Edict, store: EventStore, handler: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const head = await store.headPosition();
    const loops = (await edict.status()).filter((s) => s.name === handler);
    if (loops.every((s) => s.state === 'failed' || (s.state === 'live' && s.position >= head))) return;
    if (Date.now() > end) throw new Error(`'${handler}' did not settle: ${JSON.stringify(loops)}`);
    await sleep(10);
  }
}

/** Every position from 1 to `head` delivered exactly once, and each stream's versions in order. */
export function exactlyOnceInOrder(seen: readonly Delivery[], head: number): { once: boolean; inOrder: boolean } {
  const positions = seen.map((d) => d.position).sort((a, b) => a - b);
  const once = positions.length === head && positions.every((p, i) => p === i + 1);
  const last = new Map<string, number>();
  let inOrder = true;
  for (const d of seen) {
    if (d.version !== (last.get(d.streamId) ?? 0) + 1) inOrder = false;
    last.set(d.streamId, d.version);
  }
  return { once, inOrder };
}

/**
 * A repartition through `Edict`, on the store `create` gives (a fresh one per test): the
 * in-memory store, PostgreSQL and PGlite run it alike. Each scenario runs the old count with
 * some partitions lagging (stopped by their error policy), appends more events once the old
 * application is gone, repartitions, runs the new count, and checks every event was delivered
 * once, each stream in order.
 */
export function repartitionSuite(name: string, create: () => Promise<EventStore>): void {
  const { describe, it, expect } = globalThis as unknown as typeof JestGlobals;
  const scenarios: [number, number, Keying][] = [
    [4, 2, 'stream'],
    [1, 3, 'stream'],
    [3, 1, 'ledger'],
  ];

  describe(`repartitioning a handler: ${name}`, () => {
    it.each(scenarios)(
      'goes from %i to %i partitions (keyed by %s) with lagging partitions: no event skipped, none twice, streams in order',
      async (from, to, keying) => {
        const store = await create();
        const handler = `r.${from}to${to}`;
        const seen: Delivery[] = [];
        const writer = await repartitionApp(store, []);
        await credit(writer, 8, 3);
        // Two ledgers in different old partitions break: those partitions lag behind the others
        // (an unpartitioned handler has no other partition to lag behind: it runs to the head).
        const ledgers = [...Array(8).keys()].map((i) => `l${i}`);
        const lagging = new Set<string>();
        for (const l of ledgers) {
          const taken = [...lagging].map((b) => partitionOfLedger(b, from, keying));
          if (from > 1 && lagging.size < 2 && !taken.includes(partitionOfLedger(l, from, keying))) lagging.add(l);
        }
        const old = await repartitionApp(store, [recorder(handler, from, keying, seen, lagging)]);
        await credit(writer, 8, 1); // live events too, as the old application processes them
        await settled(old, store, handler);
        await old.stop();
        await credit(writer, 8, 2); // after the barrier: for the new partitions only
        const tool = await repartitionApp(store, [recorder(handler, from, keying, seen)], []);
        const result = await tool.repartition(handler, to);
        await tool.stop();
        const stored = await store.readHandlerCheckpoints(handler);
        expect(result).toMatchObject({ handler, from, to });
        expect(stored.map((c) => c.position)).toEqual(Array(to).fill(result.position));
        expect(stored.map((c) => c.name)).toEqual(
          to === 1 ? [handler] : [...Array(to).keys()].map((i) => `${handler}#${i}/${to}`),
        );
        if (from > 1) expect(result.caughtUp.length).toBeGreaterThan(0);
        const fresh = await repartitionApp(store, [recorder(handler, to, keying, seen)]);
        await settled(fresh, store, handler);
        const head = await store.headPosition();
        expect(head).toBe(8 * 6);
        expect(exactlyOnceInOrder(seen, head)).toEqual({ once: true, inOrder: true });
        await Promise.all([fresh.stop(), writer.stop()]);
      },
      60_000,
    );
  });
}
