import type { Pool } from 'pg';
import { newEvent } from '@edict/core/testing';
import { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { Credit, Ledger, quietLogger } from '../../../core/test/support/ledger';
import { describePostgres, freshStore, testPool } from '../support/postgres';

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
