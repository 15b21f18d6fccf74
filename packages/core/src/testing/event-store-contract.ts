import type * as JestGlobals from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { EventStore } from '../contracts/event-store';
import type { AppendRequest, NewEvent } from '../contracts/store-records';

/** How the contract suite obtains a fresh, empty store for each test, and disposes of it. */
export interface StoreFactory {
  create(): Promise<EventStore>;
  /** Called after each test with the store `create` returned. Default: `store.close()`. */
  dispose?(store: EventStore): Promise<void>;
}

export const newEvent = (type = 'test.Happened', data: Record<string, unknown> = { n: 1 }): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data: data as NewEvent['data'],
  metadata: { commandId: uuidv7(), correlationId: 'corr', causationId: 'cause', user: { who: 'tester' } },
});

const append = (
  store: EventStore,
  streamId: string,
  events: NewEvent[],
  expectedVersion: AppendRequest['expectedVersion'],
  commandId?: string,
) => store.append({ streamId, events, expectedVersion, ...(commandId ? { commandId } : {}) });

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/**
 * The `EventStore` contract as a Jest suite. Every store runs it: the in-memory store,
 * PostgreSQL and PGlite.
 *
 * @example
 * eventStoreContract('InMemoryEventStore', { create: async () => new InMemoryEventStore() });
 */
export function eventStoreContract(name: string, factory: StoreFactory): void {
  // Jest's globals, read when the suite is declared: importing this module outside Jest is fine.
  const { afterEach, beforeEach, describe, expect, it } = globalThis as unknown as typeof JestGlobals;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await (factory.dispose ? factory.dispose(store) : store.close());
    });

    describe('append', () => {
      it('stores events with versions from 1 and increasing global positions', async () => {
        const result = await append(store, 's-1', [newEvent(), newEvent()], 'no-stream');
        expect(result.version).toBe(2);
        expect(result.events.map((e) => e.version)).toEqual([1, 2]);
        expect(result.events[1]!.position).toBeGreaterThan(result.events[0]!.position);
        const more = await append(store, 's-2', [newEvent()], 0);
        expect(more.events[0]!.position).toBeGreaterThan(result.events[1]!.position);
      });

      it('reads back exactly what was appended', async () => {
        const data = {
          text: 'zażółć 🚀 \' " \\ ; DROP TABLE events; --',
          n: 1.5,
          neg: -7,
          flag: false,
          none: null,
          list: [1, 'two', { three: [3] }],
          nested: { deep: { deeper: { value: 'x' } } },
          when: { $date: '2024-02-29T12:34:56.789Z' },
        };
        const e = newEvent('test.Everything', data);
        await append(store, 'round-trip', [e], 'no-stream');
        const [read] = await store.readStream('round-trip', 1, 10);
        expect(read).toMatchObject({
          eventId: e.eventId,
          type: e.type,
          schemaVersion: 1,
          data,
          metadata: e.metadata,
          streamId: 'round-trip',
          version: 1,
        });
        expect(read!.createdAt).toBeInstanceOf(Date);
      });

      it('refuses a stale expected version, reports the actual one, and writes nothing', async () => {
        await append(store, 'conflict', [newEvent(), newEvent()], 'no-stream');
        const error = await rejection(append(store, 'conflict', [newEvent()], 1));
        expect(error).toMatchObject({
          code: 'CONCURRENCY',
          streamId: 'conflict',
          expectedVersion: 1,
          actualVersion: 2,
        });
        expect(await store.streamVersion('conflict')).toBe(2);
      });

      it("refuses 'no-stream' for a stream that exists, and an exact version for one that does not", async () => {
        await append(store, 'exists', [newEvent()], 'no-stream');
        expect(await rejection(append(store, 'exists', [newEvent()], 'no-stream'))).toMatchObject({
          code: 'CONCURRENCY',
          actualVersion: 1,
        });
        expect(await rejection(append(store, 'missing', [newEvent()], 3))).toMatchObject({
          code: 'CONCURRENCY',
          actualVersion: 0,
        });
      });

      it("appends at any version with 'any'", async () => {
        await append(store, 'anything', [newEvent()], 'any');
        const result = await append(store, 'anything', [newEvent()], 'any');
        expect(result.version).toBe(2);
      });

      it('lets exactly one of two writers that read the same version append', async () => {
        await append(store, 'race', [newEvent()], 'no-stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => append(store, 'race', [newEvent()], 1)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.streamVersion('race')).toBe(2);
      });

      it('is atomic: a batch with one bad event writes none of it', async () => {
        const bad = { ...newEvent(), data: 'not an object' } as unknown as NewEvent;
        const error = await rejection(append(store, 'atomic', [newEvent(), bad, newEvent()], 'no-stream'));
        expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
        expect(await store.streamVersion('atomic')).toBe(0);
        expect(await store.headPosition()).toBe(0);
      });

      it('refuses an event id that is already stored', async () => {
        const e = newEvent();
        await append(store, 'ids', [e], 'no-stream');
        await expect(append(store, 'ids-2', [{ ...e }], 'no-stream')).rejects.toBeDefined();
        expect(await store.streamVersion('ids-2')).toBe(0);
      });

      it.each([
        ['empty', ''],
        ['too long', 'x'.repeat(100_000)],
        ['control characters', 'a\u0000b'],
        ['a lone surrogate', 'a\ud800b'],
      ])('refuses a stream id that is %s, writing nothing', async (_, streamId) => {
        expect(await rejection(append(store, streamId, [newEvent()], 'any'))).toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
        expect(await store.headPosition()).toBe(0);
      });

      it('stores hostile-looking stream ids verbatim', async () => {
        const streamId = "acct-'; DROP TABLE events; --";
        await append(store, streamId, [newEvent()], 'no-stream');
        expect((await store.readStream(streamId, 1, 10))[0]!.streamId).toBe(streamId);
      });
    });

    describe('reading', () => {
      it('reads a stream from a version in batches', async () => {
        await append(
          store,
          'long',
          Array.from({ length: 25 }, (_, i) => newEvent('test.N', { i })),
          'no-stream',
        );
        const page = await store.readStream('long', 11, 10);
        expect(page.map((e) => e.version)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
        expect(page.map((e) => e.data.i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
        expect(await store.readStream('long', 26, 10)).toEqual([]);
        expect(await store.readStream('nobody', 1, 10)).toEqual([]);
      });

      it('reads the data of a stream for rehydration, as readStream has it, in batches', async () => {
        await append(
          store,
          'folded',
          Array.from({ length: 25 }, (_, i) =>
            newEvent(i % 2 ? 'test.Odd' : 'test.Even', { i, at: { $date: '2026-01-02T03:04:05.678Z' } }),
          ),
          'no-stream',
        );
        await append(store, 'other', [newEvent('test.Other', { i: -1 })], 'no-stream');
        await append(store, 'folded', [newEvent('test.Last', { i: 25 })], 25);
        const full = await store.readStream('folded', 1, 100);
        const data = await store.readStreamData('folded', 1, 100);
        expect(data).toEqual(
          full.map((e) => ({ version: e.version, type: e.type, schemaVersion: e.schemaVersion, data: e.data })),
        );
        expect(data).toHaveLength(26);
        for (const item of data) expect(typeof item.version).toBe('number');
        const page = await store.readStreamData('folded', 11, 10);
        expect(page.map((e) => e.version)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
        expect(page.map((e) => e.data.i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
        expect((await store.readStreamData('folded', 26, 10)).map((e) => e.type)).toEqual(['test.Last']);
        expect(await store.readStreamData('folded', 27, 10)).toEqual([]);
        expect(await store.readStreamData('nobody', 1, 10)).toEqual([]);
      });

      it('reads the whole log after a position, in position order, in batches', async () => {
        await append(store, 'a', [newEvent('test.A', { i: 1 })], 'no-stream');
        await append(store, 'b', [newEvent('test.B', { i: 2 }), newEvent('test.B', { i: 3 })], 'no-stream');
        await append(store, 'a', [newEvent('test.A', { i: 4 })], 1);
        const all = await store.readAll(0, 100);
        expect(all.map((e) => e.data.i)).toEqual([1, 2, 3, 4]);
        const positions = all.map((e) => e.position);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
        const rest = await store.readAll(all[1]!.position, 2);
        expect(rest.map((e) => e.data.i)).toEqual([3, 4]);
        expect(await store.headPosition()).toBe(all[3]!.position);
      });

      it('reports stream versions, 0 for a stream with no events', async () => {
        await append(store, 'v', [newEvent(), newEvent(), newEvent()], 'no-stream');
        expect(await store.streamVersion('v')).toBe(3);
        expect(await store.streamVersion('none')).toBe(0);
      });

      it('refuses malformed read arguments', async () => {
        await expect(store.readStream('s', 0, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(store.readStream('s', 1, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(store.readStreamData('s', 0, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(store.readStreamData('s', 1, 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(store.readStreamData('', 1, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(store.readAll(-1, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      });

      it('wakes listeners after an append, until they unsubscribe', async () => {
        let calls = 0;
        const woke = new Promise<void>((resolve) => {
          const off = store.onAppended(() => {
            calls++;
            off();
            resolve();
          });
        });
        await append(store, 'wake', [newEvent()], 'no-stream');
        await woke;
        await append(store, 'wake', [newEvent()], 1);
        await new Promise((r) => setTimeout(r, 50));
        expect(calls).toBe(1);
      });
    });

    describe('commands', () => {
      it('records a command id with its events and refuses it a second time', async () => {
        const commandId = uuidv7();
        const first = await append(store, 'cmd', [newEvent(), newEvent()], 'no-stream', commandId);
        const error = await rejection(append(store, 'cmd', [newEvent()], 2, commandId));
        expect(error).toMatchObject({ code: 'DUPLICATE_COMMAND', commandId });
        expect(await store.streamVersion('cmd')).toBe(2);
        const found = await store.findCommand(commandId);
        expect(found).toMatchObject({ commandId, streamId: 'cmd', version: 2 });
        expect(found!.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect(await store.findCommand(uuidv7())).toBeUndefined();
      });

      it('keeps the fingerprint given with a command id, and none when none was given', async () => {
        const withPrint = uuidv7();
        await store.append({
          streamId: 'printed',
          expectedVersion: 'no-stream',
          events: [newEvent()],
          commandId: withPrint,
          commandFingerprint: 'sha256:abc',
        });
        expect(await store.findCommand(withPrint)).toMatchObject({ streamId: 'printed', fingerprint: 'sha256:abc' });
        const without = uuidv7();
        await append(store, 'unprinted', [newEvent()], 'no-stream', without);
        expect((await store.findCommand(without))?.fingerprint).toBeUndefined();
        await expect(
          store.append({ streamId: 'x', expectedVersion: 'any', events: [], commandFingerprint: 'f' }),
        ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      });

      it('records a command that decided no events', async () => {
        const commandId = uuidv7();
        await append(store, 'quiet', [], 'no-stream', commandId);
        expect(await store.findCommand(commandId)).toMatchObject({ streamId: 'quiet', version: 0, events: [] });
      });
    });

    describe('checkpoints, snapshots, dead letters and leases', () => {
      it('saves and loads checkpoints, which only move forward unless reset', async () => {
        expect(await store.loadCheckpoint('h')).toBeUndefined();
        await store.saveCheckpoint('h', 5);
        await store.saveCheckpoint('h', 7);
        expect(await store.loadCheckpoint('h')).toBe(7);
        await store.saveCheckpoint('h', 3); // a stale consumer
        expect(await store.loadCheckpoint('h')).toBe(7);
        await store.resetCheckpoint('h', 0); // a rebuild
        expect(await store.loadCheckpoint('h')).toBe(0);
        await store.resetCheckpoint('fresh', 4);
        expect(await store.loadCheckpoint('fresh')).toBe(4);
      });

      it('keeps the newest snapshot', async () => {
        const state = { balance: 10, nested: { list: [1, 2] } };
        await store.saveSnapshot({ streamId: 'snap', version: 10, snapshotVersion: 1, state });
        await store.saveSnapshot({ streamId: 'snap', version: 5, snapshotVersion: 1, state: { balance: 5 } });
        expect(await store.loadSnapshot('snap')).toMatchObject({
          streamId: 'snap',
          version: 10,
          snapshotVersion: 1,
          state,
        });
        expect(await store.loadSnapshot('other')).toBeUndefined();
      });

      it('keeps dead letters per handler', async () => {
        const { events } = await append(store, 'dl', [newEvent()], 'no-stream');
        await store.addDeadLetter({
          handler: 'h1',
          event: events[0]!,
          error: { message: 'boom', code: 'X' },
          attempts: 3,
          failedAt: new Date(),
        });
        const letters = await store.readDeadLetters('h1');
        expect(letters).toHaveLength(1);
        expect(letters[0]).toMatchObject({ handler: 'h1', attempts: 3, error: { message: 'boom' } });
        expect(letters[0]!.event.eventId).toBe(events[0]!.eventId);
        expect(await store.readDeadLetters('h2')).toEqual([]);
      });

      it('saves and loads process manager state per process and instance', async () => {
        expect(await store.loadProcessState('transfer', 't-1')).toBeUndefined();
        const state = {
          process: 'transfer',
          instanceId: 't-1',
          correlationId: 'corr',
          state: { status: 'debiting', amount: 5 },
          position: 3,
          ended: false,
        };
        await store.saveProcessState(state);
        await store.saveProcessState({ ...state, instanceId: 't-2', position: 4 });
        await store.saveProcessState({ ...state, state: { status: 'done', amount: 5 }, position: 9, ended: true });
        expect(await store.loadProcessState('transfer', 't-1')).toEqual({
          ...state,
          state: { status: 'done', amount: 5 },
          position: 9,
          ended: true,
        });
        expect(await store.loadProcessState('transfer', 't-2')).toMatchObject({ position: 4, ended: false });
        expect(await store.loadProcessState('other', 't-1')).toBeUndefined();
      });

      it('grants a handler lease to one holder at a time', async () => {
        const first = await store.tryLockHandler('exclusive');
        expect(first).toBeDefined();
        expect(await store.tryLockHandler('exclusive')).toBeUndefined();
        await first!.release();
        const second = await store.tryLockHandler('exclusive');
        expect(second).toBeDefined();
        await second!.release();
      });
    });
  });
}
