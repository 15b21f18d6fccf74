import type { Pool } from 'pg';
import { newEvent } from '@edict/core/testing';
import { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { Credit, Ledger, quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

/**
 * Group commit: concurrent appends share transactions, yet each command keeps its own
 * atomicity and concurrency check; one command's conflict never fails another.
 */
describePostgres('group commit', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    pool = testPool(8);
    ({ store, dispose } = await freshStore(pool, 'group'));
  });
  afterEach(async () => {
    await dispose();
    await pool.end();
  });

  it('gives each command of a shared transaction its own outcome: clean, conflicting and duplicate alike', async () => {
    for (let s = 0; s < 10; s++)
      await store.append({ streamId: `g-${s}`, events: [newEvent()], expectedVersion: 'no-stream' });
    await store.append({
      streamId: 'dup-target',
      events: [newEvent()],
      expectedVersion: 'no-stream',
      commandId: 'already-done',
    });
    const requests = Array.from({ length: 60 }, (_, i) => {
      const streamId = `g-${i % 10}`;
      if (i % 6 === 1) return { kind: 'conflict', request: { streamId, events: [newEvent()], expectedVersion: 99 } };
      if (i % 6 === 2)
        return {
          kind: 'duplicate',
          request: {
            streamId: 'dup-target',
            events: [newEvent()],
            expectedVersion: 'any' as const,
            commandId: 'already-done',
          },
        };
      return {
        kind: 'clean',
        request: { streamId: `fresh-${i}`, events: [newEvent(), newEvent()], expectedVersion: 'no-stream' as const },
      };
    });
    const outcomes = await Promise.allSettled(requests.map((r) => store.append(r.request)));

    outcomes.forEach((outcome, i) => {
      const { kind, request } = requests[i]!;
      if (kind === 'clean') {
        expect(outcome.status).toBe('fulfilled');
        expect((outcome as PromiseFulfilledResult<{ version: number }>).value.version).toBe(2);
      } else if (kind === 'conflict') {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({
          code: 'CONCURRENCY',
          streamId: request.streamId,
          expectedVersion: 99,
          actualVersion: 1,
        });
      } else {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({
          code: 'DUPLICATE_COMMAND',
          commandId: 'already-done',
        });
      }
    });
    // What is stored is exactly the clean commands' events, each stream contiguous.
    for (let s = 0; s < 10; s++) expect(await store.streamVersion(`g-${s}`)).toBe(1);
    expect(await store.streamVersion('dup-target')).toBe(1);
    const all = await store.readAll(0, 1000);
    const clean = requests.filter((r) => r.kind === 'clean').length;
    expect(all).toHaveLength(11 + clean * 2);
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    // …and they did share transactions: events of one batch carry one commit timestamp.
    const batches = new Set(all.slice(11).map((e) => e.createdAt.getTime()));
    expect(batches.size).toBeLessThan(clean);
  });

  it('applies requests of one shared transaction in order: same stream, same command id, no events', async () => {
    await store.append({ streamId: 'opener', events: [newEvent()], expectedVersion: 'any' }); // goes alone
    const odd = ['quote"d', 'back\\slash', 'comma,{brace}', 'NULL', 'ünï ❤'];
    const first = newEvent('test.First', { text: 'a "quoted" \\ value' });
    const outcomes = await Promise.allSettled([
      store.append({ streamId: 'same', events: [first], expectedVersion: 'no-stream' }),
      store.append({ streamId: 'same', events: [newEvent(), newEvent()], expectedVersion: 1 }),
      store.append({ streamId: 'same', events: [newEvent()], expectedVersion: 1 }), // stale: conflicts
      store.append({ streamId: 'same', events: [newEvent()], expectedVersion: 'any', commandId: 'twice' }),
      // Requests run in stream id order (the lock order): 'same' before 'z-other'.
      store.append({ streamId: 'z-other', events: [newEvent()], expectedVersion: 'any', commandId: 'twice' }),
      store.append({ streamId: 'nothing', events: [], expectedVersion: 'any', commandId: 'empty' }),
      ...odd.map((streamId) => store.append({ streamId, events: [newEvent()], expectedVersion: 'no-stream' })),
    ]);
    const [a, b, c, d, e, f, ...rest] = outcomes;
    expect(a).toMatchObject({ status: 'fulfilled', value: { version: 1 } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { version: 3 } });
    expect(c).toMatchObject({ status: 'rejected', reason: { code: 'CONCURRENCY', actualVersion: 3 } });
    expect(d).toMatchObject({ status: 'fulfilled', value: { version: 4 } });
    expect(e).toMatchObject({ status: 'rejected', reason: { code: 'DUPLICATE_COMMAND', commandId: 'twice' } });
    expect(f).toMatchObject({ status: 'fulfilled', value: { version: 0, events: [] } });
    for (const outcome of rest) expect(outcome).toMatchObject({ status: 'fulfilled', value: { version: 1 } });

    expect(await store.streamVersion('z-other')).toBe(0);
    expect((await store.findCommand('empty'))?.streamId).toBe('nothing');
    expect((await store.findCommand('twice'))?.streamId).toBe('same');
    const same = await store.readStream('same', 1, 10);
    expect(same.map((x) => x.version)).toEqual([1, 2, 3, 4]);
    expect(same[0]).toMatchObject({
      eventId: first.eventId,
      type: 'test.First',
      data: first.data,
      metadata: first.metadata,
    });
    for (const streamId of odd) expect(await store.streamVersion(streamId)).toBe(1);
    // Every event's recorded position and version is what the log holds.
    const all = await store.readAll(0, 100);
    const recorded = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.events : []));
    for (const event of recorded) {
      expect(all.find((x) => x.eventId === event.eventId)).toMatchObject({
        position: event.position,
        version: event.version,
        streamId: event.streamId,
      });
    }
    expect(all.map((x) => x.position)).toEqual(all.map((_, i) => i + 1));
    // …and all but the first (sent at once, alone) shared one transaction: one commit timestamp.
    const shared = outcomes.slice(1).flatMap((o) => (o.status === 'fulfilled' ? o.value.events : []));
    expect(new Set(shared.map((x) => x.createdAt.getTime())).size).toBe(1);
  });

  it('fails only the request the database refuses, when a whole shared transaction is refused', async () => {
    await store.append({ streamId: 'opener', events: [newEvent()], expectedVersion: 'any' });
    const bad = { ...newEvent(), eventId: 'not-a-uuid' };
    const outcomes = await Promise.allSettled([
      store.append({ streamId: 'x-1', events: [newEvent()], expectedVersion: 'no-stream' }),
      store.append({ streamId: 'x-2', events: [bad], expectedVersion: 'no-stream' }),
      store.append({ streamId: 'x-3', events: [newEvent()], expectedVersion: 'no-stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.streamVersion('x-2')).toBe(0);
  });

  it('keeps every update under concurrent dispatches to hot and cold aggregates', async () => {
    const edict = await Edict.create({ store, aggregates: [Ledger], logger: quietLogger(), closeStore: false });
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 400; i++) work.push(edict.dispatch(Credit.of(i % 4 === 0 ? 'hot' : `cold-${i}`, 1)));
    await Promise.all(work);
    expect((await edict.load(Ledger, 'hot')).balance).toBe(100);
    expect(await store.headPosition()).toBe(400);
    await edict.stop();
  });
});
